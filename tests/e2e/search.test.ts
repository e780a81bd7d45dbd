// Search in a real browser: the test site is built (Pagefind index included), served on
// 127.0.0.1 below its base path, and Debian's Chromium (driven by playwright-core, never a
// downloaded browser) types Arabic queries with spelling variants into /search/.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildSite, serve, writeSite } from './discovery-support.js';
import { PLANTED, buildShardSite, shardList, writeShardSite, type ShardSite } from './search-support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('search in the browser', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}` }, () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let context: BrowserContext;
  let page: Page;
  let profile = '';
  let root = '';
  const problems: string[] = [];
  const missing: string[] = [];

  before(async () => {
    root = await writeSite();
    const r = await buildSite(root);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('\n'));
    server = await serve(r.out, '/ar/');
    profile = await mkdtemp(path.join(os.tmpdir(), 'midad-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('response', (res) => {
      // The browser asks for /favicon.ico, which a test site need not have.
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) missing.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(`${server.url}search/`);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Types a query and returns the titles of the results, once the status line reports them. */
  async function search(query: string): Promise<string[]> {
    await page.fill('#search-input', '');
    await page.fill('#search-input', query);
    await page.press('#search-input', 'Enter');
    await page.waitForFunction((q) => {
      const status = document.querySelector('[data-search-status]')?.textContent ?? '';
      return status.includes(q) && document.querySelector('[data-search]')?.hasAttribute('data-search-count');
    }, query);
    return page.$$eval('[data-search-results] .card-title a', (as) => as.map((a) => a.textContent ?? ''));
  }

  it('is a right-to-left page styled by the site, with a CSP that allows Pagefind', async () => {
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(await page.$$eval('script:not([src])', (s) => s.filter((x) => x.getAttribute('type') !== 'application/ld+json').length), 0, 'no inline script');
    assert.equal(await page.$eval('#search-input', (i) => getComputedStyle(i).direction), 'rtl');
  });

  it('finds "أمن" when typed without hamza ("امن")', async () => {
    const titles = await search('امن');
    assert.ok(titles.includes('أمن الحدود يتصدر أولويات الحكومة'), titles.join(' | '));
  });

  it('finds "القاعدة" when typed with ه ("القاعده"), and with tashkeel', async () => {
    assert.deepEqual(await search('القاعده'), ['تفكيك خلية تابعة لتنظيم القاعدة']);
    assert.deepEqual(await search('القَاعِدَة'), ['تفكيك خلية تابعة لتنظيم القاعدة']);
  });

  it('matches Arabic-Indic and Latin digits both ways', async () => {
    // "١٧" in the text, "17" typed; "٣" typed, "٣" in the text (both folded to 3).
    assert.deepEqual(await search('17'), ['تفكيك خلية تابعة لتنظيم القاعدة']);
    assert.deepEqual(await search('٣'), ['أمن الحدود يتصدر أولويات الحكومة']);
  });

  it('finds text with tashkeel in the article ("خليةً") and tatweel in the query', async () => {
    assert.ok((await search('تابعـــة')).includes('تفكيك خلية تابعة لتنظيم القاعدة'));
  });

  it('links results to the articles and shows the original spelling', async () => {
    await search('الدينار');
    const href = await page.$eval('[data-search-results] .card-title a', (a) => a.getAttribute('href'));
    assert.equal(href, '/ar/articles/2026/10/01/dinar/');
    const summary = await page.$eval('[data-search-results] .card-summary', (p) => p.textContent);
    assert.equal(summary, 'استقرار سعر الصرف في الأسواق.');
    assert.deepEqual(await search('كلمةغيرموجودة'), []);
    assert.match(await page.$eval('[data-search-status]', (s) => s.textContent ?? ''), /لا نتائج/);
  });

  it('lists nothing for a word no article has, though Pagefind would search it as a prefix that some article has', async () => {
    // "بغداد" and "الدينار" are in an article; Pagefind alone answers these with that article.
    for (const q of ['بغدادستانية', 'الدينارزززز', 'xyzzy', 'الدينار بغدادستانية']) {
      assert.deepEqual(await search(q), [], q);
      assert.match(await page.$eval('[data-search-status]', (s) => s.textContent ?? ''), /لا نتائج/, q);
    }
    // While the words are forms of what the article has: typed so far, or with another ending.
    for (const q of ['الدين', 'الدولارات', 'الدولاراتهما', 'بغداد', 'الدينار العراقي']) assert.deepEqual(await search(q), ['الدينار يستقر أمام الدولار'], q);
  });

  it('shows a query with "$&" or "$\'" in it as typed', async () => {
    for (const q of ['$&', "$'x", '$`']) {
      await search(q);
      assert.ok((await page.$eval('[data-search-status]', (s) => s.textContent ?? '')).includes(`«${q}»`), q);
    }
  });

  it('runs the query from ?q= on load, with no console errors', async () => {
    await page.goto(`${server.url}search/?q=${encodeURIComponent('موانيء')}`);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'));
    assert.equal(await page.inputValue('#search-input'), 'موانيء');
    assert.deepEqual(missing, []);
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  });
});

// The index in shards: on a site big enough to have several, the browser finds words planted at
// the very end of long bodies in every shard, and after an edit and a deletion finds what the
// articles say now, never what they said before, and never an article that is gone.
describe('search across shards, after edits and deletions', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}` }, () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let context: BrowserContext;
  let page: Page;
  let profile = '';
  let site: ShardSite;
  let out = '';
  const problems: string[] = [];
  const titleOf = async (rel: string): Promise<string> => JSON.parse(/^title: (.*)$/m.exec(await readFile(path.join(site.root, rel), 'utf8'))![1]!) as string;
  const rebuild = async (): Promise<void> => {
    const r = await buildShardSite(site.root);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('\n'));
    out = r.out;
  };

  /** Loads the search page afresh (as a reader would after a publish) with ?q=, returns the titles. */
  async function search(query: string): Promise<string[]> {
    await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'));
    const count = Number(await page.getAttribute('[data-search]', 'data-search-count'));
    const titles = await page.$$eval('[data-search-results] .card-title a', (as) => as.map((a) => a.textContent ?? ''));
    assert.equal(count, titles.length > 9 ? count : titles.length, 'data-search-count counts the results');
    return titles;
  }

  before(async () => {
    site = await writeShardSite();
    await rebuild();
    server = await serve(out, '/');
    profile = await mkdtemp(path.join(os.tmpdir(), 'midad-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (site) await rm(site.root, { recursive: true, force: true });
  });

  it('finds each word planted at the end of a long body, whichever shard holds it', async () => {
    assert.ok((await shardList(site.root)).length >= 3);
    for (let i = 0; i < PLANTED.length; i++) assert.deepEqual(await search(PLANTED[i]!), [await titleOf(site.planted[i]!)], PLANTED[i]);
    // Two planted words of different shards: no article has both.
    assert.deepEqual(await search(`${PLANTED[0]} ${PLANTED[5]}`), []);
  });

  it('lists results from every shard for a common word, and nothing for a word in none', async () => {
    const shards = await shardList(site.root);
    await page.goto(`${server.url}search/?q=${encodeURIComponent('الحكومة')}`);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'));
    const count = Number(await page.getAttribute('[data-search]', 'data-search-count'));
    assert.ok(count > shards.length, `${count} results`);
    // A word in no article: each shard would answer with its longest prefix; none may.
    assert.deepEqual(await search(`${PLANTED[1]}ستانية`), []);
    assert.deepEqual(await search('الحكومةستانية'), []);
  });

  it('finds an edited article by its new last word, not its old one', async () => {
    const rel = site.planted[2]!;
    const file = path.join(site.root, rel);
    await writeFile(file, (await readFile(file, 'utf8')).replace(PLANTED[2]!, 'كستنائيات'));
    await rebuild();
    assert.deepEqual(await search('كستنائيات'), [await titleOf(rel)]);
    assert.deepEqual(await search(PLANTED[2]!), []);
  });

  it('never shows a deleted article, and finds the others as before', async () => {
    const rel = site.planted[3]!;
    await rm(path.join(site.root, rel));
    await rebuild();
    assert.deepEqual(await search(PLANTED[3]!), []);
    assert.deepEqual(await search(PLANTED[4]!), [await titleOf(site.planted[4]!)]);
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  });
});

// The merged bundle ranks as one index: the same articles built as one index and as several
// shards, the same queries asked of both search pages; each result's score (on its card) and the
// order are those of the one index, to float precision (articles that tie in one index may come
// in either order).
describe('search across shards ranks as one index would', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}` }, () => {
  const QUERIES = ['النفط', 'بغداد', 'الكهرباء', 'الموصل', 'الانتخابات', 'السيبراني', 'المستشفى', 'دمشق', 'الأمن السيبراني', 'النفط الغاز', 'الحكومة البرلمان', 'رئيس الوزراء', 'الموازنة الاستثمار', PLANTED[2]!];
  const made: string[] = [];
  const servers: Array<Awaited<ReturnType<typeof serve>>> = [];
  let context: BrowserContext;
  let page: Page;
  let profile = '';

  after(async () => {
    await context?.close();
    for (const s of servers) await s.close();
    for (const dir of [...made, profile].filter(Boolean)) await rm(dir, { recursive: true, force: true });
  });

  /** The results of a query on one site: [article URL, score] in the order shown. */
  async function ranked(url: string, query: string): Promise<{ count: number; rows: Array<[string, number]> }> {
    await page.goto(`${url}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'));
    const count = Number(await page.getAttribute('[data-search]', 'data-search-count'));
    const rows = await page.$$eval('[data-search-results] .card', (cards) => cards.map((c): [string, number] => [c.querySelector('.card-title a')?.getAttribute('href') ?? '', Number((c as HTMLElement).dataset.score)]));
    return { count, rows };
  }

  it('gives every query the same results with the same scores, in the same order but for ties', async () => {
    const sharded = await writeShardSite();
    const single = await writeShardSite();
    made.push(sharded.root, single.root);
    const a = await buildShardSite(sharded.root);
    const b = await buildShardSite(single.root, 1e9);
    assert.ok(a.ok && b.ok);
    assert.ok((await shardList(sharded.root)).length >= 3);
    assert.equal((await shardList(single.root)).length, 1);
    servers.push(await serve(a.out, '/'), await serve(b.out, '/'));
    profile = await mkdtemp(path.join(os.tmpdir(), 'midad-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await context.newPage();
    const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-4 * Math.max(Math.abs(x), Math.abs(y));
    for (const q of QUERIES) {
      const one = await ranked(servers[1]!.url, q);
      const many = await ranked(servers[0]!.url, q);
      assert.ok(one.count > 0, q);
      assert.equal(many.count, one.count, `${q}: as many results`);
      const oneScore = new Map(one.rows);
      // The scores shown are the one index's, page by page.
      const missing = many.rows.filter(([u, s]) => oneScore.has(u) && !close(s, oneScore.get(u)!));
      assert.deepEqual(missing, [], `${q}: scores on the one index's scale`);
      // And the first page holds the same articles, bar those tied with the last one shown.
      const last = one.rows[one.rows.length - 1]![1];
      const sure = (rows: Array<[string, number]>): string[] => rows.filter(([, s]) => !close(s, last)).map(([u]) => u).sort();
      assert.deepEqual(sure(many.rows), sure(one.rows), `${q}: the same first page`);
      assert.deepEqual(many.rows.map(([, s]) => s), [...many.rows.map(([, s]) => s)].sort((x, y) => y - x), `${q}: best first`);
    }
  });
});
