// Related articles for an article page: articles sharing the most tags first, then
// articles of the same section; newer first within each rank; never the article itself.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { PlacedArticle } from '../model.js';
import type { SiteModel } from '../site/assemble.js';

/** Articles shown under an article. */
export const RELATED_COUNT = 4;

/**
 * Candidates read from each tag's listing, newest first. A tag on thousands of articles would
 * otherwise make the whole site quadratic; the newest hundred or so are the useful ones anyway.
 */
const PER_TAG_SCAN = 120;

/** Returns a function giving an article's related articles, best first. */
export function relatedFinder(model: SiteModel, count = RELATED_COUNT): (a: PlacedArticle) => PlacedArticle[] {
  const bySection = new Map<string, PlacedArticle[]>(model.sections.map((l) => [l.key.slug, l.articles]));
  // Position in the site's newest-first order breaks ties between equal scores.
  const rank = new Map<PlacedArticle, number>(model.articles.map((a, i) => [a, i]));
  // Each tag's newest articles, by rank: the hot loop below then touches only typed arrays.
  const byTag = new Map<string, Int32Array>(model.tags.map((l) => [
    l.key.key, Int32Array.from(l.articles.slice(0, PER_TAG_SCAN), (b) => rank.get(b)!),
  ]));
  // Each article's section by rank, so the hot loop compares numbers, never strings or Map keys.
  const sectionIndex = new Map<string, number>();
  const sectionOf = Int32Array.from(model.articles, (b) => {
    let i = sectionIndex.get(b.section.slug);
    if (i === undefined) sectionIndex.set(b.section.slug, (i = sectionIndex.size));
    return i;
  });
  // Shared-tag counts by rank, reset after each article: far cheaper than a Map per article.
  const counts = new Uint16Array(model.articles.length);
  const touched = new Int32Array(model.articles.length);
  // The best `count` so far: ranks and scores (shared tags × 2, + 1 for the same section).
  const bestRank = new Int32Array(count);
  const bestScore = new Int32Array(count);
  return (a) => {
    const own = rank.get(a) ?? -1;
    const ownSection = sectionIndex.get(a.section.slug) ?? -1;
    let touchedCount = 0;
    for (const t of a.tags) {
      const list = byTag.get(t.key);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (r === own) continue;
        if (counts[r] === 0) touched[touchedCount++] = r;
        counts[r]!++;
      }
    }
    // Higher score first; the newer (lower rank) of equal scores. By insertion: a full sort of
    // every candidate costs seconds on a large site.
    let found = 0;
    for (let k = 0; k < touchedCount; k++) {
      const r = touched[k]!;
      const score = counts[r]! * 2 + (sectionOf[r] === ownSection ? 1 : 0);
      counts[r] = 0;
      if (found === count && (score < bestScore[count - 1]! || (score === bestScore[count - 1]! && r > bestRank[count - 1]!))) continue;
      let i = found < count ? found++ : count - 1;
      while (i > 0 && (score > bestScore[i - 1]! || (score === bestScore[i - 1]! && r < bestRank[i - 1]!))) {
        bestScore[i] = bestScore[i - 1]!;
        bestRank[i] = bestRank[i - 1]!;
        i--;
      }
      bestScore[i] = score;
      bestRank[i] = r;
    }
    const out: PlacedArticle[] = [];
    for (let k = 0; k < found; k++) out.push(model.articles[bestRank[k]!]!);
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

/** Bumped whenever the choice of related articles changes. */
const RELATED_FORMAT = 1;
export const RELATED_CACHE_FILE = 'related.bin';

export interface RememberedRelated {
  related: (a: PlacedArticle) => PlacedArticle[];
  /** Writes the lists for the next build (call after a build that wrote its output). */
  save(): Promise<void>;
}

/**
 * Related articles remembered between builds: they depend only on the articles'
 * order, sections and tags, so while none of those changed (an edited body, title or photo)
 * the previous build's lists are reused. Kept in `cacheDir/related.bin`; without a cacheDir,
 * nothing is read or written.
 */
export async function rememberedRelated(model: SiteModel, cacheDir: string | undefined, clean: boolean): Promise<RememberedRelated> {
  const count = RELATED_COUNT;
  const h = createHash('sha1').update(`${RELATED_FORMAT}\0${count}\0${PER_TAG_SCAN}\0`);
  for (const a of model.articles) {
    h.update(a.file).update('\0').update(a.section.slug).update('\0');
    for (const t of a.tags) h.update(t.key).update('\u0001');
    h.update('\0');
  }
  const key = h.digest('hex');
  const file = cacheDir && path.join(cacheDir, RELATED_CACHE_FILE);
  const n = model.articles.length;
  let lists: Int32Array | undefined;
  if (file && !clean) {
    try {
      const saved = deserialize(await readFile(file)) as { key: string; lists: Int32Array };
      if (saved.key === key && saved.lists instanceof Int32Array && saved.lists.length === n * count) lists = saved.lists;
    } catch {
      // No lists yet, or unreadable: found afresh.
    }
  }
  const reused = lists !== undefined;
  const known = lists ?? new Int32Array(n * count).fill(-2);
  const rank = new Map<PlacedArticle, number>(model.articles.map((a, i) => [a, i]));
  let finder: ((a: PlacedArticle) => PlacedArticle[]) | undefined;
  const related = (a: PlacedArticle): PlacedArticle[] => {
    const i = rank.get(a);
    if (i === undefined) return (finder ??= relatedFinder(model, count))(a);
    if (known[i * count] === -2) {
      const found = (finder ??= relatedFinder(model, count))(a);
      for (let j = 0; j < count; j++) known[i * count + j] = found[j] ? rank.get(found[j]!)! : -1;
    }
    const out: PlacedArticle[] = [];
    for (let j = 0; j < count; j++) {
      const r = known[i * count + j]!;
      if (r >= 0) out.push(model.articles[r]!);
    }
    return out;
  };
  return {
    related,
    async save() {
      if (!file || reused) return;
      for (const a of model.articles) related(a);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.tmp-${process.pid}`;
      await writeFile(temp, serialize({ key, lists: known }));
      await rename(temp, file);
    },
  };
}
