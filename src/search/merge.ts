// One Pagefind bundle from the shards' bundles, as one Pagefind index over all their pages would
// be: pages numbered shard after shard, each word's pages (and its spellings' pages) joined
// across shards in that order, the words cut into chunks by Pagefind's own rule, fragments kept
// as Pagefind wrote them (named by their content). The shards' index chunks are read a chunk at a time, one
// per shard, and a merged chunk is handed on as soon as it is cut: memory holds a few chunks,
// never the index. Page numbers are stored as differences from the previous page, so a word's
// pages from one shard are copied as bytes but for the first page's number: positions are never
// decoded.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CborError, CborReader, CborWriter } from './cbor.js';
import { FragmentPack } from './fragment-pack.js';
import { CHUNK_SIZE, chunkBounds, compareWords, decodeMeta, encodeMeta, entryWith, packFile, pagefindHash, unpackFile, type BundleMeta, type MetaChunk } from './bundle-format.js';

/** A shard's bundle that cannot be read as Pagefind wrote it (a file missing, cut short, altered). */
export class DamagedShardError extends Error {
  constructor(readonly shard: number, reason: string) {
    super(`search shard ${shard + 1}: ${reason}`);
    this.name = 'DamagedShardError';
  }
}

/**
 * Where the merged bundle's files go (paths relative to the bundle's folder). Each file has a key
 * that says its content; one the sink keeps (published already) is not made or read at all.
 */
export interface MergeSink {
  keep(rel: string, key: string): boolean;
  /** A file made by the merge (an index chunk, the metadata, the entry file). */
  made(rel: string, key: string, bytes: Buffer | string): Promise<void>;
  /** A file copied as it is from a shard's bundle (Pagefind's script and WebAssembly), checked first. */
  copied(rel: string, key: string, from: string): Promise<void>;
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
interface PageRun {
  first: number;
  head: Buffer;
  rest: Buffer;
  last: number;
  count: number;
  size: number;
}

interface Word {
  word: string;
  pages: PageRun[];
  variants: Array<{ word: string; pages: PageRun[] }>;
}

/** What the merge made: the merged bundle's pages and index chunks, counted. */
export interface MergeResult {
  pages: number;
  chunks: number;
}

/** Files of a Pagefind bundle besides its index: its script, worker and WebAssembly. */
const STATIC_FILE = /^(?:pagefind\.js|pagefind-worker\.js|wasm\.[a-z0-9_-]+\.pagefind)$/;

/**
 * Merges the bundles in `dirs` (in page order: shard after shard) for `language` into `sink`.
 * Throws DamagedShardError for a bundle that cannot be read.
 */
export async function mergeBundles(inputs: MergeInput[], language: string, sink: MergeSink): Promise<MergeResult> {
  const shards: Shard[] = [];
  try {
    for (const [i, input] of inputs.entries()) shards.push(await openShard(input.dir, i, language));
    return await merge(shards, inputs, language, sink);
  } finally {
    for (const s of shards) await s.fragments.close();
  }
}

async function merge(shards: Shard[], inputs: MergeInput[], language: string, sink: MergeSink): Promise<MergeResult> {
  const fields = [...new Set(shards.flatMap((s) => s.meta.fields))].sort(compareWords);
  const pages: unknown[][] = [];
  const fragmentNames = new Map<string, string>();
  let base = 0;
  for (const s of shards) {
    s.base = base;
    base += s.meta.pages.length;
    s.fieldMap = s.meta.fields.every((f, i) => fields[i] === f) ? undefined : s.meta.fields.map((f) => fields.indexOf(f));
    if (s.meta.filters.length || s.meta.sorts.length) throw new DamagedShardError(s.index, 'Pagefind filters and sorts are not merged (midad makes none)');
    for (const [i, p] of s.meta.pages.entries()) {
      const name = await fragmentName(s, i, fragmentNames);
      pages.push([name, ...p.slice(1)]);
      const rel = `fragment/${name}.pf_fragment`;
      if (!sink.keep(rel, name)) await sink.made(rel, name, await fragment(s, i));
    }
  }
  const first = shards[0];
  // No article, no shard: an entry without an index, which the search page reads as no results.
  if (!first) {
    if (!sink.keep('pagefind-entry.json', 'empty')) await sink.made('pagefind-entry.json', 'empty', '{"languages":{}}');
    return { pages: 0, chunks: 0 };
  }
  const chunks = await mergeWords(shards, language, sink);
  const meta: BundleMeta = { version: first.meta.version, pages, chunks, filters: [], sorts: [], fields };
  const metaBytes = encodeMeta(meta);
  const metaName = `${language}_${pagefindHash(metaBytes).slice(0, 10)}`;
  const metaFile = `pagefind.${metaName}.pf_meta`;
  if (!sink.keep(metaFile, metaName)) await sink.made(metaFile, metaName, packFile(metaBytes));
  for (const f of first.statics) {
    if (sink.keep(f, `${meta.version}:${f}`)) continue;
    await checkStatic(first, f, inputs[0]!.statics);
    await sink.copied(f, `${meta.version}:${f}`, path.join(first.dir, f));
  }
  if (!sink.keep('pagefind-entry.json', metaName)) await sink.made('pagefind-entry.json', metaName, entryWith(first.entry, language, metaName, pages.length));
  return { pages: pages.length, chunks: chunks.length };
}

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

async function checkStatic(s: Shard, file: string, known: Record<string, string> | undefined): Promise<void> {
  if (!known) return;
  const bytes = await readFile(path.join(s.dir, file)).catch(() => undefined);
  if (!bytes || createHash('sha1').update(bytes).digest('hex') !== known[file]) throw new DamagedShardError(s.index, `${file} is not as Pagefind wrote it`);
}

interface Shard {
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

async function openShard(dir: string, index: number, language: string): Promise<Shard> {
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

/**
 * A page's fragment name in the merged bundle: its name in its shard, unless another shard's
 * page of other content took it (both 7-hex-digit prefixes of SHA-1s): then, as Pagefind does,
 * one more digit of its hash at a time until it is free.
 */
async function fragmentName(s: Shard, page: number, taken: Map<string, string>): Promise<string> {
  const name = s.meta.pages[page]![0] as string;
  const prefix = name.slice(0, name.indexOf('_') + 1);
  let full: string | undefined;
  let candidate = name;
  for (;;) {
    const other = taken.get(candidate);
    if (other === undefined || other === `${s.index}:${name}`) {
      taken.set(candidate, `${s.index}:${name}`);
      return candidate;
    }
    full ??= pagefindHash(unpackFile(await fragment(s, page)));
    const digits = candidate.length - prefix.length;
    if (digits >= full.length) throw new DamagedShardError(s.index, `two pages with the same fragment ${name}`);
    candidate = `${prefix}${full.slice(0, digits + 1)}`;
  }
}

/** A page's fragment file as its shard holds it (checked). */
async function fragment(s: Shard, page: number): Promise<Buffer> {
  try {
    return await s.fragments.read(page);
  } catch (err) {
    throw new DamagedShardError(s.index, `fragment ${page + 1}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads the shard's next chunk when its words are used up (false at its end). */
async function fill(s: Shard): Promise<boolean> {
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

/** The k-way merge of the shards' words, cut into chunks; returns the chunks' metadata. */
async function mergeWords(shards: Shard[], language: string, sink: MergeSink): Promise<MetaChunk[]> {
  const cut: Array<{ first: string; last: string; hash: string }> = [];
  const names = new Set<string>();
  let words: Word[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (!words.length) return;
    const cbor = encodeChunk(words);
    const full = pagefindHash(cbor);
    let n = 7;
    while (names.has(full.slice(0, n)) && n < full.length) n += 2;
    const hash = `${language}_${full.slice(0, n)}`;
    names.add(full.slice(0, n));
    const rel = `index/${hash}.pf_index`;
    if (!sink.keep(rel, hash)) await sink.made(rel, hash, packFile(cbor));
    cut.push({ first: words[0]!.word, last: words[words.length - 1]!.word, hash });
    words = [];
    size = 0;
  };
  for (;;) {
    // Only a shard whose chunk is used up waits for a read: most words are merged without one.
    for (const s of shards) if (s.at >= s.words.length) await fill(s);
    const heads = shards.map((s) => s.words[s.at]);
    let min: string | undefined;
    for (const h of heads) if (h && (min === undefined || compareWords(h.word, min) < 0)) min = h.word;
    if (min === undefined) break;
    const merged: Word = { word: min, pages: [], variants: [] };
    heads.forEach((h, i) => {
      if (!h || h.word !== min) return;
      shards[i]!.at++;
      merged.pages.push(...h.pages);
      for (const v of h.variants) {
        const same = merged.variants.find((x) => x.word === v.word);
        if (same) same.pages.push(...v.pages);
        else merged.variants.push({ word: v.word, pages: [...v.pages] });
      }
    });
    words.push(merged);
    for (const run of merged.pages) size += run.size;
    for (const v of merged.variants) for (const run of v.pages) size += run.size;
    if (size >= CHUNK_SIZE) await flush();
  }
  await flush();
  return chunkBounds(cut.map((c) => [c.first, c.last])).map(([from, to], i) => ({ from, to, hash: cut[i]!.hash }));
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

function encodeChunk(words: Word[]): Buffer {
  const w = new CborWriter().array(1).array(words.length);
  const pages = (runs: PageRun[]): void => {
    w.array(runs.reduce((n, run) => n + run.count, 0));
    let prev = 0;
    for (const run of runs) {
      w.array(3).int(run.first - prev).raw(run.head).raw(run.rest);
      prev = run.last;
    }
  };
  for (const word of words) {
    w.array(3).text(word.word);
    pages(word.pages);
    w.array(word.variants.length);
    for (const v of word.variants) {
      w.array(2).text(v.word);
      pages(v.pages);
    }
  }
  return w.bytes();
}
