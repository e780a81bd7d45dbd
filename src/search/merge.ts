// One Pagefind bundle from the shards' bundles, as one Pagefind index over all their pages would
// be: pages numbered shard after shard, each word's pages (and its spellings' pages) joined
// across shards in that order, the words cut into chunks by Pagefind's own rule, fragments kept
// as they are (named by their content). The shards' index chunks are read a chunk at a time, one
// per shard, and a merged chunk is handed on as soon as it is cut: memory holds a few chunks,
// never the index. A page's word positions are copied as bytes, never decoded.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CborError, CborReader, CborWriter } from './cbor.js';
import { CHUNK_SIZE, chunkBounds, compareWords, decodeMeta, encodeMeta, entryWith, pagefindHash, unpackFile, type BundleMeta, type MetaChunk } from './bundle-format.js';

/** A shard's bundle that cannot be read as Pagefind wrote it (a file missing, cut short, altered). */
export class DamagedShardError extends Error {
  constructor(readonly shard: number, reason: string) {
    super(`search shard ${shard + 1}: ${reason}`);
    this.name = 'DamagedShardError';
  }
}

/** Where the merged bundle's files go. Paths are relative to the bundle's folder. */
export interface MergeSink {
  /**
   * A file whose name says its content (an index chunk, the metadata): `make` gives its bytes,
   * called only when the file is not published already.
   */
  made(rel: string, make: () => Buffer): Promise<void>;
  /** A file copied as it is from a shard's bundle (a fragment, Pagefind's script and WebAssembly). */
  copied(rel: string, from: string, key: string): Promise<void>;
  /** pagefind-entry.json, which names the metadata. */
  entry(text: string, key: string): Promise<void>;
}

/** A page of a word: its page number in the merged bundle and its positions, as bytes. */
interface WordPage {
  page: number;
  body: Buffer;
  /** One, plus its positions: what the page adds to a chunk's size. */
  size: number;
}

interface Word {
  word: string;
  pages: WordPage[];
  variants: Array<{ word: string; pages: WordPage[] }>;
}

/** What the merge made: the merged bundle's page count and its files (relative to it). */
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
export async function mergeBundles(dirs: string[], language: string, sink: MergeSink): Promise<MergeResult> {
  const shards = await Promise.all(dirs.map((dir, i) => openShard(dir, i, language)));
  const fields = [...new Set(shards.flatMap((s) => s.meta.fields))].sort(compareWords);
  const pages: unknown[][] = [];
  const fragmentNames = new Map<string, string>();
  let base = 0;
  for (const s of shards) {
    s.base = base;
    base += s.meta.pages.length;
    s.fieldMap = s.meta.fields.every((f, i) => fields[i] === f) ? undefined : s.meta.fields.map((f) => fields.indexOf(f));
    if (s.meta.filters.length || s.meta.sorts.length) throw new DamagedShardError(s.index, 'Pagefind filters and sorts are not merged (midad makes none)');
    for (const p of s.meta.pages) {
      const name = await fragmentName(s, p[0] as string, fragmentNames);
      pages.push([name, ...p.slice(1)]);
      await sink.copied(`fragment/${name}.pf_fragment`, path.join(s.dir, 'fragment', `${p[0] as string}.pf_fragment`), name);
    }
  }
  const chunks = await mergeWords(shards, language, sink);
  const meta: BundleMeta = { version: shards[0]?.meta.version ?? '', pages, chunks, filters: [], sorts: [], fields };
  const metaBytes = encodeMeta(meta);
  const metaName = `${language}_${pagefindHash(metaBytes).slice(0, 10)}`;
  await sink.made(`pagefind.${metaName}.pf_meta`, () => metaBytes);
  const first = shards[0];
  if (first) {
    for (const f of first.statics) await sink.copied(f, path.join(first.dir, f), `${meta.version}:${f}`);
    await sink.entry(entryWith(first.entry, language, metaName, pages.length), metaName);
  }
  return { pages: pages.length, chunks: chunks.length };
}

interface Shard {
  index: number;
  dir: string;
  meta: BundleMeta;
  entry: string;
  statics: string[];
  base: number;
  fieldMap: number[] | undefined;
  /** The next chunk to read, and the words of the one read (from `at`). */
  chunk: number;
  words: Word[];
  at: number;
  /** Fragment name in the shard → full hash (read when names of two shards meet). */
  fullHashes?: Map<string, string>;
}

async function openShard(dir: string, index: number, language: string): Promise<Shard> {
  try {
    const names = await readdir(dir);
    const entry = await readFile(path.join(dir, 'pagefind-entry.json'), 'utf8');
    const hash = (JSON.parse(entry) as { languages?: Record<string, { hash?: string }> }).languages?.[language]?.hash;
    if (!hash || !names.includes(`pagefind.${hash}.pf_meta`)) throw new CborError(`no ${language} index`);
    const meta = decodeMeta(unpackFile(await readFile(path.join(dir, `pagefind.${hash}.pf_meta`))));
    return { index, dir, meta, entry, statics: names.filter((n) => STATIC_FILE.test(n)).sort(), base: 0, fieldMap: undefined, chunk: 0, words: [], at: 0 };
  } catch (err) {
    throw new DamagedShardError(index, err instanceof Error ? err.message : String(err));
  }
}

/**
 * A page's fragment name in the merged bundle: its name in its shard, unless another shard's
 * page of other content took it (both 7-hex-digit prefixes of SHA-1s): then, as Pagefind does,
 * one more digit of its hash at a time until it is free.
 */
async function fragmentName(s: Shard, name: string, taken: Map<string, string>): Promise<string> {
  const mine = (): Promise<string> => fullHash(s, name);
  let candidate = name;
  for (;;) {
    const other = taken.get(candidate);
    if (other === undefined) {
      taken.set(candidate, `${s.index}:${name}`);
      return candidate;
    }
    const [otherShard, otherName] = other.split(':') as [string, string];
    if (Number(otherShard) === s.index && otherName === name) return candidate;
    const full = await mine();
    const prefix = `${name.slice(0, name.indexOf('_') + 1)}`;
    const digits = candidate.length - prefix.length;
    if (digits >= full.length) throw new DamagedShardError(s.index, `two pages with the same fragment ${name}`);
    candidate = `${prefix}${full.slice(0, digits + 1)}`;
  }
}

async function fullHash(s: Shard, name: string): Promise<string> {
  s.fullHashes ??= new Map();
  let h = s.fullHashes.get(name);
  if (!h) {
    const bytes = await readFile(path.join(s.dir, 'fragment', `${name}.pf_fragment`)).catch(() => undefined);
    if (!bytes) throw new DamagedShardError(s.index, `fragment ${name} is missing`);
    h = pagefindHash(unpackFile(bytes));
    s.fullHashes.set(name, h);
  }
  return h;
}

/** The shard's next word (reading its next chunk when one is used up), or undefined at its end. */
async function peek(s: Shard): Promise<Word | undefined> {
  while (s.at >= s.words.length) {
    const c = s.meta.chunks[s.chunk];
    if (!c) return undefined;
    s.chunk++;
    try {
      s.words = readChunk(unpackFile(await readFile(path.join(s.dir, 'index', `${c.hash}.pf_index`))), s);
    } catch (err) {
      throw new DamagedShardError(s.index, `index chunk ${c.hash}: ${err instanceof Error ? err.message : String(err)}`);
    }
    s.at = 0;
  }
  return s.words[s.at];
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
    await sink.made(`index/${hash}.pf_index`, () => cbor);
    cut.push({ first: words[0]!.word, last: words[words.length - 1]!.word, hash });
    words = [];
    size = 0;
  };
  for (;;) {
    const heads = await Promise.all(shards.map(peek));
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
    for (const p of merged.pages) size += p.size;
    for (const v of merged.variants) for (const p of v.pages) size += p.size;
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

function readPages(r: CborReader, s: Shard): WordPage[] {
  const n = r.array();
  const out: WordPage[] = [];
  let page = 0;
  for (let i = 0; i < n; i++) {
    const parts = r.array();
    if (parts !== 3) throw new CborError('unexpected page entry');
    page += r.int();
    if (page < 0 || page >= s.meta.pages.length) throw new CborError(`page ${page} of ${s.meta.pages.length}`);
    const start = r.pos;
    const locs = r.array();
    for (let l = 0; l < locs; l++) r.skip();
    const metaAt = r.pos;
    const metaLocs = r.array();
    for (let l = 0; l < metaLocs; l++) r.skip();
    let body = r.bytes.subarray(start, r.pos);
    if (s.fieldMap && metaLocs) body = Buffer.concat([r.bytes.subarray(start, metaAt), renumberFields(r.bytes.subarray(metaAt, r.pos), s.fieldMap)]);
    out.push({ page: page + s.base, body, size: locs + metaLocs + 1 });
  }
  return out;
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
  const pages = (list: WordPage[]): void => {
    w.array(list.length);
    let prev = 0;
    for (const p of list) {
      w.array(3).int(p.page - prev).raw(p.body);
      prev = p.page;
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
