// Which search bundles a build makes (issue 6): a base bundle of every article, kept between
// builds, and a small delta bundle of the articles added or changed since the base was made,
// with the base pages they supersede (changed or removed). Plain functions over plain data:
// the diffing is unit-tested without Pagefind.

/** One document of the base bundle: its URL, its key (hash of its content) and Pagefind page id. */
export type BaseDoc = [url: string, key: string, id: string];

/** What the previous build's bundles hold (ROOT/.midad-cache/search-index.json). */
export interface SearchRecord {
  version: 2;
  /** Hash of what every document is made with (Pagefind version, language, document format). */
  config: string;
  /** Words of each body the documents hold (null: all), kept while the archive grows a little (searchBodyWords). */
  bodyWords?: number | null;
  base: {
    /** Hash of the base's documents: the input key of its files in the writer's manifest. */
    key: string;
    /** The base bundle's files, relative to the out folder. */
    files: string[];
    /** Every document in the base, in the order it was indexed. */
    docs: BaseDoc[];
  };
  delta?: {
    key: string;
    files: string[];
    /** url → key of the documents in the delta bundle. */
    docs: Array<[url: string, key: string]>;
    /** Page ids of the base documents the delta supersedes. */
    superseded: string[];
  };
}

/** What this build does with the search bundles. */
export type SearchPlan =
  | { kind: 'base'; reason: 'no-record' | 'base-missing' | 'clean' | 'config' | 'delta-full' | 'removed' }
  | {
    kind: 'delta';
    /** URLs of the documents to index in the delta (added or changed since the base), in site order. */
    add: string[];
    /** URLs of base documents that are changed or removed (their base results are dropped). */
    superseded: string[];
  };

/** The default delta limit: 200 documents or 5% of the site, whichever is smaller (at least 1). */
export function deltaLimit(docCount: number, override?: number): number {
  if (override !== undefined && Number.isFinite(override) && override >= 0) return Math.floor(override);
  return Math.max(1, Math.min(200, Math.ceil(docCount * 0.05)));
}

/**
 * Compares the documents of this build (url → key, in site order) with the previous record.
 * The delta's size is the number of documents added or changed plus the number removed; past
 * `limit` the base is made again (and the delta dropped), and so it is when any is removed.
 */
export function planSearch(
  prev: SearchRecord | undefined, config: string, docs: ReadonlyMap<string, string>, limit: number, clean = false,
): SearchPlan {
  if (clean) return { kind: 'base', reason: 'clean' };
  if (!prev) return { kind: 'base', reason: 'no-record' };
  if (prev.config !== config) return { kind: 'base', reason: 'config' };
  const base = new Map<string, string>(prev.base.docs.map(([url, key]) => [url, key]));
  const add: string[] = [];
  for (const [url, key] of docs) if (base.get(url) !== key) add.push(url);
  const superseded: string[] = [];
  let removed = 0;
  for (const [url, key] of base) {
    const now = docs.get(url);
    if (now === key) continue;
    superseded.push(url);
    if (now === undefined) removed++;
  }
  if (add.length + removed > limit) return { kind: 'base', reason: 'delta-full' };
  // An article unpublished (drafted, deleted, moved) must leave the published files, text and
  // all (contract §3: drafts appear nowhere): the base, which holds its fragment, is made
  // again. A changed article's old text stays in the base, hidden by the delta, until then.
  if (removed > 0) return { kind: 'base', reason: 'removed' };
  return { kind: 'delta', add, superseded };
}

/** Reads a record, or undefined when there is none or it is not one this version wrote. */
export function parseRecord(text: string): SearchRecord | undefined {
  try {
    const r = JSON.parse(text) as SearchRecord;
    // Every field down to each document: a record damaged anywhere (a disk, a hand edit, a
    // killed write) means the index is made again, never a crash on a field that is not there.
    const strings = (v: unknown, n?: number): boolean => Array.isArray(v) && (n === undefined || v.length === n) && v.every((x) => typeof x === 'string');
    const ok = Boolean(r) && typeof r === 'object' && r.version === 2 && typeof r.config === 'string' && Boolean(r.base) && typeof r.base.key === 'string'
      && strings(r.base.files) && Array.isArray(r.base.docs) && r.base.docs.every((d) => strings(d, 3))
      && (r.bodyWords === undefined || r.bodyWords === null || (typeof r.bodyWords === 'number' && r.bodyWords > 0))
      && (r.delta === undefined || (Boolean(r.delta) && typeof r.delta.key === 'string' && strings(r.delta.files) && Array.isArray(r.delta.docs)
        && r.delta.docs.every((d) => strings(d, 2)) && strings(r.delta.superseded)));
    return ok ? r : undefined;
  } catch {
    return undefined;
  }
}
