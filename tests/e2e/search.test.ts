// Issue 4 §5 in a real browser: the test site is built (Pagefind index included), served on
// 127.0.0.1 below its base path, and Debian's Chromium (driven by playwright-core, never a
// downloaded browser) types Arabic queries with spelling variants into /search/.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildSite, serve, writeSite } from './discovery-support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('search in the browser (issue 4 §5)', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}` }, () => {
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

  it('runs the query from ?q= on load, with no console errors', async () => {
    await page.goto(`${server.url}search/?q=${encodeURIComponent('موانيء')}`);
    await page.waitForFunction(() => document.querySelector('[data-search]')?.hasAttribute('data-search-count'));
    assert.equal(await page.inputValue('#search-input'), 'موانيء');
    assert.deepEqual(missing, []);
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  });
});
