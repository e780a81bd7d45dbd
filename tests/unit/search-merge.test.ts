// Pagefind's bundle format as midad reads and writes it, and the merge of shard bundles, on
// small bundles made here: CBOR round trips, names as Pagefind writes them, chunk bounds, words in
// code point order, and a merge whose shards list different metadata fields, a word in both
// shards and a fragment name taken in both.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CborReader, CborWriter } from '../../src/search/cbor.js';
import { chunkBounds, compareWords, decodeMeta, encodeMeta, packFile, pagefindHash, unpackFile } from '../../src/search/bundle-format.js';
import { packFragments } from '../../src/search/fragment-pack.js';
import { DamagedShardError, mergeBundles, type MergeSink } from '../../src/search/merge.js';

describe("Pagefind's file format", () => {
  it('writes CBOR as minicbor does and reads it back', () => {
    const value = [0, 23, 24, 255, 256, 65535, 65536, 2 ** 32, -1, -25, -169, -70000, 'كلمة', '', [[1, [2, 3]], []]];
    const bytes = new CborWriter().any(value).bytes();
    assert.deepEqual(new CborReader(bytes).any(), value);
    assert.deepEqual([...new CborWriter().int(24).int(-25).bytes()], [0x18, 24, 0x38, 24], 'the shortest heads');
    const r = new CborReader(bytes);
    r.array();
    for (let i = 0; i < value.length; i++) r.skip();
    assert.ok(r.done, 'skips every item');
  });

  it('names files by SHA-1 with each byte in hex without its leading zero', () => {
    // SHA-1 of "abc" is a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d.
    assert.equal(pagefindHash(Buffer.from('abc')), 'a9993e36476816aba3e25717850c26c9cd0d89d');
    assert.deepEqual(unpackFile(packFile(Buffer.from([1, 2, 3]))), Buffer.from([1, 2, 3]));
    assert.throws(() => unpackFile(Buffer.from('not gzip')));
  });

  it("shortens chunk bounds to one character past what neighbours share, as Pagefind's own tests say", () => {
    assert.deepEqual(chunkBounds([['apple', 'apple'], ['apricot', 'banana'], ['peach', 'peach']]), [['apple', 'app'], ['apr', 'b'], ['p', 'peach']]);
    assert.deepEqual(chunkBounds([['a', 'cath'], ['cathartic', 'z']]), [['a', 'cath'], ['catha', 'z']]);
  });

  it('sorts words by code point, as Rust sorts strings', () => {
    assert.ok(compareWords('\u{1F600}', '\uFFFD') > 0, 'past U+FFFF after the last BMP characters');
    assert.ok(compareWords('اب', 'ابت') < 0);
    assert.equal(compareWords('كلمة', 'كلمة'), 0);
  });

  it('reads and writes the metadata file', () => {
    const meta = { version: '1.6.0', pages: [['ar_1', 10, '']], chunks: [{ from: 'a', to: 'z', hash: 'ar_2' }], filters: [], sorts: [], fields: ['title'] };
    assert.deepEqual(decodeMeta(encodeMeta(meta as never)), meta);
  });
});

/** A page of a word: [page number delta, positions, positions in metadata]. */
type Page = [number, number[], number[]];

/** Writes a one-chunk bundle with these pages (fragment names), fields and words. */
async function bundle(dir: string, pages: string[], fields: string[], words: Array<[string, Page[], Array<[string, Page[]]>]>): Promise<void> {
  await mkdir(path.join(dir, 'index'), { recursive: true });
  await mkdir(path.join(dir, 'fragment'), { recursive: true });
  const chunk = new CborWriter().any([words]).bytes();
  const chunkName = `ar_${pagefindHash(chunk).slice(0, 7)}`;
  await writeFile(path.join(dir, 'index', `${chunkName}.pf_index`), packFile(chunk));
  const meta = encodeMeta({ version: '1.6.0', pages: pages.map((p) => [p, 100, '']), chunks: [{ from: words[0]![0], to: words.at(-1)![0], hash: chunkName }], filters: [], sorts: [], fields });
  const metaName = `ar_${pagefindHash(meta).slice(0, 10)}`;
  await writeFile(path.join(dir, `pagefind.${metaName}.pf_meta`), packFile(meta));
  for (const p of pages) await writeFile(path.join(dir, 'fragment', `${p}.pf_fragment`), packFile(Buffer.from(JSON.stringify({ url: `/${dir}/${p}/` }))));
  await writeFile(path.join(dir, 'pagefind-entry.json'), JSON.stringify({ version: '1.6.0', languages: { ar: { hash: metaName, wasm: 'ar', page_count: pages.length } } }));
  await writeFile(path.join(dir, 'pagefind.js'), '// pagefind');
  await packFragments(dir);
}

/** A sink that keeps nothing and holds what it is given. */
function memorySink(): MergeSink & { files: Map<string, Buffer | string> } {
  const files = new Map<string, Buffer | string>();
  return {
    files,
    keep: () => false,
    async made(rel, _key, bytes) {
      files.set(rel, bytes);
    },
    async copied(rel, _key, from) {
      files.set(rel, await readFile(from));
    },
  };
}

describe('merging shard bundles', () => {
  it('numbers pages shard after shard, joins a word of both, renumbers metadata fields, and renames a fragment name taken', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'midad-merge-'));
    try {
      const a = path.join(root, 'a');
      const b = path.join(root, 'b');
      // Shard a has no "summary" field; b has it before "title": a's title (field 1) is field 2 merged.
      await bundle(a, ['ar_1111111', 'ar_2222222'], ['headline', 'title'], [['بغداد', [[0, [-25, 3], [-2, 0]], [1, [-25, 5], []]], [['بَغداد', [[1, [], [-1, 2]]]]]]]);
      await bundle(b, ['ar_1111111', 'ar_3333333'], ['headline', 'summary', 'title'], [['بغداد', [[1, [-25, 7], [-3, 1]]], [['بَغداد', [[1, [], [-2, 4]]]]]], ['دمشق', [[0, [-25, 1], []]], []]]);
      const sink = memorySink();
      const r = await mergeBundles([{ dir: a }, { dir: b }], 'ar', sink);
      assert.deepEqual(r, { pages: 4, chunks: 1 });
      const metaFile = [...sink.files.keys()].find((f) => f.endsWith('.pf_meta'))!;
      const meta = decodeMeta(unpackFile(sink.files.get(metaFile) as Buffer));
      assert.deepEqual(meta.fields, ['headline', 'summary', 'title']);
      const names = meta.pages.map((p) => p[0] as string);
      assert.equal(names[2]!.length, 'ar_'.length + 8, 'the second ar_1111111 (other content) takes one more digit');
      assert.deepEqual([names[0], names[1], names[3]], ['ar_1111111', 'ar_2222222', 'ar_3333333']);
      for (const n of names) assert.ok(sink.files.has(`fragment/${n}.pf_fragment`), n);
      const chunk = new CborReader(unpackFile(sink.files.get(`index/${meta.chunks[0]!.hash}.pf_index`) as Buffer)).any();
      assert.deepEqual(chunk, [[
        // Pages 0, 1 of a and 3 of b (page 1 of b, after a's two): deltas 0, 1, 2.
        ['بغداد', [[0, [-25, 3], [-3, 0]], [1, [-25, 5], []], [2, [-25, 7], [-3, 1]]], [['بَغداد', [[1, [], [-1, 2]], [2, [], [-2, 4]]]]]],
        ['دمشق', [[2, [-25, 1], []]], []],
      ]]);
      assert.match(String(sink.files.get('pagefind-entry.json')), /"page_count":4/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('makes, from no shard at all (a site without articles), an entry file without an index', async () => {
    const sink = memorySink();
    assert.deepEqual(await mergeBundles([], 'ar', sink), { pages: 0, chunks: 0 });
    assert.deepEqual([...sink.files], [['pagefind-entry.json', '{"languages":{}}']]);
  });

  it('names a damaged shard: a chunk that is not gzip, a fragment pack cut short', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'midad-merge-'));
    try {
      const a = path.join(root, 'a');
      const b = path.join(root, 'b');
      await bundle(a, ['ar_1111111'], ['title'], [['كلمة', [[0, [1], []]], []]]);
      await bundle(b, ['ar_2222222'], ['title'], [['كلمة', [[0, [1], []]], []]]);
      const [name] = await readdir(path.join(b, 'index'));
      await writeFile(path.join(b, 'index', name!), 'not gzip');
      await assert.rejects(mergeBundles([{ dir: a }, { dir: b }], 'ar', memorySink()), (e: unknown) => e instanceof DamagedShardError && e.shard === 1);
      const pack = path.join(a, 'fragments.pack');
      await writeFile(pack, (await readFile(pack)).subarray(0, 10));
      await assert.rejects(mergeBundles([{ dir: a }], 'ar', memorySink()), (e: unknown) => e instanceof DamagedShardError && e.shard === 0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
