// The reader's experience in a real browser: the sample site (content/, plus one article of long hashtags,
// URLs and words) is built, served on 127.0.0.1 and opened in Debian's Chromium through
// playwright-core at phone (390×844) and desktop (1280×800) sizes. Every page type must pass
// axe-core's WCAG 2.1 A/AA rules (light and dark), log no error, break no Content-Security-
// Policy rule, ask no other host for anything and never scroll sideways on a phone; the
// article must stay inside its performance budget with the hero image as its preloaded LCP.
// The screenshots in docs/screenshots/ are made here.

import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  buildReaderSite, HAVE_CHROMIUM, CHROMIUM, launchChromium, LONG_ARTICLE, PROJECT_ROOT, serveSite, writeReaderSite, type SiteServer,
} from './browser-support.js';

const require = createRequire(import.meta.url);

const ARTICLE = '/articles/2026/01/24/partners/';
/** One page of each kind; the tag is Arabic, the last page is the long-text one. */
const PAGES: Array<[string, string]> = [
  ['home', '/'],
  ['article', ARTICLE],
  ['section', '/security/'],
  ['tag', '/tags/العراق/'],
  ['author', '/authors/layla-hassan/'],
  // The author box with a photo and links under an article; a static page from content/pages/.
  ['article with an author photo', '/articles/2026/11/27/dates-exports/'],
  ['static page', '/about/'],
  ['search', '/search/'],
  ['404', '/404.html'],
  ['long article', LONG_ARTICLE],
];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** HTML + CSS + fonts of an article, compressed, before images. */
const BUDGET = 60 * 1024;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What one page load did wrong, collected by `Tab`. */
interface Visit {
  errors: string[];
  foreign: string[];
}

/** A browser tab that records console errors, page errors, CSP violations and foreign requests. */
class Tab {
  visit: Visit = { errors: [], foreign: [] };
  private constructor(readonly context: BrowserContext, readonly page: Page) {}

  static async open(browser: Browser, server: SiteServer, options: Parameters<Browser['newContext']>[0]): Promise<Tab> {
    const context = await browser.newContext(options);
    // Runs before any page script, outside the page's CSP (it is not an inline script).
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[]; __lcp: Array<{ tag: string; src: string; time: number }> };
      w.__csp = [];
      w.__lcp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { element: Element | null; url: string }>) {
          w.__lcp.push({ tag: entry.element?.tagName ?? '', src: entry.url, time: entry.startTime });
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const page = await context.newPage();
    const tab = new Tab(context, page);
    // Nothing may leave 127.0.0.1: such a request is recorded and never sent.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.origin === server.origin) return route.continue();
      tab.visit.foreign.push(url.href);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) tab.visit.errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => tab.visit.errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => tab.visit.errors.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    return tab;
  }

  /** Opens a site path and waits for the load event and the fonts. */
  async go(server: SiteServer, sitePath: string): Promise<void> {
    this.visit = { errors: [], foreign: [] };
    const res = await this.page.goto(server.origin + encodeURI(sitePath), { waitUntil: 'load' });
    assert.equal(res?.status(), 200, `${sitePath}: HTTP ${res?.status()}`);
    await this.page.evaluate(() => document.fonts.ready.then(() => undefined));
  }

  /** Everything that went wrong since `go`, CSP violations included. */
  async problems(): Promise<string[]> {
    const csp = await this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    return [...this.visit.errors, ...csp.map((c) => `CSP: ${c}`), ...this.visit.foreign.map((u) => `foreign request: ${u}`)];
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

let axeSource = '';

/** axe-core's WCAG 2.1 A and AA violations on the current page, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: an injected inline <script> would break the CSP.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
  }, WCAG);
  return violations;
}

/** Does the page scroll sideways? */
const sideways = (page: Page): Promise<{ scroll: number; client: number }> =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));

describe('the reader experience in Chromium', { skip: HAVE_CHROMIUM ? false : `no browser at ${CHROMIUM}` }, () => {
  let server: SiteServer;
  let browser: Browser;
  let out = '';
  let root = '';
  let phone: Tab;
  let desktop: Tab;

  before(async () => {
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    root = await writeReaderSite();
    const built = await buildReaderSite(root);
    assert.ok(built.ok, built.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
    out = built.out;
    server = await serveSite(out);
    browser = await launchChromium();
    phone = await Tab.open(browser, server, { viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    // The checker must be able to fail: a page without lang and an image without alt.
    await phone.page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:,"></main></body></html>');
    const canary = (await axeViolations(phone.page)).map((v) => v.split(' ')[0]);
    assert.ok(canary.includes('image-alt') && canary.includes('html-has-lang'), `axe-core found ${canary.join(', ')}`);
    desktop = await Tab.open(browser, server, { viewport: DESKTOP });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  for (const [size, tab] of [['390×844', () => phone], ['1280×800', () => desktop]] as const) {
    it(`every kind of page at ${size}: axe WCAG 2.1 AA clean, no console error, no CSP violation, no other host`, async () => {
      const failures: string[] = [];
      for (const [name, sitePath] of PAGES) {
        const t = tab();
        await t.go(server, sitePath);
        for (const v of await axeViolations(t.page)) failures.push(`${name} ${sitePath}: ${v}`);
        for (const p of await t.problems()) failures.push(`${name} ${sitePath}: ${p}`);
        if (t === phone) {
          const w = await sideways(t.page);
          if (w.scroll > w.client) failures.push(`${name} ${sitePath}: scrolls sideways (${w.scroll} > ${w.client} px)`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  it('search results (typed Arabic query) pass axe and break nothing', async () => {
    await phone.go(server, '/search/');
    await phone.page.fill('#search-input', 'العراق');
    await phone.page.press('#search-input', 'Enter');
    await phone.page.waitForSelector('[data-search-count]', { timeout: 10_000 });
    assert.ok(await phone.page.locator('[data-search-results] article, [data-search-results] li').count() > 0, 'no search result shown');
    assert.deepEqual([...await axeViolations(phone.page), ...await phone.problems()], []);
    const w = await sideways(phone.page);
    assert.ok(w.scroll <= w.client, `search results scroll sideways (${w.scroll} > ${w.client})`);
  });

  it('dark scheme (system setting) keeps every page WCAG AA, contrast included', async () => {
    const dark = await Tab.open(browser, server, { viewport: PHONE, colorScheme: 'dark' });
    try {
      const failures: string[] = [];
      for (const [name, sitePath] of PAGES) {
        await dark.go(server, sitePath);
        const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        if (bg === 'rgb(255, 255, 255)') failures.push(`${name}: still a white page in the dark scheme`);
        for (const v of await axeViolations(dark.page)) failures.push(`${name} (dark): ${v}`);
        for (const p of await dark.problems()) failures.push(`${name} (dark): ${p}`);
      }
      assert.deepEqual(failures, []);
    } finally {
      await dark.close();
    }
  });

  it(`the article stays within ${BUDGET / 1024} KB before images, blocks render on one stylesheet only, and its preloaded hero is the LCP`, async () => {
    await phone.go(server, ARTICLE);
    // The hero's LCP entry comes with its first paint after load; then let later paints settle.
    await phone.page.waitForFunction(() => (window as unknown as { __lcp: Array<{ tag: string }> }).__lcp.some((e) => e.tag === 'IMG'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await phone.page.waitForTimeout(300);
    const loaded = await phone.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return [nav, ...res].map((e) => ({
        url: e.name, type: e.initiatorType, blocking: (e as unknown as { renderBlockingStatus?: string }).renderBlockingStatus ?? '',
      }));
    });
    let total = 0;
    const lines: string[] = [];
    for (const r of loaded) {
      const p = decodeURIComponent(new URL(r.url).pathname);
      if (/\.(webp|jpe?g|png|avif|gif)$/.test(p)) continue;
      const file = path.join(out, ...(p.endsWith('/') ? `${p}index.html` : p).split('/'));
      const bytes = await readFile(file);
      // woff2 is compressed already; text travels gzipped (what every static host does).
      const size = p.endsWith('.woff2') ? bytes.length : gzipSync(bytes).length;
      total += size;
      lines.push(`${(size / 1024).toFixed(1).padStart(6)} KB  ${p}`);
    }
    console.log(`article transfer before images (390×844):\n${lines.join('\n')}\n${(total / 1024).toFixed(1).padStart(6)} KB  total (budget ${BUDGET / 1024} KB)`);
    assert.ok(total <= BUDGET, `article transfers ${total} bytes before images (budget ${BUDGET})`);
    assert.ok(lines.some((l) => l.endsWith('.woff2')), 'the page loaded no font: is the text face missing?');

    const blocking = loaded.filter((r) => r.blocking === 'blocking').map((r) => new URL(r.url).pathname);
    assert.equal(blocking.length, 1, `render-blocking requests: ${blocking.join(', ')}`);
    assert.match(blocking[0]!, /\/assets\/style\.[0-9a-f]+\.css$/);

    const lcp = await phone.page.evaluate(() => (window as unknown as { __lcp: Array<{ tag: string; src: string }> }).__lcp);
    const last = lcp[lcp.length - 1];
    const hero = await phone.page.evaluate(() => (document.querySelector('.hero img') as HTMLImageElement | null)?.currentSrc ?? '');
    assert.equal(last?.tag, 'IMG', `LCP candidates: ${JSON.stringify(lcp)}`);
    assert.equal(last?.src, hero, 'the LCP element is not the hero image');
    const heroEntry = loaded.find((r) => r.url === hero);
    assert.equal(heroEntry?.type, 'link', `the hero was not fetched through its preload (initiator ${heroEntry?.type})`);
  });

  it('credits and quotes: an Arabic credit ending in Latin keeps its brackets at its ends, an English name keeps “”', async () => {
    const page = phone.page;
    await phone.go(server, ARTICLE);
    const x = await page.evaluate(() => {
      const el = document.querySelector('.hero .credit')!;
      const text = el.textContent!;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const n = walker.nextNode()!;
      const left = (i: number): number => {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        return r.getBoundingClientRect().left;
      };
      return { text, open: left(text.indexOf('[')), arabic: left(text.indexOf('ا')), paren: left(text.indexOf('(')), latin: left(text.indexOf('C')), close: left(text.indexOf(']')) };
    });
    assert.equal(x.text, '[القيادة المركزية الأمريكية (CENTCOM)]');
    // Right to left: "[" at the right end, then the Arabic words, then "(CENTCOM)", then "]" at the left end.
    assert.ok(x.open > x.arabic && x.arabic > x.paren && x.paren > x.latin && x.latin > x.close, JSON.stringify(x));
    const body = await page.locator('.article-body').innerText();
    assert.ok(body.includes('مايكل «إريك» كوريلا (Gen. Michael “Erik” Kurilla)'), 'each quote in the style of its words');
  });

  it('typography: the Arabic face is used at phone-friendly sizes, bidi order is right, focus is visible, print hides the chrome', async () => {
    const page = phone.page;
    await phone.go(server, LONG_ARTICLE);
    const type = await page.evaluate(() => {
      const p = document.querySelector('.article-body p')!;
      const cs = getComputedStyle(p);
      const h1 = document.querySelector('h1')!;
      return {
        family: cs.fontFamily,
        size: parseFloat(cs.fontSize),
        lineHeight: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize),
        regular: document.fonts.check('400 18px "Noto Naskh Arabic"', 'بحث'),
        bold: document.fonts.check('700 18px "Noto Naskh Arabic"', 'بحث'),
        faces: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`),
        h1Dir: getComputedStyle(h1).direction,
        h1Family: getComputedStyle(h1).fontFamily,
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
      };
    });
    assert.match(type.family, /^"?Noto Naskh Arabic/);
    assert.match(type.h1Family, /^"?Noto Naskh Arabic/);
    assert.ok(type.regular && type.bold, `Noto Naskh Arabic not loaded: ${type.faces.join(', ')}`);
    assert.ok(type.size >= 17, `body text is ${type.size}px on a phone`);
    assert.ok(type.lineHeight >= 1.6, `body line height is ${type.lineHeight}`);
    assert.deepEqual([type.lang, type.dir, type.h1Dir], ['ar', 'rtl', 'rtl'], 'an Arabic headline that opens with a Latin word must stay right-to-left');

    // Visual order, measured: in a right-to-left line "Microsoft" (first word) is right of
    // "تحذّر"; inside a Latin run the letters go left to right; digits go left to right, and
    // in an Arabic sentence the percent sign follows the number in reading order, so it
    // stands at its left, as in ٤٥٪ (the Unicode bidi rules, what Arabic readers expect).
    const x = await page.evaluate(() => {
      const at = (sel: string, needle: string): number => {
        const el = document.querySelector(sel)!;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent!.indexOf(needle);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          return r.getBoundingClientRect().left;
        }
        throw new Error(`${needle} not in ${sel}`);
      };
      return {
        microsoft: at('h1', 'Microsoft'), warns: at('h1', 'تحذّر'),
        four: at('h1', '4'), five: at('h1', '5'), percent: at('h1', '%'),
        cveC: at('.standfirst', 'CVE'), cve5: at('.standfirst', '12345'),
      };
    });
    assert.ok(x.microsoft > x.warns, 'Microsoft should stand right of تحذّر');
    assert.ok(x.four < x.five, '45 should read 4, 5 from left to right');
    assert.ok(x.percent < x.four, 'in Arabic text the % of 45% stands left of the number (%45)');
    assert.ok(x.cveC < x.cve5, 'CVE-2026-12345 should read left to right');

    // Arabic punctuation and «» quotes come through as typed (and typographer quotes are «»).
    const body = await page.locator('.article-body').innerText();
    assert.match(body, /«الحملة مستمرة»/);
    assert.match(body, /؛/);
    assert.match(await page.locator('.standfirst').innerText(), /؟/);

    // Skip link: first Tab stop, visible when focused, with an outline; it leads to <main>.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const r = a.getBoundingClientRect();
      const cs = getComputedStyle(a);
      return { cls: a.className, href: a.getAttribute('href'), top: r.top, bottom: r.bottom, outline: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) };
    });
    assert.equal(skip.cls, 'skip-link');
    assert.ok(skip.top >= 0 && skip.bottom <= PHONE.height, `skip link not on screen when focused: ${JSON.stringify(skip)}`);
    assert.ok(skip.outline !== 'none' && skip.outlineWidth >= 2, `no visible focus outline: ${JSON.stringify(skip)}`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      const cs = getComputedStyle(document.activeElement!);
      return { outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    assert.ok(next.outline !== 'none' && next.width >= 2, `a link in the article shows no focus: ${JSON.stringify(next)}`);

    // Landmarks: one banner, one main, one contentinfo, a labelled navigation.
    const landmarks = await page.evaluate(() => ({
      banner: document.querySelectorAll('body > header').length,
      main: document.querySelectorAll('main').length,
      footer: document.querySelectorAll('body > footer').length,
      nav: [...document.querySelectorAll('nav')].every((n) => n.hasAttribute('aria-label') || n.hasAttribute('aria-labelledby')),
    }));
    assert.deepEqual(landmarks, { banner: 1, main: 1, footer: 1, nav: true });

    // Print: the article alone, black on white, no navigation.
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('.sections-nav')!).display,
      footer: getComputedStyle(document.querySelector('.site-footer')!).display,
      ink: getComputedStyle(document.querySelector('.article-body p')!).color,
    }));
    await page.emulateMedia({ media: null });
    assert.deepEqual(print, { nav: 'none', footer: 'none', ink: 'rgb(0, 0, 0)' });
  });

  it('makes the README screenshots: home and article at phone and desktop size, the article in the dark', async () => {
    const dir = path.join(PROJECT_ROOT, 'docs', 'screenshots');
    await mkdir(dir, { recursive: true });
    const dark = await Tab.open(browser, server, { viewport: PHONE, colorScheme: 'dark' });
    try {
      const shots: Array<[Tab, string, string, { width: number; height: number }]> = [
        [phone, 'home-phone', '/', PHONE], [phone, 'article-phone', ARTICLE, PHONE],
        [desktop, 'home-desktop', '/', DESKTOP], [desktop, 'article-desktop', ARTICLE, DESKTOP],
        [dark, 'article-phone-dark', ARTICLE, PHONE],
      ];
      for (const [tab, name, sitePath, viewport] of shots) {
        await tab.go(server, sitePath);
        const shot = await tab.page.screenshot({ type: 'png' });
        // A 256-colour palette keeps the committed PNGs small; text stays crisp.
        const png = await sharp(shot).png({ palette: true, colours: 256, compressionLevel: 9, effort: 10 }).toBuffer();
        const meta = await sharp(png).metadata();
        assert.deepEqual([meta.width, meta.height], [viewport.width, viewport.height]);
        const stats = await sharp(png).stats();
        assert.ok(stats.channels.some((c) => c.stdev > 10), `${name}: a blank screenshot`);
        await writeFile(path.join(dir, `${name}.png`), png);
      }
    } finally {
      await dark.close();
    }
  });
});
