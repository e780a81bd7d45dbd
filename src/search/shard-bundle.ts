// A shard's Pagefind bundle in the cache, as the merge reads it (merge.ts): its entry, metadata
// and fragment pack opened, its index chunks read one at a time into words whose pages are runs
// of bytes (a page number is the difference from the previous page's, so only a run's first
// needs renumbering), and checks that tell a damaged bundle (gzip checks itself; Pagefind's
// scripts are checked against the SHA-1s recorded when the shard was made).

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CborError, CborReader, CborWriter } from './cbor.js';
import { FragmentPack } from './fragment-pack.js';
import { decodeMeta, unpackFile, type BundleMeta } from './bundle-format.js';

/** A shard's bundle that cannot be read as Pagefind wrote it (a file missing, cut short, altered). */
export class DamagedShardError extends Error {
  constructor(readonly shard: number, reason: string) {
    super(`search shard ${shard + 1}: ${reason}`);
    this.name = 'DamagedShardError';
  }
}

/** A shard's bundle folder, and the SHA-1 of its script and WebAssembly files when known (then they are checked). */
export interface MergeInput {
  dir: string;
  statics?: Record<string, string> | undefined;
}

/**
 * A word's pages in one shard, numbered in the merged bundle: the first page's number, its
 * positions (bytes), every other page entry as bytes (their numbers relative, so unchanged), the
 * last page's number (for the next run's first), how many pages and what they add to a chunk's
 * size (one a page, plus its positions).
 */
export interface PageRun {
  first: number;
  head: Buffer;
  rest: Buffer;
  last: number;
  count: number;
  size: number;
}

export interface Word {
  word: string;
  pages: PageRun[];
  variants: Array<{ word: string; pages: PageRun[] }>;
}

/** Files of a Pagefind bundle besides its index: its script, worker and WebAssembly. */
export const STATIC_FILE = /^(?:pagefind\.js|pagefind-worker\.js|wasm\.[a-z0-9_-]+\.pagefind)$/;

/** SHA-1 of each of a bundle's script and WebAssembly files (to check them when they are copied from it later). */
export async function staticHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).filter((n) => STATIC_FILE.test(n)).sort()) out[f] = createHash('sha1').update(await readFile(path.join(dir, f))).digest('hex');
  return out;
}

/** Reads a shard's bundle through (every chunk, fragment and script): false when any of it is damaged. */
export async function isWholeBundle(input: MergeInput, language: string): Promise<boolean> {
  try {
    const s = await openShard(input.dir, 0, language);
    try {
      while (await fill(s)) s.at = s.words.length;
      for (let i = 0; i < s.meta.pages.length; i++) await fragment(s, i);
      for (const f of s.statics) await checkStatic(s, f, input.statics);
    } finally {
      await s.fragments.close();
    }
    return true;
  } catch {
    return false;
  }
}

export async function checkStatic(s: Shard, file: string, known: Record<string, string> | undefined): Promise<void> {
  if (!known) return;
  const bytes = await readFile(path.join(s.dir, file)).catch(() => undefined);
  if (!bytes || createHash('sha1').update(bytes).digest('hex') !== known[file]) throw new DamagedShardError(s.index, `${file} is not as Pagefind wrote it`);
}

export interface Shard {
  index: number;
  dir: string;
  meta: BundleMeta;
  fragments: FragmentPack;
  entry: string;
  statics: string[];
  base: number;
  fieldMap: number[] | undefined;
  /** The next chunk to read, and the words of the one read (from `at`). */
  chunk: number;
  words: Word[];
  at: number;
}

export async function openShard(dir: string, index: number, language: string): Promise<Shard> {
  try {
    const names = await readdir(dir);
    const entry = await readFile(path.join(dir, 'pagefind-entry.json'), 'utf8');
    const hash = (JSON.parse(entry) as { languages?: Record<string, { hash?: string }> }).languages?.[language]?.hash;
    if (!hash || !names.includes(`pagefind.${hash}.pf_meta`)) throw new CborError(`no ${language} index`);
    const meta = decodeMeta(unpackFile(await readFile(path.join(dir, `pagefind.${hash}.pf_meta`))));
    const fragments = await FragmentPack.open(dir, meta.pages.length);
    return { index, dir, meta, fragments, entry, statics: names.filter((n) => STATIC_FILE.test(n)).sort(), base: 0, fieldMap: undefined, chunk: 0, words: [], at: 0 };
  } catch (err) {
    throw new DamagedShardError(index, err instanceof Error ? err.message : String(err));
  }
}

/** A page's fragment file as its shard holds it (checked). */
export async function fragment(s: Shard, page: number): Promise<Buffer> {
  try {
    return await s.fragments.read(page);
  } catch (err) {
    throw new DamagedShardError(s.index, `fragment ${page + 1}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads the shard's next chunk when its words are used up (false at its end). */
export async function fill(s: Shard): Promise<boolean> {
  while (s.at >= s.words.length) {
    const c = s.meta.chunks[s.chunk];
    if (!c) return false;
    s.chunk++;
    try {
      s.words = readChunk(unpackFile(await readFile(path.join(s.dir, 'index', `${c.hash}.pf_index`))), s);
    } catch (err) {
      throw new DamagedShardError(s.index, `index chunk ${c.hash}: ${err instanceof Error ? err.message : String(err)}`);
    }
    s.at = 0;
  }
  return true;
}

/** A shard's index chunk: its words, their pages numbered in the merged bundle. */
function readChunk(cbor: Buffer, s: Shard): Word[] {
  const r = new CborReader(cbor);
  if (r.array() !== 1) throw new CborError('unexpected index chunk');
  const n = r.array();
  const words: Word[] = [];
  for (let i = 0; i < n; i++) {
    if (r.array() !== 3) throw new CborError('unexpected word entry');
    const word = r.text();
    const pages = readPages(r, s);
    const variants: Word['variants'] = [];
    const nv = r.array();
    for (let v = 0; v < nv; v++) {
      if (r.array() !== 2) throw new CborError('unexpected spelling entry');
      variants.push({ word: r.text(), pages: readPages(r, s) });
    }
    words.push({ word, pages, variants });
  }
  if (!r.done) throw new CborError('bytes after the index chunk');
  return words;
}

function readPages(r: CborReader, s: Shard): PageRun[] {
  const n = r.array();
  if (n === 0) return [];
  let page = 0;
  let first = 0;
  let size = 0;
  let head: Buffer = Buffer.alloc(0);
  let restStart = 0;
  // Only a shard whose fields are numbered otherwise has its pages' metadata positions rewritten.
  const rest = s.fieldMap ? new CborWriter() : undefined;
  for (let i = 0; i < n; i++) {
    if (r.array() !== 3) throw new CborError('unexpected page entry');
    const delta = r.int();
    page += delta;
    if (delta < 0 || page >= s.meta.pages.length) throw new CborError(`page ${page} of ${s.meta.pages.length}`);
    const start = r.pos;
    const locs = r.array();
    for (let l = 0; l < locs; l++) r.skip();
    const metaAt = r.pos;
    const metaLocs = r.array();
    for (let l = 0; l < metaLocs; l++) r.skip();
    size += locs + metaLocs + 1;
    const body = s.fieldMap && metaLocs ? Buffer.concat([r.bytes.subarray(start, metaAt), renumberFields(r.bytes.subarray(metaAt, r.pos), s.fieldMap)]) : r.bytes.subarray(start, r.pos);
    if (i === 0) {
      first = page;
      head = body;
      restStart = r.pos;
    } else {
      rest?.array(3).int(delta).raw(body);
    }
  }
  return [{ first: first + s.base, head, rest: rest ? rest.bytes() : r.bytes.subarray(restStart, r.pos), last: page + s.base, count: n, size }];
}

/** Positions in metadata with their field numbers (-1 - n) changed to the merged bundle's. */
function renumberFields(bytes: Buffer, map: number[]): Buffer {
  const r = new CborReader(bytes);
  const n = r.array();
  const w = new CborWriter().array(n);
  for (let i = 0; i < n; i++) {
    const v = r.int();
    if (v >= 0) w.int(v);
    else {
      const to = map[-1 - v];
      if (to === undefined || to < 0) throw new CborError(`metadata field ${-1 - v}`);
      w.int(-1 - to);
    }
  }
  return w.bytes();
}
