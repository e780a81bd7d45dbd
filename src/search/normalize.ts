// Arabic folding for search. The index and the query must fold text identically,
// so the rules are data: this module applies them when indexing, and the same table is written
// into the browser's search script (templates/assets/search.js), which applies it to queries.

/** The folding rules, as plain JSON-able data. */
export interface Folding {
  /** Unicode normalisation form applied first. */
  form: 'NFKC';
  /** A regular-expression character class (source, flag `gu`) of characters removed. */
  remove: string;
  /** Single characters replaced by others. */
  map: Record<string, string>;
}

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const EXTENDED_ARABIC_INDIC = '۰۱۲۳۴۵۶۷۸۹'; // Persian and Urdu digits

/**
 * Tashkeel (U+064B–U+065F, superscript alef U+0670, Quranic marks U+0610–U+061A, U+06D6–U+06ED)
 * and tatweel (U+0640) removed; أ إ آ ٱ → ا; ى → ي; ة → ه; Arabic-Indic digits → 0–9. NFKC
 * first, so presentation forms (ﻻ, ﺍ …) typed or pasted become the letters they show.
 */
export const SEARCH_FOLDING: Folding = {
  form: 'NFKC',
  remove: '[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06ED\\u0640]',
  map: {
    'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
    'ى': 'ي',
    'ة': 'ه',
    ...Object.fromEntries([...ARABIC_INDIC].map((d, i) => [d, String(i)])),
    ...Object.fromEntries([...EXTENDED_ARABIC_INDIC].map((d, i) => [d, String(i)])),
  },
};

/** Builds the folding function for a rule table; the browser script does exactly this. */
export function makeFolder(f: Folding): (text: string) => string {
  const remove = new RegExp(f.remove, 'gu');
  const keys = Object.keys(f.map).map((k) => k.replace(/[\\\]^-]/g, '\\$&')).join('');
  const mapped = new RegExp(`[${keys}]`, 'gu');
  return (text) => text.normalize(f.form).replace(remove, '').replace(mapped, (c) => f.map[c]!);
}

/** Folds text for the search index and for queries (see SEARCH_FOLDING). */
export const foldForSearch = makeFolder(SEARCH_FOLDING);
