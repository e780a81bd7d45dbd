// Related articles for an article page (issue 4 §4): articles sharing the most tags first, then
// articles of the same section; newer first within each rank; never the article itself.

import type { Article } from '../model.js';
import type { SiteModel } from '../site/assemble.js';

/** Articles shown under an article. */
export const RELATED_COUNT = 4;

/**
 * Candidates read from each tag's listing, newest first. A tag on thousands of articles would
 * otherwise make the whole site quadratic; the newest hundred or so are the useful ones anyway.
 */
const PER_TAG_SCAN = 120;

/** Returns a function giving an article's related articles, best first. */
export function relatedFinder(model: SiteModel, count = RELATED_COUNT): (a: Article) => Article[] {
  const bySection = new Map<string, Article[]>(model.sections.map((l) => [l.key.slug, l.articles]));
  // Position in the site's newest-first order breaks ties between equal scores.
  const rank = new Map<Article, number>(model.articles.map((a, i) => [a, i]));
  // Each tag's newest articles, by rank: the hot loop below then touches only typed arrays.
  const byTag = new Map<string, Int32Array>(model.tags.map((l) => [
    l.key.key, Int32Array.from(l.articles.slice(0, PER_TAG_SCAN), (b) => rank.get(b)!),
  ]));
  // Shared-tag counts by rank, reset after each article: far cheaper than a Map per article.
  const counts = new Uint16Array(model.articles.length);
  return (a) => {
    const own = rank.get(a) ?? -1;
    const touched: number[] = [];
    for (const t of a.tags) {
      const list = byTag.get(t.key);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (r === own) continue;
        if (counts[r] === 0) touched.push(r);
        counts[r]!++;
      }
    }
    const sameSection = (b: Article): number => (b.section.slug === a.section.slug ? 1 : 0);
    const better = (x: Article, nx: number, y: Article, ny: number): boolean =>
      nx !== ny ? nx > ny : sameSection(x) !== sameSection(y) ? sameSection(x) > sameSection(y) : rank.get(x)! < rank.get(y)!;
    // The best `count` by insertion: a full sort of every candidate costs seconds on a large site.
    const best: Array<[Article, number]> = [];
    for (const r of touched) {
      const b = model.articles[r]!;
      const n = counts[r]!;
      counts[r] = 0;
      if (best.length === count && !better(b, n, best[count - 1]![0], best[count - 1]![1])) continue;
      let i = Math.min(best.length, count - 1);
      if (best.length < count) best.push([b, n]);
      else best[i] = [b, n];
      while (i > 0 && better(b, n, best[i - 1]![0], best[i - 1]![1])) {
        best[i] = best[i - 1]!;
        best[i - 1] = [b, n];
        i--;
      }
    }
    const out = best.map(([b]) => b);
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
