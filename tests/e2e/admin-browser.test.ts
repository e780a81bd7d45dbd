// The web editor (/admin/) in Debian's Chromium, with every request to another host blocked:
// the sample site with an `editor` block is built and served on 127.0.0.1; the editor must
// load its configuration without a complaint, speak Arabic right to left, offer exactly the
// site's sections and authors, list the site's articles, and save a new article and an edited
// one that `midad check` and `midad build` accept (the edited one still published).
//
// Signing in to GitHub needs the network, so the editor is driven through its own test
// backend (`test-repo`: files kept in the browser's private storage, which the test fills
// with the site's content/ first, as a clone of the repository would be). The shipped
// config.yml names GitHub; only this test swaps the backend, by answering the config request.

import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from '../../src/build.js';
import { HAVE_CHROMIUM, CHROMIUM, launchChromium, NOW, PROJECT_ROOT, serveSite, type SiteServer } from './browser-support.js';
import { makeImage, runCli, tempDir } from '../helpers/site.js';

const AUTH = 'https://sveltia-cms-auth.fassel.workers.dev';
const EDITOR_BLOCK = `\neditor:\n  repository: fassel/site\n  branch: main\n  authUrl: ${AUTH}\n`;
/** A one-file article whose breaking time ends at a given moment (long past at the test clock). */
const URGENT = 'content/articles/2026/03/01/urgent.md';
const URGENT_MD = '---\ntitle: انقطاع الكهرباء عن أحياء في بغداد\nsummary: انقطاع واسع\ndate: 2026-03-01T10:00:00+03:00\nsection: society\nbreaking: 2026-03-01T20:00:00+03:00\n---\n\nنص الخبر.\n';
const SECTIONS = ['security', 'politics', 'society', 'economy'];
const AUTHORS = ['fassel-team', 'layla-hassan', 'omar-khalid'];

/** The test backend in place of GitHub (the rest of config.yml exactly as built). */
function withTestBackend(yml: string): string {
  const swapped = yml.replace(/^backend:\n(?: {2}.*\n)+/m, 'backend:\n  name: test-repo\n');
  assert.notEqual(swapped, yml, 'config.yml has a backend block to swap');
  return swapped;
}

/** The site's content/ folder, file by file (base64), as the repository holds it. */
async function contentFiles(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const rel of await readdir(path.join(root, 'content'), { recursive: true })) {
    const abs = path.join(root, 'content', rel);
    const bytes = await readFile(abs).catch(() => undefined);
    if (bytes) files[`content/${rel.split(path.sep).join('/')}`] = bytes.toString('base64');
  }
  return files;
}

/** Puts files where the editor's test backend keeps its repository (the origin's private storage). */
async function seedRepository(page: Page, files: Record<string, string>): Promise<void> {
  await page.evaluate(async (all) => {
    const root = await navigator.storage.getDirectory();
    const top = await root.getDirectoryHandle('sveltia-cms-test', { create: true });
    for (const [rel, b64] of Object.entries(all)) {
      const parts = rel.split('/');
      let dir = top;
      for (const seg of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(seg, { create: true });
      const writable = await (await dir.getFileHandle(parts[parts.length - 1]!, { create: true })).createWritable();
      await writable.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
      await writable.close();
    }
  }, files);
}

/** Every file the editor's test backend saved, by path: Markdown as text, anything else in base64. */
async function savedFiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {};
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const walk = async (dir: Dir, prefix: string): Promise<void> => {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') {
          await walk(handle as Dir, `${prefix}${name}/`);
          continue;
        }
        const file = await (handle as FileSystemFileHandle).getFile();
        if (name.endsWith('.md')) out[`${prefix}${name}`] = await file.text();
        else out[`${prefix}${name}`] = btoa(Array.from(new Uint8Array(await file.arrayBuffer()), (b) => String.fromCharCode(b)).join(''));
      }
    };
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle('sveltia-cms-test') as Dir, '');
    return out;
  });
}

describe('the web editor in a browser', { skip: HAVE_CHROMIUM ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let root: string;
  let out: string;
  let server: SiteServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const foreign: string[] = [];

  before(async () => {
    root = await tempDir('midad-admin-');
    await cp(path.join(PROJECT_ROOT, 'content'), path.join(root, 'content'), { recursive: true });
    await writeFile(path.join(root, 'content/site.yml'), `${await readFile(path.join(root, 'content/site.yml'), 'utf8')}${EDITOR_BLOCK}`);
    await mkdir(path.dirname(path.join(root, URGENT)), { recursive: true });
    await writeFile(path.join(root, URGENT), URGENT_MD);
    out = path.join(root, 'public');
    const built = await build({ root, out, drafts: false, future: false, clean: false, write: true, now: NOW });
    assert.ok(built.ok, JSON.stringify(built.diagnostics));
    server = await serveSite(out);
    browser = await launchChromium();
    // An English browser: the editor must still speak the site's language.
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await context.route((url) => url.origin !== server.origin, (route) => {
      foreign.push(route.request().url());
      return route.abort();
    });
    const config = withTestBackend(await readFile(path.join(out, 'admin/config.yml'), 'utf8'));
    await context.route((url) => url.origin === server.origin && url.pathname === '/admin/config.yml', (route) => route.fulfill({ status: 200, contentType: 'text/yaml; charset=utf-8', body: config }));
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('opens in Arabic, right to left, with no configuration error', async () => {
    await page.goto(`${server.origin}/admin/`);
    const enter = page.getByRole('button', { name: 'العمل مع مستودع تجريبي' });
    await enter.waitFor({ timeout: 20_000 });
    await seedRepository(page, await contentFiles(root));
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ar', 'rtl']);
    assert.deepEqual(errors.filter((e) => /config|إعداد|تكوين/i.test(e)), []);
    await enter.click();
    await page.getByRole('button', { name: /إنشاء|جديد/ }).first().waitFor({ timeout: 20_000 });
  });

  it('lists the site\'s articles: those in folders and those in one file', async () => {
    // The list is drawn after the hash changes: read it until it holds what is expected (or 10 s).
    const rows = async (collection: string, expected: number): Promise<number> => {
      await page.goto(`${server.origin}/admin/#/collections/${collection}`);
      let n = -1;
      for (let i = 0; i < 40 && n !== expected; i++) {
        await page.waitForTimeout(250);
        n = await page.getByRole('row').count();
      }
      return n;
    };
    const articles = (await readdir(path.join(root, 'content/articles'), { recursive: true })).filter((f) => f.endsWith('.md'));
    const inFolders = articles.filter((f) => f.endsWith(`${path.sep}index.md`)).length;
    assert.equal(await rows('articles', inFolders), inFolders);
    assert.equal(await rows('article-files', articles.length - inFolders), articles.length - inFolders);
    await page.goto(`${server.origin}/admin/#/collections/article-files`);
    await page.getByRole('row', { name: /رصد حملة تصيّد/ }).waitFor({ timeout: 20_000 });
  });

  /** Opens an article from its list, changes its summary, saves, and returns the file as saved. */
  async function editSummary(collection: string, row: RegExp, file: string, summary: string): Promise<string> {
    await page.goto(`${server.origin}/admin/#/collections/${collection}`);
    await page.getByRole('row', { name: row }).click();
    const field = page.locator('section[data-key-path="summary"] textarea');
    await field.waitFor({ timeout: 20_000 });
    await field.fill(summary);
    await page.getByRole('button', { name: 'حفظ', exact: true }).click();
    let text = '';
    for (let i = 0; i < 40 && !text.includes(summary); i++) {
      await page.waitForTimeout(250);
      text = (await savedFiles(page).catch(() => ({} as Record<string, string>)))[file] ?? '';
    }
    assert.ok(text.includes(summary), `${file} saved: ${text}`);
    await writeFile(path.join(root, file), text);
    return text;
  }

  it('saves edits to published articles that keep them as they were published', async () => {
    const partners = await editSummary('articles', /قوة الشراكة/, 'content/articles/2026/01/24/partners/index.md', 'ملخص عدّله المحرر: الشراكة مستمرة.');
    assert.match(partners, /^summary: 'ملخص عدّله المحرر: الشراكة مستمرة\.'$/m);
    assert.doesNotMatch(partners, /^draft: true$/m, 'an article published before is not made a draft');
    assert.match(partners, /^image:\n {2}src: hero\.jpg\n/m, 'the photo keeps its bare name');
    // A one-file article with a date alone keeps it (midnight in the site's timezone).
    const phishing = await editSummary('article-files', /رصد حملة تصيّد/, 'content/articles/2026/02/11/phishing-campaign-ministries.md', 'ملخص جديد للحملة.');
    assert.match(phishing, /^date: 2026-02-11$/m);
    // An end of the breaking time written in the file is not turned into `false`.
    const urgent = await editSummary('article-files', /انقطاع الكهرباء/, URGENT, 'انقطاع واسع في ثلاثة أحياء.');
    assert.match(urgent, /^breaking: 2026-03-01T20:00:00\+03:00$/m);
    const check = await runCli(['check', '--root', root], { now: NOW.toISOString() });
    assert.equal(check.code, 0, `${partners}\n${phishing}\n${urgent}\n${check.stderr}`);
  });

  it('offers exactly the sections and authors of site.yml, in right-to-left fields', async () => {
    await page.goto(`${server.origin}/admin/#/collections/articles/new`);
    const section = page.locator('section[data-key-path="section"]');
    await section.waitFor({ timeout: 20_000 });
    const values = (field: string, role: string): Promise<string[]> =>
      page.locator(`section[data-key-path="${field}"] [role="${role}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? ''));
    assert.deepEqual(await values('section', 'radio'), SECTIONS);
    assert.deepEqual(await values('author', 'checkbox'), AUTHORS);
    // An empty field starts on the right; what is typed follows its own first letter.
    const direction = (sel: string): Promise<string> => page.locator(sel).first().evaluate((e) => getComputedStyle(e).direction);
    assert.equal(await direction('section[data-key-path="title"] input'), 'rtl');
    assert.equal(await direction('section[data-key-path="summary"] textarea'), 'rtl');
    assert.equal(await direction('section[data-key-path="body"] [contenteditable="true"]'), 'rtl');
  });

  it('previews with the site\'s own stylesheet and font, right to left', async () => {
    const css = /data-site-css="([^"]+)"/.exec(await readFile(path.join(out, 'admin/index.html'), 'utf8'))![1]!;
    await page.locator('section[data-key-path="title"] input').fill('معاينة');
    const preview = page.frameLocator('iframe.preview');
    await preview.locator('section[data-key-path="title"]').waitFor({ timeout: 20_000 });
    const inside = await page.locator('iframe.preview').evaluate((f) => {
      const doc = (f as HTMLIFrameElement).contentDocument!;
      return { links: [...doc.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL((l as HTMLLinkElement).href).pathname), direction: getComputedStyle(doc.body).direction, font: getComputedStyle(doc.body).fontFamily };
    });
    assert.ok(inside.links.includes(css), `${JSON.stringify(inside.links)} holds ${css}`);
    assert.equal(inside.direction, 'rtl');
    assert.match(inside.font, /Noto Naskh Arabic/);
    assert.ok(server.requests.some((r) => /^\/assets\/fonts\/noto-naskh-arabic-.*\.woff2$/.test(r)), 'the site\'s own font is loaded');
  });

  it('saves an article that midad check and build accept', async () => {
    await page.locator('section[data-key-path="title"] input').fill('الحكومة تعلن خطة للمياه');
    await page.locator('section[data-key-path="summary"] textarea').fill('أعلنت الحكومة خطة لتوزيع المياه على المحافظات الجنوبية: تفاصيلها في الداخل.');
    await page.locator('section[data-key-path="section"] [role="radio"][value="society"]').click();
    await page.locator('section[data-key-path="author"] [role="checkbox"][value="layla-hassan"]').click();
    // The photo: uploaded through the editor's own dialog (no photo library of another host).
    await page.locator('section[data-key-path="image"]').getByText(/إضافة/).click();
    await page.locator('section[data-key-path="image.src"]').getByRole('button', { name: 'تصفح' }).click();
    const dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByText('Unsplash').count(), 0, 'no stock photo service is offered');
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: /رفع/ }).click();
    await (await chooser).setFiles({ name: 'water.jpg', mimeType: 'image/jpeg', buffer: await makeImage(1200, 800) });
    await dialog.getByRole('button', { name: 'إدراج' }).click();
    await page.locator('section[data-key-path="image.alt"] input').fill('محطة لضخ المياه');
    const body = page.locator('section[data-key-path="body"] [contenteditable="true"]').first();
    await body.click();
    await page.keyboard.type('قالت الحكومة إن الخطة تبدأ الشهر المقبل.');
    await page.getByRole('button', { name: 'حفظ', exact: true }).click();
    let files: Record<string, string> = {};
    // The photo is written first, then index.md (through a temporary file): wait for index.md.
    for (let i = 0; i < 40 && !Object.keys(files).some((p) => p.includes('الحكومة-تعلن-خطة-للمياه') && p.endsWith('/index.md')); i++) {
      await page.waitForTimeout(250);
      files = await savedFiles(page).catch(() => ({}));
    }
    const saved = Object.entries(files).filter(([p]) => p.includes('الحكومة-تعلن-خطة-للمياه') && p.endsWith('.md'));
    assert.equal(saved.length, 1, `one article saved: ${Object.keys(files).join(', ')}`);
    const [file, text] = saved[0]!;
    assert.match(file, /^content\/articles\/\d{4}\/\d{2}\/\d{2}\/الحكومة-تعلن-خطة-للمياه\/index\.md$/);
    assert.match(text, /^---\ntitle: الحكومة تعلن خطة للمياه\n/);
    assert.match(text, /\ndate: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00\n/);
    assert.match(text, /\ndraft: false\n/, 'saving publishes unless the draft box is ticked');
    // Put where the editor would have committed it, and checked as the publish workflow would.
    assert.match(text, /\nimage:\n {2}src: water\.jpg\n {2}alt: محطة لضخ المياه\n/, 'the photo is named as it sits beside index.md');
    const photo = files[file.replace(/index\.md$/, 'water.jpg')];
    assert.ok(photo, 'the photo is saved in the article\'s folder');
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
    await writeFile(path.join(root, file.replace(/index\.md$/, 'water.jpg')), Buffer.from(photo, 'base64'));
    // The editor dated it by the browser's clock: checked and built an hour later.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const check = await runCli(['check', '--root', root], { now: later });
    assert.equal(check.code, 0, `${text}\n${check.stderr}`);
    const buildRun = await runCli(['build', '--root', root], { now: later });
    assert.equal(buildRun.code, 0, buildRun.stderr);
    const sitemap = await readFile(path.join(out, 'sitemap.xml'), 'utf8');
    assert.ok(sitemap.includes(encodeURIComponent('الحكومة-تعلن-خطة-للمياه')), 'the saved article is on the site');
    const page2 = await readFile(path.join(out, path.dirname(file).replace(/^content\//, '').replace(/^articles\/\d{4}\/\d{2}\/\d{2}\//, `articles/${/\ndate: (\d{4})-(\d{2})-(\d{2})/.exec(text)!.slice(1).join('/')}/`), 'index.html'), 'utf8');
    assert.match(page2, /<img[^>]+alt="محطة لضخ المياه"/, 'the photo is on the article page');
    assert.ok(!sitemap.includes('/admin/'), 'the editor is not in the sitemap');
  });

  it('asked no other host for anything', () => {
    assert.deepEqual(foreign, []);
  });

  it('signs in with GitHub through the helper named in site.yml (the shipped configuration)', async () => {
    // A context of its own, without the test backend: what a journalist's browser gets.
    const own = await browser.newContext({ locale: 'ar' });
    const asked: string[] = [];
    await own.route((url) => url.origin !== server.origin, (route) => {
      asked.push(route.request().url());
      return route.abort();
    });
    try {
      const tab = await own.newPage();
      await tab.goto(`${server.origin}/admin/`);
      const signIn = tab.getByRole('button', { name: /GitHub/ });
      await signIn.waitFor({ timeout: 20_000 });
      assert.equal(await tab.getByRole('button', { name: /رمز الوصول/ }).count(), 1, 'a token is the other way in');
      const popup = tab.waitForEvent('popup');
      await signIn.click();
      await (await popup).waitForLoadState().catch(() => undefined);
      const helper = asked.find((u) => u.startsWith(`${AUTH}/auth?`));
      assert.ok(helper, `the sign-in window opens the helper: ${asked.join(', ')}`);
      assert.equal(new URL(helper).searchParams.get('provider'), 'github');
      // Nothing else but GitHub's status, which the sign-in screen shows.
      assert.deepEqual(asked.filter((u) => !u.startsWith(`${AUTH}/`) && !u.startsWith('https://www.githubstatus.com/')), []);
    } finally {
      await own.close();
    }
  });
});
