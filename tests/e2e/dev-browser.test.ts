// `midad dev` in a real browser (Debian's Chromium, driven by playwright-core): the injected
// script runs under the site's Content-Security-Policy, an edit reloads the open page, a
// broken article puts the error overlay over the last good page, and the fix clears it.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { makeSite } from '../helpers/site.js';
import { save, startDev, type DevProcess } from './dev-support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const A = 'content/articles/a.md';
const SITE_YML = 'title: الفاصل\ndescription: وصف\nbaseUrl: https://example.org/\nsections:\n  - slug: security\n    name: أمن\nauthors:\n  - slug: team\n    name: الفريق\ndefaultAuthor: team\n';
const article = (title: string, section = 'security'): string => `---\ntitle: ${title}\nsummary: ملخص الخبر\ndate: 2026-01-24\nsection: ${section}\n---\n\nنص الخبر.\n`;

describe('midad dev in the browser', { skip: existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM}`, concurrency: false, timeout: 180_000 }, () => {
  let dev: DevProcess;
  let context: BrowserContext;
  let page: Page;
  let profile = '';
  let root = '';
  const problems: string[] = [];

  before(async () => {
    root = await makeSite({ 'content/site.yml': SITE_YML, [A]: article('العنوان الأول') });
    dev = await startDev(root);
    profile = await mkdtemp(path.join(os.tmpdir(), 'midad-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await context.newPage();
    // A CSP violation or a script error shows up here.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('response', (res) => {
      // The browser asks for /favicon.ico, which a test site need not have.
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) problems.push(`${res.status()} ${res.url()}`);
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${dev.url}articles/2026/01/24/a/`);
    // Connected once the script has had `hello` from the event stream.
    await page.waitForSelector('html[data-midad-dev="live"]', { timeout: 15_000 });
  });

  after(async () => {
    await context?.close();
    await dev?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const h1 = (): Promise<string> => page.locator('h1').first().innerText();

  test('an edit reloads the open page', async () => {
    assert.equal(await h1(), 'العنوان الأول');
    await save(root, A, article('العنوان بعد التعديل'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.trim() === 'العنوان بعد التعديل', undefined, { timeout: 30_000 });
  });

  test('a broken article: the overlay over the last good page, with the positioned error', async () => {
    await save(root, A, article('عنوان لن يظهر', 'securty'));
    const overlay = page.locator('#midad-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await overlay.innerText();
    assert.match(text, /content\/articles\/a\.md:5:10/);
    assert.match(text, /section "securty" is not defined in content\/site\.yml \(did you mean "security"\?\)/);
    assert.match(text, /section: securty/);
    assert.equal(await h1(), 'العنوان بعد التعديل', 'the page under the overlay is the last good one');
    // The overlay covers the page.
    const box = await overlay.boundingBox();
    const view = page.viewportSize()!;
    assert.ok(box && box.width >= view.width - 1 && box.height >= view.height - 1);
  });

  test('the fix reloads the page without the overlay', async () => {
    await save(root, A, article('العنوان بعد الإصلاح'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.trim() === 'العنوان بعد الإصلاح', undefined, { timeout: 30_000 });
    assert.equal(await page.locator('#midad-overlay').count(), 0);
  });

  test('in Arabic (--lang ar): the overlay reads right to left in Arabic; the place and the code frame left to right', async () => {
    const arRoot = await makeSite({ 'content/site.yml': SITE_YML, [A]: article('العنوان الأول') });
    const arDev = await startDev(arRoot, ['--lang', 'ar']);
    const arPage = await context.newPage();
    try {
      await arPage.goto(`${arDev.url}articles/2026/01/24/a/`);
      await arPage.waitForSelector('html[data-midad-dev="live"]', { timeout: 15_000 });
      await save(arRoot, A, article('عنوان لن يظهر', 'securty'));
      const overlay = arPage.locator('#midad-overlay');
      await overlay.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await overlay.getAttribute('dir'), 'rtl');
      assert.equal(await overlay.getAttribute('lang'), 'ar');
      assert.equal(await overlay.evaluate((el) => getComputedStyle(el).direction), 'rtl');
      assert.equal(await arPage.locator('.midad-title').innerText(), 'مداد: خطأ واحد');
      assert.equal(await arPage.locator('.midad-close').getAttribute('aria-label'), 'إغلاق');
      assert.match(await overlay.innerText(), /خطأ: القسم "securty" غير معرّف في content\/site\.yml/);
      assert.doesNotMatch(await overlay.innerText(), /The last good pages/);
      assert.equal(await arPage.locator('.midad-where').evaluate((el) => getComputedStyle(el).direction), 'ltr');
      assert.equal(await arPage.locator('.midad-frame').evaluate((el) => getComputedStyle(el).direction), 'ltr');
    } finally {
      await arPage.close();
      await arDev.stop();
    }
  });

  test('no script error and no Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });
});
