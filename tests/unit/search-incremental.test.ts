// The search index in shards, unit by unit: how articles are split into shards by publication
// time and which shards a change touches, reading the shards' record back (a damaged shard is
// made again, alone), the full text of a body, reading page ids back from a Pagefind bundle, and
// the writer's all-or-none keeping and moving of bundle files.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { OutputWriter } from '../../src/output/write.js';
import { htmlToText } from '../../src/search/index.js';
import { fragmentUrl, metaPageIds } from '../../src/search/pagefind.js';
import { parseRecord, type ReadShard, type SearchRecord } from '../../src/search/plan.js';
import { planShards, shardId, type ShardDoc } from '../../src/search/shards.js';

/** An article of `words` words published on day `day` of 2026 (order: date, then URL). */
const doc = (day: number, words = 100, key = 'k'): ShardDoc => {
  const date = new Date(Date.UTC(2026, 0, day)).toISOString();
  const url = `/a/${String(day).padStart(3, '0')}/`;
  return { url, key, order: `${date}\0${url}`, words };
};
const days = (from: number, to: number, words = 100): ShardDoc[] => Array.from({ length: to - from + 1 }, (_, i) => doc(from + i, words));
/** The shards as the record would keep them (ranges only: planning needs no more). */
const ranges = (shards: Array<{ id: string; start: string }>): ReadShard[] => shards.map((s) => ({ id: s.id, start: s.start, damaged: true }));
const urls = (shards: Array<{ docs: ShardDoc[] }>): string[][] => shards.map((s) => s.docs.map((d) => d.url));

describe('splitting the search index into shards by publication time', () => {
  it('packs articles, oldest first, into shards of at most the bound in words', () => {
    const shards = planShards(days(1, 10), undefined, 300);
    assert.deepEqual(shards.map((s) => s.docs.length), [3, 3, 3, 1]);
    assert.equal(shards[0]!.start, doc(1).order);
    assert.equal(shards[1]!.id, shardId(doc(4).order));
    assert.match(shards[1]!.id, /^20260104-[0-9a-f]{8}$/, 'named by the day it starts');
    // An article longer than the bound is a shard of its own, never cut.
    assert.deepEqual(planShards([doc(1), doc(2, 5000), doc(3)], undefined, 300).map((s) => s.docs.length), [1, 1, 1]);
    assert.deepEqual(planShards([], undefined, 300), []);
  });

  it('keeps the old shards as they are when articles are added to the newest, and opens a new one when it is full', () => {
    const first = planShards(days(1, 8), undefined, 300);
    const next = planShards(days(1, 11), ranges(first), 300);
    assert.deepEqual(next.slice(0, 2), first.slice(0, 2), 'the two full shards are the same');
    assert.deepEqual(urls(next).slice(2), [['/a/007/', '/a/008/', '/a/009/'], ['/a/010/', '/a/011/']]);
    assert.equal(next[2]!.id, first[2]!.id, 'the newest keeps its name as it fills');
  });

  it('touches only the shard of an edited, deleted or back-dated article; splits one only well past the bound', () => {
    const first = planShards(days(1, 9), undefined, 300);
    const edited = days(1, 9).map((d) => (d.url === '/a/005/' ? { ...d, key: 'k2', words: 150 } : d));
    const e = planShards(edited, ranges(first), 300);
    assert.deepEqual(e.map((s) => s.id), first.map((s) => s.id));
    assert.deepEqual(urls(e), urls(first));
    assert.equal(e[1]!.docs[1]!.key, 'k2');
    const deleted = planShards(days(1, 9).filter((d) => d.url !== '/a/002/'), ranges(first), 300);
    assert.deepEqual(urls(deleted), [['/a/001/', '/a/003/'], ['/a/004/', '/a/005/', '/a/006/'], ['/a/007/', '/a/008/', '/a/009/']]);
    assert.deepEqual(deleted.map((s) => s.id), first.map((s) => s.id));
    // An article dated inside the middle shard's range goes there; the shard splits, alone.
    const backdated = { ...doc(5), url: '/a/005b/', order: `${new Date(Date.UTC(2026, 0, 5, 12)).toISOString()}\0/a/005b/` };
    const b = planShards([...days(1, 9), backdated].sort((x, y) => (x.order < y.order ? -1 : 1)), ranges(first), 300);
    assert.deepEqual(urls(b), [['/a/001/', '/a/002/', '/a/003/'], ['/a/004/', '/a/005/', '/a/005b/'], ['/a/006/'], ['/a/007/', '/a/008/', '/a/009/']]);
    assert.deepEqual([b[0]!.id, b[1]!.id, b[3]!.id], first.map((s) => s.id), 'the others keep their names');
  });

  it('drops a shard whose articles are all gone; an older article than any goes to the first', () => {
    const first = planShards(days(1, 9), undefined, 300);
    const emptied = planShards([...days(1, 3), ...days(7, 9)], ranges(first), 300);
    assert.deepEqual(emptied.map((s) => s.id), [first[0]!.id, first[2]!.id]);
    const older = { ...doc(1), url: '/a/000/', order: `2025-12-31T00:00:00.000Z\0/a/000/`, words: 10 };
    const o = planShards([older, ...days(1, 9)], ranges(first), 300);
    assert.equal(o[0]!.id, first[0]!.id);
    assert.deepEqual(urls(o)[0], ['/a/000/', '/a/001/', '/a/002/', '/a/003/']);
  });
});

describe("the shards' record", () => {
  const shard = (id: string, start: string): SearchRecord['shards'][number] => ({ id, start, key: `key-${id}`, docs: [['/a/', '1']], statics: { 'pagefind.js': 'a1' } });
  const merged = { key: 'm1', files: [['pagefind/pagefind.js', '1.6.0:pagefind.js']] as Array<[string, string]> };
  const good: SearchRecord = { version: 4, config: 'c1', shards: [shard('s1', 'a'), shard('s2', 'b'), shard('s3', 'c')], merged };

  it('reads a whole record back', () => {
    assert.deepEqual(parseRecord(JSON.stringify(good)), { config: 'c1', shards: good.shards, merged });
  });

  it('reads a record whose merged bundle is damaged without it (the bundle is merged again)', () => {
    for (const bad of [null, { key: 'm1' }, { key: 'm1', files: [['pagefind/x']] }, { key: 'm1', files: [['../x', 'k']] }]) {
      assert.deepEqual(parseRecord(JSON.stringify({ ...good, merged: bad })), { config: 'c1', shards: good.shards }, JSON.stringify(bad));
    }
  });

  it('reads a damaged shard as its range alone, to be made again, and keeps the others', () => {
    for (const bad of [{ ...good.shards[1], docs: [null] }, { ...good.shards[1], docs: [['/a/', 1]] }, { ...good.shards[1], key: '../x' }, { ...good.shards[1], statics: 'x' }, { ...good.shards[1], statics: { 'pagefind.js': 1 } }, { ...good.shards[1], key: undefined }, { ...good.shards[1], key: 7 }]) {
      const r = parseRecord(JSON.stringify({ ...good, shards: [good.shards[0], bad, good.shards[2]] }));
      assert.deepEqual(r?.shards, [good.shards[0], { id: 's2', start: 'b', damaged: true }, good.shards[2]], JSON.stringify(bad));
    }
    // With not even its range readable, it is left out: its articles fall to the shard before it.
    for (const bad of [null, 7, { id: 's2' }, { id: '../x', start: 'b' }, { start: 'b' }]) {
      const r = parseRecord(JSON.stringify({ ...good, shards: [good.shards[0], bad, good.shards[2]] }));
      assert.deepEqual(r?.shards, [good.shards[0], good.shards[2]], JSON.stringify(bad));
    }
  });

  it('reads nothing from a record this version did not write, or one cut short', () => {
    for (const bad of ['not json', '', 'null', '[]', '{"version":2,"config":"c1","base":{}}', JSON.stringify({ ...good, version: 3 }), JSON.stringify({ ...good, shards: {} }), JSON.stringify({ ...good, config: 1 }),
      JSON.stringify({ ...good, shards: [good.shards[1], good.shards[0]] }), JSON.stringify({ ...good, shards: [good.shards[0], { ...good.shards[1], id: 's1' }] }), JSON.stringify(good).slice(0, -9)]) {
      assert.equal(parseRecord(bad), undefined, bad);
    }
  });
});

describe('the full text of a body', () => {
  it('turns body HTML into its visible words, entities decoded, comments dropped', () => {
    const html = '<h2 id="x">عنوان &amp; فرعي</h2>\n<p>كلمة <a href="/y/">رابط</a> أخرى&nbsp;هنا.</p><!-- سر --><figure><img src="a.webp" alt="صورة"><figcaption>تعليق</figcaption></figure><p>' + 'نص طويل '.repeat(3000) + 'آخر</p>';
    const text = htmlToText(html);
    assert.ok(text.startsWith('عنوان & فرعي كلمة رابط أخرى هنا. تعليق نص طويل'), text.slice(0, 60));
    assert.ok(text.endsWith('نص طويل آخر'), 'every word, to the last');
    assert.doesNotMatch(text, /سر|webp|\/y\//);
  });
});

/** A minimal CBOR encoder (definite lengths), for a synthetic Pagefind metadata file. */
function cbor(v: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof v === 'number') return head(0, v);
  if (typeof v === 'string') return Buffer.concat([head(3, Buffer.byteLength(v)), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  throw new Error('unsupported');
}
const pagefindFile = (payload: Buffer): Buffer => zlib.gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), payload]));


describe('page ids from a Pagefind bundle', () => {
  it('reads the page ids from the metadata file, in index order', () => {
    const pages = Array.from({ length: 300 }, (_, i) => [`ar_${i.toString(16).padStart(7, '0')}`, 100 + i, '']);
    const meta = pagefindFile(cbor(['1.6.0', pages, [['a', 'b', 'ar_x']], [], [], ['title']]));
    assert.deepEqual(metaPageIds(meta), pages.map((p) => p[0]));
  });

  it('reads a fragment\'s URL from its first bytes, and from the whole file when the URL is long', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'midad-fragments-'));
    try {
      const short = path.join(dir, 'a.pf_fragment');
      await writeFile(short, pagefindFile(Buffer.from(JSON.stringify({ url: '/articles/%D8%A3/', content: 'نص '.repeat(5000), word_count: 5000 }))));
      assert.equal(await fragmentUrl(short), '/articles/%D8%A3/');
      const longUrl = `/articles/${'%D8%A3'.repeat(2000)}/`;
      const long = path.join(dir, 'b.pf_fragment');
      // Random bytes after the URL keep the file from compressing below the first read.
      await writeFile(long, pagefindFile(Buffer.from(JSON.stringify({ url: longUrl, content: Array.from({ length: 4000 }, () => Math.random().toString(36)).join(' ') }))));
      assert.equal(await fragmentUrl(long), longUrl);
      assert.equal(await fragmentUrl(path.join(dir, 'missing.pf_fragment')), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the writer and the search bundles', () => {
  async function site(): Promise<{ out: string; done: () => Promise<void> }> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'midad-writer-'));
    return { out: path.join(root, 'public'), done: () => rm(root, { recursive: true, force: true }) };
  }
  const tree = async (dir: string): Promise<string[]> => (existsSync(dir) ? (await readdir(dir, { recursive: true })).map(String).sort() : []);

  it('moves files from a scratch folder into place at commit, and removes the scratch folder', async () => {
    const { out, done } = await site();
    try {
      const w = new OutputWriter(out);
      await w.begin();
      const scratch = await w.scratchDir('.midad-search-test');
      await mkdir(path.join(scratch, 'fragment'), { recursive: true });
      await writeFile(path.join(scratch, 'fragment', 'ar_1.pf_fragment'), 'one');
      await writeFile(path.join(scratch, 'pagefind-ui.js'), 'not published');
      await w.add({ path: 'pagefind/fragment/ar_1.pf_fragment', moveFrom: path.join(scratch, 'fragment', 'ar_1.pf_fragment'), hash: 'k:1', inputKey: 'k' });
      await w.commit();
      assert.deepEqual(await tree(out), ['.midad-manifest.json', 'pagefind', 'pagefind/fragment', 'pagefind/fragment/ar_1.pf_fragment'].map((p) => p.split('/').join(path.sep)));
      assert.equal(await readFile(path.join(out, 'pagefind/fragment/ar_1.pf_fragment'), 'utf8'), 'one');
    } finally {
      await done();
    }
  });

  it('leaves no trace on abort, not even an out folder it made', async () => {
    const { out, done } = await site();
    try {
      const w = new OutputWriter(out);
      await w.begin();
      const scratch = await w.scratchDir('.midad-search-test');
      await writeFile(path.join(scratch, 'a'), 'x');
      await w.add({ path: 'pagefind/a', moveFrom: path.join(scratch, 'a'), hash: 'k:a', inputKey: 'k' });
      await w.abort();
      assert.equal(existsSync(out), false);
    } finally {
      await done();
    }
  });

  it('keeps a bundle all or none: only when every file is there and made from the same key', async () => {
    const { out, done } = await site();
    try {
      const first = new OutputWriter(out);
      await first.begin();
      for (const f of ['pagefind/pagefind.js', 'pagefind/fragment/ar_1.pf_fragment', 'pagefind/fragment/ar_2.pf_fragment']) await first.add({ path: f, bytes: f, inputKey: 'k1' });
      await first.commit();
      const files = ['pagefind/pagefind.js', 'pagefind/fragment/ar_1.pf_fragment', 'pagefind/fragment/ar_2.pf_fragment'];

      const other = new OutputWriter(out);
      await other.begin();
      assert.equal(await other.keepAllIfSame(files, 'k2'), false, 'another key');
      assert.equal(await other.keepAllIfSame([...files, 'pagefind/fragment/ar_3.pf_fragment'], 'k1'), false, 'a file never written');
      assert.equal(other.has('pagefind/pagefind.js'), false, 'nothing kept by a failed attempt');

      await rm(path.join(out, 'pagefind/fragment/ar_2.pf_fragment'));
      const gone = new OutputWriter(out);
      await gone.begin();
      assert.equal(await gone.keepAllIfSame(files, 'k1'), false, 'a file deleted since');

      await writeFile(path.join(out, 'pagefind/fragment/ar_2.pf_fragment'), 'pagefind/fragment/ar_2.pf_fragment');
      const same = new OutputWriter(out);
      await same.begin();
      assert.equal(await same.keepAllIfSame(files, 'k1'), true);
      const stats = await same.commit();
      assert.deepEqual([stats.written, stats.removed], [0, 0]);
      assert.deepEqual(await tree(path.join(out, 'pagefind/fragment')), ['ar_1.pf_fragment', 'ar_2.pf_fragment']);
    } finally {
      await done();
    }
  });
});
