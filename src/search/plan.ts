// What the previous build's search shards hold (ROOT/.midad-cache/search-shards.json), read
// back shard by shard: a shard whose record is damaged is made again, the others are kept; and
// which files the published bundle, merged from them, was made of. Plain functions over plain
// data, unit-tested without Pagefind.

/** One shard as a build made it. */
export interface ShardRecord {
  /** Its folder below pagefind/ (named when the shard was first made; never reused for another range). */
  id: string;
  /** The publication-order key from which it holds articles (until the next shard's start). */
  start: string;
  /** Hash of its documents: its bundle's folder in the cache is named by it. */
  key: string;
  /** url → key of each document it indexes. */
  docs: Array<[url: string, key: string]>;
  /** SHA-1 of its bundle's script and WebAssembly files (checked when they are published from it). */
  statics: Record<string, string>;
}

/** A shard of the record: whole, or damaged with only its range left (it is made again). */
export type ReadShard = ShardRecord | { id: string; start: string; damaged: true };

/** The published bundle: a hash of the shards it was merged from, and its files with their input keys. */
export interface MergedRecord {
  key: string;
  files: Array<[path: string, inputKey: string]>;
}

export interface SearchRecord {
  version: 4;
  /** Hash of what every document is made with (Pagefind version, language, document format). */
  config: string;
  /** In publication order. */
  shards: ShardRecord[];
  merged: MergedRecord;
}

/** The record as read: shards in order, each whole or damaged; the merged bundle when it reads whole. */
export interface ReadRecord {
  config: string;
  shards: ReadShard[];
  merged?: MergedRecord;
}

const isStrings = (v: unknown, n?: number): v is string[] =>
  Array.isArray(v) && (n === undefined || v.length === n) && v.every((x) => typeof x === 'string');

/** A shard's id names a folder: plain characters only. */
const SHARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads a record, or undefined when there is none or it is not one this version wrote. A shard
 * damaged anywhere (a disk, a hand edit, a killed write) is kept as its range alone when its id
 * and start can be read, and dropped otherwise (its articles then fall to the shard before it):
 * either way it is made again, never a crash on a field that is not there.
 */
export function parseRecord(text: string): ReadRecord | undefined {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object') return undefined;
  const rec = r as Partial<SearchRecord>;
  if (rec.version !== 4 || typeof rec.config !== 'string' || !Array.isArray(rec.shards)) return undefined;
  const shards: ReadShard[] = [];
  for (const s of rec.shards as unknown[]) {
    const sh = (s && typeof s === 'object' ? s : {}) as Partial<ShardRecord>;
    if (typeof sh.id !== 'string' || !SHARD_ID.test(sh.id) || typeof sh.start !== 'string') continue;
    const statics = sh.statics && typeof sh.statics === 'object' && !Array.isArray(sh.statics) && isStrings(Object.values(sh.statics)) ? sh.statics : undefined;
    const whole = typeof sh.key === 'string' && SHARD_ID.test(sh.key) && Array.isArray(sh.docs) && sh.docs.every((d) => isStrings(d, 2)) && statics;
    shards.push(whole ? { id: sh.id, start: sh.start, key: sh.key!, docs: sh.docs!, statics } : { id: sh.id, start: sh.start, damaged: true });
  }
  // Ranges in order, each id once: anything else is not a record this version wrote.
  for (let i = 1; i < shards.length; i++) if (!(shards[i - 1]!.start < shards[i]!.start)) return undefined;
  if (new Set(shards.map((s) => s.id)).size !== shards.length) return undefined;
  const m = rec.merged as Partial<MergedRecord> | undefined;
  const merged = m && typeof m.key === 'string' && Array.isArray(m.files) && m.files.every((f) => isStrings(f, 2) && f[0]!.startsWith('pagefind/'))
    ? { key: m.key, files: m.files } : undefined;
  return { config: rec.config, shards, ...(merged ? { merged } : {}) };
}
