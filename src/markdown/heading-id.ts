// Heading ids that work for Arabic: the text itself, tashkeel and tatweel removed,
// punctuation dropped, spaces as hyphens. Browsers match fragment ids in any script.

import type { MarkdownIt } from 'markdown-it';

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

/**
 * Gives every heading its id: the text of its words and code spans (headingId), and `-1`,
 * `-2`… for the second and later use of an id. One pass with one counter per id, so an
 * article of thousands of identical headings costs what one of thousands of headings does.
 */
export function headingIds(md: MarkdownIt): void {
  md.core.ruler.push('midad_heading_ids', (state) => {
    const taken = new Set<string>();
    const next = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type !== 'heading_open') continue;
      const text = (tokens[i + 1]?.children ?? []).filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');
      const base = headingId(text);
      let id = base;
      for (let n = next.get(base) ?? 1; taken.has(id); n++) {
        id = `${base}-${n}`;
        next.set(base, n + 1);
      }
      taken.add(id);
      tokens[i]!.attrSet('id', id);
    }
  });
}
