// Related articles for an article page (issue 4 §4): articles sharing the most tags first, then
// articles of the same section; newer first within each rank; never the article itself.

import type { Article } from '../model.js';
import type { SiteModel } from '../site/assemble.js';

/** Articles shown under an article. */
export const RELATED_COUNT = 4;

/**
 * Candidates read from each tag's listing, newest first. A tag on thousands of articles would
 * otherwise make the whole site quadratic; the newest few hundred are the useful ones anyway.
 */
const PER_TAG_SCAN = 250;

/** Returns a function giving an article's related articles, best first. */
export function relatedFinder(model: SiteModel, count = RELATED_COUNT): (a: Article) => Article[] {
  const byTag = new Map<string, Article[]>(model.tags.map((l) => [l.key.key, l.articles]));
  const bySection = new Map<string, Article[]>(model.sections.map((l) => [l.key.slug, l.articles]));
  // Position in the site's newest-first order breaks ties between equal scores.
  const rank = new Map<Article, number>(model.articles.map((a, i) => [a, i]));
  return (a) => {
    const shared = new Map<Article, number>();
    for (const t of a.tags) {
      const list = byTag.get(t.key) ?? [];
      for (let i = 0; i < list.length && i < PER_TAG_SCAN; i++) {
        const b = list[i]!;
        if (b !== a) shared.set(b, (shared.get(b) ?? 0) + 1);
      }
    }
    const sameSection = (b: Article): number => (b.section.slug === a.section.slug ? 1 : 0);
    const out = [...shared.entries()]
      .sort(([x, nx], [y, ny]) => ny - nx || sameSection(y) - sameSection(x) || rank.get(x)! - rank.get(y)!)
      .slice(0, count)
      .map(([b]) => b);
    if (out.length < count) {
      const taken = new Set(out);
      for (const b of bySection.get(a.section.slug) ?? []) {
        if (out.length >= count) break;
        if (b !== a && !taken.has(b)) out.push(b);
      }
    }
    return out;
  };
}
