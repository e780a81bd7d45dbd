// Heading ids that work for Arabic: the text itself, tashkeel and tatweel removed,
// punctuation dropped, spaces as hyphens. Browsers match fragment ids in any script.

const TASHKEEL_TATWEEL = /[\u064B-\u065F\u0670\u0640]/g;

export function headingId(text: string): string {
  const id = text
    .normalize('NFC')
    .replace(TASHKEEL_TATWEEL, '')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const result = id || 'section';
  // Ids the templates use on the same page (skip-link target, section headings) must stay unique.
  return RESERVED_IDS.has(result) || result.startsWith('s-') ? `${result}-1` : result;
}

/** Ids that midad's templates give their own elements. */
export const RESERVED_IDS = new Set(['main', 'lead-title', 'latest-title', 'related-title', 'search-input', 'search-results', 'search-status', 'search-more']);
