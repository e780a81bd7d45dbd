// Tag keys: the normalised form that decides which tags are one and names
// the tag's page, /tags/<key>/.

const TASHKEEL_TATWEEL = /[\u064B-\u065F\u0670\u0640]/g;
const ALEF_VARIANTS = /[\u0623\u0625\u0622\u0671]/g; // أ إ آ ٱ
const LATIN_UPPER = /\p{Script=Latin}/gu;
const NOT_KEY_CHAR = /[^\p{L}\p{Nd}-]/gu;

/**
 * NFC; tashkeel and tatweel removed; أ إ آ ٱ → ا; ى → ي; ة → ه; Latin lower-cased;
 * runs of white space → `-`; any other character that is not a letter, digit or `-` removed.
 * Surrounding white space is ignored.
 */
export function tagKey(text: string): string {
  return text
    .normalize('NFC')
    .trim()
    .replace(TASHKEEL_TATWEEL, '')
    .replace(ALEF_VARIANTS, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(LATIN_UPPER, (c) => c.toLowerCase())
    .replace(/\s+/gu, '-')
    .replace(NOT_KEY_CHAR, '');
}
