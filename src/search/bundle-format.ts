// Pagefind 1.x's bundle files, as its WebAssembly reads them. Every `.pf_*` file is gzip of the
// signature "pagefind_dcd" followed by CBOR, and is named by the SHA-1 of that CBOR (Pagefind
// writes each byte as unpadded hex, so "0a" is "a"), prefixed with the language:
//   pagefind.LANG_HASH10.pf_meta   [version, pages: [[fragment name, word count, …]],
//                                   index chunks: [[from, to, name]], filters: [[filter, name]],
//                                   sorts, meta fields: [names, sorted]]
//   index/LANG_HASH7.pf_index      [[[word, pages, variants: [[spelling, pages]]]]], words sorted
//                                   by code point; pages [[page number as the difference from the
//                                   previous one, word positions (negative: a weight change),
//                                   positions in metadata (negative: -1 - field number)]]
//   fragment/LANG_HASH7.pf_fragment  the page's JSON (URL, text, metadata)
//   pagefind-entry.json            the version and, per language, the metadata's name and page count
// A chunk is cut after the word that brings its size (one per page and per position, in the
// word's pages and its variants' pages) to CHUNK_SIZE.

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import { CborError, CborReader, CborWriter } from './cbor.js';

export const SIGNATURE = Buffer.from('pagefind_dcd', 'latin1');

/** Pagefind's own chunk size rule (fixed in its source). */
export const CHUNK_SIZE = 20_000;

/** The CBOR inside a Pagefind file; throws CborError for anything else. */
export function unpackFile(file: Buffer): Buffer {
  let data: Buffer;
  try {
    data = gunzipSync(file);
  } catch {
    throw new CborError('not gzip');
  }
  if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new CborError('no Pagefind signature');
  return data.subarray(SIGNATURE.length);
}

/**
 * A Pagefind file of `cbor`. Compressed at zlib's default level, not Pagefind's best: on index
 * chunks 2.5 times as fast for 0.6% more bytes, and an edit compresses most chunks again.
 */
export function packFile(cbor: Buffer): Buffer {
  return gzipSync(Buffer.concat([SIGNATURE, cbor]), { level: 6 });
}

const gzipAsync = promisify(gzip);

/** packFile on zlib's own threads, so that the caller goes on meanwhile. */
export function packFileAsync(cbor: Buffer): Promise<Buffer> {
  return gzipAsync(Buffer.concat([SIGNATURE, cbor]), { level: 6 });
}

/** SHA-1 as Pagefind writes it in file names: each byte in hex without a leading zero. */
export function pagefindHash(bytes: Buffer): string {
  let out = '';
  for (const b of createHash('sha1').update(bytes).digest()) out += b.toString(16);
  return out;
}

export interface MetaChunk {
  from: string;
  to: string;
  hash: string;
}

export interface BundleMeta {
  version: string;
  /** [fragment name, word count, …what Pagefind keeps beside them], in page number order. */
  pages: unknown[][];
  chunks: MetaChunk[];
  filters: Array<[filter: string, hash: string]>;
  sorts: unknown[];
  /** Names of the metadata fields Pagefind searches; positions in metadata refer to them by number. */
  fields: string[];
}

export function decodeMeta(cbor: Buffer): BundleMeta {
  const r = new CborReader(cbor);
  const top = r.array();
  if (top !== 6) throw new CborError(`a Pagefind metadata file of ${top} parts`);
  const version = r.text();
  const pages = r.any() as unknown[][];
  const chunks = (r.any() as string[][]).map(([from, to, hash]) => ({ from: from!, to: to!, hash: hash! }));
  const filters = r.any() as Array<[string, string]>;
  const sorts = r.any() as unknown[];
  const fields = r.any() as string[];
  const strings = (a: unknown[]): boolean => a.every((x) => typeof x === 'string');
  if (!r.done || !Array.isArray(pages) || !pages.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number')
    || !chunks.every((c) => strings([c.from, c.to, c.hash])) || !Array.isArray(filters) || !filters.every((f) => Array.isArray(f) && strings(f))
    || !Array.isArray(sorts) || !Array.isArray(fields) || !strings(fields)) {
    throw new CborError('unexpected Pagefind metadata');
  }
  return { version, pages, chunks, filters, sorts, fields };
}

export function encodeMeta(m: BundleMeta): Buffer {
  return new CborWriter()
    .array(6)
    .text(m.version)
    .any(m.pages)
    .any(m.chunks.map((c) => [c.from, c.to, c.hash]))
    .any(m.filters)
    .any(m.sorts)
    .any(m.fields)
    .bytes();
}

/** Compares words as Pagefind sorts them (by code point; UTF-16 order differs past U+FFFF). */
export function compareWords(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (U+D800–DFFF) stands for a code point above every BMP one.
    const hx = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
    const hy = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
    return hx - hy;
  }
  return a.length - b.length;
}

/**
 * The `from` and `to` of consecutive chunks, as Pagefind shortens them: each to one character
 * more than the start the two share, so a word between them finds its chunk.
 */
export function chunkBounds(firstLast: Array<[first: string, last: string]>): Array<[from: string, to: string]> {
  const out = firstLast.map(([a, b]): [string, string] => [a, b]);
  for (let i = 0; i + 1 < out.length; i++) {
    const a = Array.from(out[i]![1]);
    const b = Array.from(out[i + 1]![0]);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    out[i]![1] = a.slice(0, common + 1).join('');
    out[i + 1]![0] = b.slice(0, common + 1).join('');
  }
  return out;
}

/** The entry file's metadata name and page count for `language` replaced. */
export function entryWith(entry: string, language: string, hash: string, pageCount: number): string {
  const e = JSON.parse(entry) as { languages?: Record<string, { hash: string; page_count: number }> };
  const lang = e.languages?.[language];
  if (!lang) throw new CborError(`pagefind-entry.json has no index for ${language}`);
  lang.hash = hash;
  lang.page_count = pageCount;
  return JSON.stringify(e);
}
