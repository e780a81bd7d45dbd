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

// The index is a base bundle plus a delta of the articles added or changed since the
// base was made. Readers must not see the difference: after each publish, the browser finds
// what the articles say now, never what they said before, and never an article that is gone.
describe('search after edits: base and delta bundles', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}` }, () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let context: BrowserContext;
  let page: Page;
  let profile = '';
  let root = '';
  let out = '';
  const problems: string[] = [];
  const limit = process.env.MIDAD_SEARCH_DELTA_MAX;
  const file = (rel: string): string => path.join(root, 'content/articles', rel);
  const edit = async (rel: string, from: string, to: string): Promise<void> => {
    const text = await readFile(file(rel), 'utf8');
    assert.ok(text.includes(from), `${rel} holds ${from}`);
    await writeFile(file(rel), text.replace(from, to));
  };
  const manifest = async (): Promise<{ bundle: boolean; superseded: string[]; pages: { base: number; delta: number } }> =>
    JSON.parse(await readFile(path.join(out, 'pagefind-delta/midad-delta.json'), 'utf8')) as { bundle: boolean; superseded: string[]; pages: { base: number; delta: number } };
  const listing = async (dir: string): Promise<string[]> =>
    existsSync(path.join(out, dir)) ? (await readdir(path.join(out, dir), { recursive: true })).map(String).sort() : [];
  const rebuild = async (): Promise<void> => {
    const r = await buildSite(root);
    assert.ok(r.ok, r.diagnostics.map((d) => d.message).join('\n'));
    out = r.out;
  };

  /** Loads the search page afresh (as a reader would after a publish), types a query, returns the titles. */
  async function search(query: string): Promise<string[]> {
    await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'));
    return page.$$eval('[data-search-results] .card-title a', (as) => as.map((a) => a.textContent ?? ''));
  }

  before(async () => {
    // Deltas of up to 3 documents on this 5-article site (the default would be 1).
    process.env.MIDAD_SEARCH_DELTA_MAX = '3';
    root = await writeSite();
    await rebuild();
    server = await serve(out, '/ar/');
    profile = await mkdtemp(path.join(os.tmpdir(), 'midad-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  after(async () => {
    if (limit === undefined) delete process.env.MIDAD_SEARCH_DELTA_MAX;
    else process.env.MIDAD_SEARCH_DELTA_MAX = limit;
    await context?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('starts with the base alone: the delta manifest says there is no delta', async () => {
    assert.deepEqual(await manifest(), { version: 1, bundle: false, superseded: [], pages: { base: 5, delta: 0 } });
    assert.deepEqual(await listing('pagefind-delta'), ['midad-delta.json']);
    assert.deepEqual(await search('بغداد'), ['الدينار يستقر أمام الدولار']);
  });

  it('finds an edited article by its new words, not its old ones, with the base left as it was', async () => {
    const base = await listing('pagefind');
    await edit('2026/10/01/dinar.md', 'أسواق بغداد', 'أسواق أربيل');
    await edit('2026/10/01/dinar.md', 'title: الدينار يستقر أمام الدولار', 'title: الدينار يرتفع أمام الدولار');
    await rebuild();
    assert.deepEqual(await listing('pagefind'), base, 'the base bundle is kept');
    const m = await manifest();
    assert.equal(m.bundle, true);
    assert.equal(m.superseded.length, 1);
    assert.ok(existsSync(path.join(out, 'pagefind-delta/pagefind.js')));
    assert.deepEqual(await search('أربيل'), ['الدينار يرتفع أمام الدولار']);
    assert.deepEqual(await search('اربيل'), ['الدينار يرتفع أمام الدولار'], 'folded like the base');
    assert.deepEqual(await search('بغداد'), [], 'the old text is not found');
    // Both the base (old version) and the delta (new version) hold "الدينار": one result, the new one.
    assert.deepEqual(await search('الدينار'), ['الدينار يرتفع أمام الدولار']);
    // Results of both bundles, merged: the tag "العراق" is on two base articles and the changed one.
    assert.deepEqual((await search('العراق')).sort(), ['أمن الحدود يتصدر أولويات الحكومة', 'الدينار يرتفع أمام الدولار', 'تفكيك خلية تابعة لتنظيم القاعدة'].sort());
  });

  it('never shows a deleted article, and finds a new one', async () => {
    await rm(file('2026/09/01/ports.md'));
    await mkdir(path.dirname(file('2026/11/27/gold.md')), { recursive: true });
    await writeFile(file('2026/11/27/gold.md'), '---\ntitle: أسعار الذهب ترتفع في بغداد\nsummary: ارتفاع جديد للذهب.\ndate: 2026-11-27T09:00:00+03:00\nsection: economy\n---\n\nسجلت أسعار الذهب ارتفاعاً في أسواق العاصمة.\n');
    await rebuild();
    // An article that left the site takes its text with it: the base is made again (with the
    // edit above in it), and no published fragment holds the deleted article's words.
    assert.deepEqual(await manifest(), { version: 1, bundle: false, superseded: [], pages: { base: 5, delta: 0 } });
    const fragments = (await listing('pagefind')).filter((f) => f.endsWith('.pf_fragment'));
    assert.equal(fragments.length, 5);
    for (const f of fragments) assert.doesNotMatch(gunzipSync(await readFile(path.join(out, 'pagefind', f))).toString('utf8'), /موانئ|البصرة/, f);
    assert.deepEqual(await search('موانئ'), []);
    assert.deepEqual(await search('البصرة'), []);
    assert.deepEqual(await search('الذهب'), ['أسعار الذهب ترتفع في بغداد']);
    assert.deepEqual(await search('بغداد'), ['أسعار الذهب ترتفع في بغداد'], 'the new article, not the edited one');
    assert.deepEqual(await search('أربيل'), ['الدينار يرتفع أمام الدولار']);
  });

  it('keeps both bundles when nothing changed', async () => {
    const before = [...await listing('pagefind'), ...await listing('pagefind-delta')];
    const r = await buildSite(root);
    assert.ok(r.ok);
    assert.equal(r.stats.files?.written, 0);
    assert.deepEqual([...await listing('pagefind'), ...await listing('pagefind-delta')], before);
  });

  it('folds the delta back into the base when it grows past the limit', async () => {
    const base = await listing('pagefind');
    await edit('2026/11/20/qaeda.md', 'صحراء الأنبار', 'صحراء النخيب');
    await edit('2026/11/28/border/index.md', 'تشمل الخطة ٣ مراحل.', 'تشمل الخطة ٣ مراحل وأبراج مراقبة.');
    await edit('2026/10/01/dinar.md', 'أسواق أربيل', 'أسواق أربيل والموصل');
    await edit('2026/11/27/gold.md', 'ارتفاعاً', 'ارتفاعاً كبيراً');
    await rebuild();
    assert.notDeepEqual(await listing('pagefind'), base, 'a new base');
    assert.deepEqual(await manifest(), { version: 1, bundle: false, superseded: [], pages: { base: 5, delta: 0 } });
    assert.deepEqual(await listing('pagefind-delta'), ['midad-delta.json'], 'the delta bundle is removed');
    assert.deepEqual(await search('النخيب'), ['تفكيك خلية تابعة لتنظيم القاعدة']);
    assert.deepEqual(await search('الأنبار'), ['تفكيك خلية تابعة لتنظيم القاعدة'], 'still in its summary');
    assert.deepEqual(await search('مراقبة'), ['أمن الحدود يتصدر أولويات الحكومة']);
    assert.deepEqual(await search('موانئ'), []);
    assert.deepEqual(await search('أربيل'), ['الدينار يرتفع أمام الدولار']);
    assert.deepEqual(await search('الذهب'), ['أسعار الذهب ترتفع في بغداد']);
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  });
});
