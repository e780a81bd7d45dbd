// One Pagefind bundle from the shards' bundles, as one Pagefind index over all their pages would
// be: pages numbered shard after shard, each word's pages (and its spellings' pages) joined
// across shards in that order, the words cut into chunks by Pagefind's own rule, fragments kept
// as Pagefind wrote them (named by their content). The shards' index chunks are read a chunk at
// a time, one per shard (shard-bundle.ts), and a merged chunk is handed on as soon as it is cut:
// memory holds a few chunks, never the index. Word positions are copied as bytes, never decoded.

import path from 'node:path';
import { CborWriter } from './cbor.js';
import { CHUNK_SIZE, chunkBounds, compareWords, encodeMeta, entryWith, packFile, packFileAsync, pagefindHash, unpackFile, type BundleMeta, type MetaChunk } from './bundle-format.js';
import { checkStatic, DamagedShardError, fill, fragment, openShard, type MergeInput, type PageRun, type Shard, type Word } from './shard-bundle.js';

export { DamagedShardError, isWholeBundle, staticHashes, type MergeInput } from './shard-bundle.js';

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

/** What the merge made: the merged bundle's pages and index chunks, counted. */
export interface MergeResult {
  pages: number;
  chunks: number;
}

/**
 * Merges the shards' bundles `inputs` (in page order: shard after shard) for `language` into `sink`.
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

const PACKING = 4;

/** The k-way merge of the shards' words, cut into chunks; returns the chunks' metadata. */
async function mergeWords(shards: Shard[], language: string, sink: MergeSink): Promise<MetaChunk[]> {
  const cut: Array<{ first: string; last: string; hash: string }> = [];
  const names = new Set<string>();
  let words: Word[] = [];
  let size = 0;
  // Chunks being compressed (on zlib's threads, while the merge goes on), a few at a time.
  const packing = new Set<Promise<void>>();
  const flush = async (): Promise<void> => {
    if (!words.length) return;
    const cbor = encodeChunk(words);
    const full = pagefindHash(cbor);
    let n = 7;
    while (names.has(full.slice(0, n)) && n < full.length) n += 2;
    const hash = `${language}_${full.slice(0, n)}`;
    names.add(full.slice(0, n));
    const rel = `index/${hash}.pf_index`;
    if (!sink.keep(rel, hash)) {
      const job = packFileAsync(cbor).then((gz) => sink.made(rel, hash, gz));
      job.catch(() => undefined);
      packing.add(job);
      void job.finally(() => packing.delete(job)).catch(() => undefined);
      while (packing.size >= PACKING) await Promise.race(packing);
    }
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
  await Promise.all(packing);
  return chunkBounds(cut.map((c) => [c.first, c.last])).map(([from, to], i) => ({ from, to, hash: cut[i]!.hash }));
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
