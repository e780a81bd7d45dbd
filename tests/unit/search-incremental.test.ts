// Incremental search, unit by unit: which search bundles a build makes (the diffing of documents against
// the base), the body-text budget, reading page ids back from a Pagefind bundle, and the
// writer's all-or-none keeping and moving of bundle files.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { OutputWriter } from '../../src/output/write.js';
import { firstWords, htmlToText, searchBodyWords } from '../../src/search/index.js';
import { fragmentUrl, metaPageIds } from '../../src/search/pagefind.js';
import { deltaLimit, parseRecord, planSearch, type SearchRecord } from '../../src/search/plan.js';

const record = (docs: Array<[string, string]>, delta?: SearchRecord['delta']): SearchRecord => ({
  version: 2,
  config: 'c1',
  base: { key: 'k', files: ['pagefind/pagefind.js'], docs: docs.map(([u, k], i) => [u, k, `ar_${i}`]) },
  ...(delta ? { delta } : {}),
});
const docs = (...pairs: Array<[string, string]>): Map<string, string> => new Map(pairs);
const BASE: Array<[string, string]> = [['/a/', '1'], ['/b/', '2'], ['/c/', '3']];

describe('planning the search bundles', () => {
  it('makes the base when there is no record, with --clean, or when documents are made differently', () => {
    assert.deepEqual(planSearch(undefined, 'c1', docs(...BASE), 10), { kind: 'base', reason: 'no-record' });
    assert.deepEqual(planSearch(record(BASE), 'c1', docs(...BASE), 10, true), { kind: 'base', reason: 'clean' });
    assert.deepEqual(planSearch(record(BASE), 'c2', docs(...BASE), 10), { kind: 'base', reason: 'config' });
  });

  it('finds nothing to do when no document changed', () => {
    assert.deepEqual(planSearch(record(BASE), 'c1', docs(...BASE), 10), { kind: 'delta', add: [], superseded: [] });
  });

  it('puts a changed document in the delta and supersedes its base page', () => {
    assert.deepEqual(planSearch(record(BASE), 'c1', docs(['/a/', '1'], ['/b/', '2*'], ['/c/', '3']), 10), { kind: 'delta', add: ['/b/'], superseded: ['/b/'] });
  });

  it('adds a new document without superseding anything; a removed one makes the base again, so its text leaves the site', () => {
    assert.deepEqual(planSearch(record(BASE), 'c1', docs(...BASE, ['/d/', '4']), 10), { kind: 'delta', add: ['/d/'], superseded: [] });
    assert.deepEqual(planSearch(record(BASE), 'c1', docs(['/a/', '1'], ['/c/', '3']), 10), { kind: 'base', reason: 'removed' });
  });

  it('treats a moved article (new URL) as removed and added', () => {
    assert.deepEqual(planSearch(record(BASE), 'c1', docs(['/a/', '1'], ['/b2/', '2'], ['/c/', '3']), 10), { kind: 'base', reason: 'removed' });
  });

  it('compares with the base, not the previous delta: an edit undone leaves no delta', () => {
    const withDelta = record(BASE, { key: 'd', files: [], docs: [['/a/', '1*']], superseded: ['ar_0'] });
    assert.deepEqual(planSearch(withDelta, 'c1', docs(...BASE), 10), { kind: 'delta', add: [], superseded: [] });
  });

  it('makes the base again when added and changed documents pass the limit', () => {
    const next = docs(['/a/', '1*'], ['/b/', '2*'], ['/c/', '3'], ['/d/', '4']); // 2 changed, 1 added
    assert.equal(planSearch(record(BASE), 'c1', next, 3).kind, 'delta');
    assert.deepEqual(planSearch(record(BASE), 'c1', next, 2), { kind: 'base', reason: 'delta-full' });
  });

  it('limits the delta to 200 documents or 5% of the site, whichever is smaller', () => {
    assert.equal(deltaLimit(5), 1);
    assert.equal(deltaLimit(1000), 50);
    assert.equal(deltaLimit(4000), 200);
    assert.equal(deltaLimit(10_000), 200);
    assert.equal(deltaLimit(10_000, 3), 3);
    assert.equal(deltaLimit(10_000, 0), 0);
  });

  it('reads only records this version wrote', () => {
    assert.deepEqual(parseRecord(JSON.stringify(record(BASE))), record(BASE));
    assert.equal(parseRecord('{"key":"old","files":[]}'), undefined, 'the record of the single-bundle search');
    assert.equal(parseRecord('not json'), undefined);
    // Damaged inside: each is read as no record (the index made again), never a crash later.
    const good = record(BASE);
    for (const damaged of [
      { ...good, base: { ...good.base, docs: [null] } },
      { ...good, base: { ...good.base, docs: [['/a/', 1, 'ar_0']] } },
      { ...good, base: { ...good.base, files: 'pagefind/pagefind.js' } },
      { ...good, base: null },
      { ...good, bodyWords: 'all' },
      { ...good, delta: { key: 'd', files: [], docs: [['/a/']], superseded: [] } },
      { ...good, delta: null },
      null,
      [],
    ]) assert.equal(parseRecord(JSON.stringify(damaged)), undefined, JSON.stringify(damaged));
    assert.equal(parseRecord(JSON.stringify(good).slice(0, -9)), undefined, 'cut short');
    assert.equal(parseRecord(''), undefined);
  });
});

describe('the body-text budget', () => {
  const html = '<h2 id="x">عنوان &amp; فرعي</h2>\n<p>كلمة <a href="/y/">رابط</a> أخرى&nbsp;هنا.</p><figure><img src="a.webp" alt="صورة"><figcaption>تعليق <span>[وكالة]</span></figcaption></figure><p>' + 'نص طويل '.repeat(300) + '</p>';

  it('takes the first words of the text, as from the whole body', () => {
    const all = htmlToText(html).split(' ');
    for (const n of [1, 2, 3, 5, 8, 10, 50, 299, 600, 605, 606, 2000]) assert.equal(firstWords(html, n), all.slice(0, n).join(' '), `n = ${n}`);
    assert.equal(firstWords(html, Infinity), htmlToText(html));
    assert.equal(firstWords(html, 0), '');
  });

  it('never turns a cut tag or comment into words', () => {
    const tagged = `<p>${'ا '.repeat(40)}</p><a href="/a very long url with spaces/" title="كلمات كثيرة هنا">ب</a> ج`;
    for (let n = 1; n < 45; n++) assert.equal(firstWords(tagged, n), htmlToText(tagged).split(' ').slice(0, n).join(' '), `n = ${n}`);
    const commented = `<p>${'د '.repeat(30)}</p><!-- ${'تعليق '.repeat(200)} --><p>هـ</p>`;
    assert.equal(firstWords(commented, 31), htmlToText(commented).split(' ').slice(0, 31).join(' '));
  });

  it('indexes whole bodies up to two million words in all, then steps down per article', () => {
    const env = process.env.MIDAD_SEARCH_BODY_WORDS;
    delete process.env.MIDAD_SEARCH_BODY_WORDS;
    try {
      assert.equal(searchBodyWords(Array(1000).fill(700)), Infinity);
      assert.equal(searchBodyWords(Array(3000).fill(700)), 600);
      assert.equal(searchBodyWords(Array(5000).fill(700)), 400);
      assert.equal(searchBodyWords(Array(10_000).fill(700)), 200);
      assert.equal(searchBodyWords(Array(50_000).fill(700)), 150, 'never fewer than 150');
      assert.equal(searchBodyWords([]), Infinity);
      // The cap the index has is kept while the total stays within 15% of the budget, so that one
      // article more does not make the whole index again (the cap is in every document).
      assert.equal(searchBodyWords(Array(10_001).fill(700)), 150, 'one article more: 200 words would pass the budget');
      assert.equal(searchBodyWords(Array(10_001).fill(700), 200), 200, '…but the index made with 200 keeps 200');
      assert.equal(searchBodyWords(Array(11_400).fill(700), 200), 200);
      assert.equal(searchBodyWords(Array(11_600).fill(700), 200), 150, 'past 15% over the budget it steps down');
      assert.equal(searchBodyWords(Array(3000).fill(700), Infinity), Infinity, 'full text kept just past the budget');
      assert.equal(searchBodyWords(Array(10_000).fill(700), 150), 150, 'a larger cap returns only well within the budget');
      assert.equal(searchBodyWords(Array(8000).fill(700), 150), 200);
      assert.equal(searchBodyWords(Array(10_000).fill(700), 80), 200, 'a cap not on the steps (an override) is not kept');
      process.env.MIDAD_SEARCH_BODY_WORDS = '80';
      assert.equal(searchBodyWords(Array(10).fill(700)), 80);
      process.env.MIDAD_SEARCH_BODY_WORDS = 'all';
      assert.equal(searchBodyWords(Array(50_000).fill(700)), Infinity);
    } finally {
      if (env === undefined) delete process.env.MIDAD_SEARCH_BODY_WORDS;
      else process.env.MIDAD_SEARCH_BODY_WORDS = env;
    }
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
      await w.add('pagefind/fragment/ar_1.pf_fragment', { moveFrom: path.join(scratch, 'fragment', 'ar_1.pf_fragment'), hash: 'k:1' }, 'k');
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
      await w.add('pagefind/a', { moveFrom: path.join(scratch, 'a'), hash: 'k:a' }, 'k');
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
      for (const f of ['pagefind/pagefind.js', 'pagefind/fragment/ar_1.pf_fragment', 'pagefind/fragment/ar_2.pf_fragment']) await first.add(f, { bytes: f }, 'k1');
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
