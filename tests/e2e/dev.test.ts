// `midad dev` over HTTP on 127.0.0.1: the real CLI serves a site built with
// drafts and future articles; an edit rebuilds the page and sends `reload` on the event
// stream; a broken article sends its positioned error (and prints it in the terminal) while
// the last good page is still served; a taken port is a clear error; signals stop it cleanly.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSite, htmlPages, makeSite, runCli, tempDir, writeFiles } from '../helpers/site.js';
import { get, listen, save, startDev, until, type DevProcess, type EventStream } from './dev-support.js';

const SITE = `
-- content/site.yml --
title: الفاصل
description: موقع لاختبار خادم التطوير
baseUrl: https://example.org/news/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
authors:
  - slug: team
    name: الفريق
defaultAuthor: team
-- content/articles/a.md --
---
title: العنوان الأول
summary: ملخص الخبر
date: 2026-01-24
section: security
---

نص الخبر.
-- content/articles/draft-story.md --
---
title: خبر لم يكتمل
summary: ملخص
date: 2026-01-20
section: security
draft: true
---

نص.
-- content/articles/future-story.md --
---
title: خبر مجدول
summary: ملخص
date: 2026-06-01T09:00:00+03:00
section: security
---

نص.
-- content/articles/شراكة.md --
---
title: شراكة
summary: ملخص
date: 2026-01-22
section: security
---

نص.
`;

const A = 'content/articles/a.md';
const A_PAGE = '/articles/2026/01/24/a/';
const article = (title: string, section = 'security'): string => `---\ntitle: ${title}\nsummary: ملخص الخبر\ndate: 2026-01-24\nsection: ${section}\n---\n\nنص الخبر.\n`;
const titleOf = (html: string): string | undefined => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1]?.trim();

describe('midad dev: serving, rebuilding, live reload', { concurrency: false, timeout: 180_000 }, () => {
  let root = '';
  let dev: DevProcess;
  let stream: EventStream;

  before(async () => {
    root = await makeSite(SITE);
    dev = await startDev(root);
    stream = await listen(dev.url);
    await stream.next('hello', (e) => e.event === 'hello');
  });
  after(async () => {
    stream?.close();
    await dev?.stop();
  });

  test('serves the built site on 127.0.0.1 with the reload script added to HTML pages', async () => {
    assert.match(dev.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(dev.port > 0);
    const home = await get(dev.url, '/');
    assert.equal(home.status, 200);
    assert.match(home.type, /^text\/html/);
    assert.match(home.text, /<script src="\/__midad\/reload\.js" data-midad-build="[^"]+" defer><\/script>\s*<\/body>/);
    // The site's policy allows it: a script of the same origin.
    assert.match(home.text, /script-src (?:'|&#39;)self(?:'|&#39;)/);
    const page = await get(dev.url, A_PAGE);
    assert.equal(page.status, 200);
    assert.equal(titleOf(page.text), 'العنوان الأول');
    // Served from its own origin: links work although site.yml's baseUrl has a path.
    assert.match(page.text, new RegExp(`<link rel="canonical" href="${dev.url}articles/2026/01/24/a/">`));

    const js = await get(dev.url, '/__midad/reload.js');
    assert.equal(js.status, 200);
    assert.match(js.type, /javascript/);
    assert.match(js.text, /new EventSource\('\/__midad\/events'\)/);
    const css = await get(dev.url, '/__midad/overlay.css');
    assert.match(css.type, /^text\/css/);
  });

  test('drafts and future articles are served, each marked as such', async () => {
    const draft = await get(dev.url, '/articles/2026/01/20/draft-story/');
    assert.equal(draft.status, 200);
    assert.match(draft.text, /<span class="flag">مسودة<\/span>/);
    const future = await get(dev.url, '/articles/2026/06/01/future-story/');
    assert.equal(future.status, 200);
    assert.match(future.text, /<span class="flag">مجدول للنشر<\/span>/);
    // The article's own kicker (cards of related drafts may carry a flag).
    const kicker = (html: string): string => /<p class="kicker">.*?<\/p>/s.exec(html)?.[0] ?? '';
    assert.match(kicker(draft.text), /مسودة/);
    assert.doesNotMatch(kicker((await get(dev.url, A_PAGE)).text), /class="flag"/);
  });

  test('a static host\'s rules: encoded Arabic paths, folder redirects, 404 page, nothing outside', async () => {
    const arabic = await get(dev.url, `/articles/2026/01/22/${encodeURIComponent('شراكة')}/`);
    assert.equal(arabic.status, 200);
    assert.equal(titleOf(arabic.text), 'شراكة');
    const folder = await get(dev.url, '/articles/2026/01/24/a');
    assert.equal(folder.status, 301);
    const missing = await get(dev.url, '/no/such/page/');
    assert.equal(missing.status, 404);
    assert.match(missing.text, /__midad\/reload\.js/);
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/.midad-manifest.json']) {
      const r = await get(dev.url, p);
      assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
      assert.doesNotMatch(r.text, /"name"|root:/);
    }
  });

  test('only its own name: another Host header is refused', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const sock = net.connect(dev.port, '127.0.0.1', () => sock.end('GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n'));
      let data = '';
      sock.setEncoding('utf8').on('data', (d: string) => (data += d)).on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]))).on('error', reject);
    });
    assert.equal(status, 403);
  });

  test('an edit rebuilds the page and sends `reload`', async () => {
    const from = stream.events.length;
    await save(root, A, article('العنوان بعد التعديل'));
    const reload = await stream.next('a reload event', (e) => e.event === 'reload', from);
    assert.ok((reload.data as { build: string }).build);
    const page = await get(dev.url, A_PAGE);
    assert.equal(titleOf(page.text), 'العنوان بعد التعديل');
    // The page now carries the build it was made by, so a tab that missed the event reloads on connect.
    assert.ok(page.text.includes(`data-midad-build="${(reload.data as { build: string }).build}"`));
    await until('the rebuild line in the terminal', 10_000, () => (/rebuilt after content\/articles\/a\.md/.test(dev.stdout()) ? true : undefined));
  });

  test('a broken article: its positioned error on the stream and in the terminal, the last good page still served', async () => {
    const from = stream.events.length;
    await save(root, A, article('عنوان لن يظهر', 'securty'));
    const failed = await stream.next('a build-error event', (e) => e.event === 'build-error', from);
    const errors = (failed.data as { errors: Array<{ file: string; line: number; column: number; message: string; severity: string; frame?: string }> }).errors;
    assert.equal(errors.length, 1);
    assert.deepEqual({ ...errors[0], frame: undefined }, {
      file: A, line: 5, column: 10, severity: 'error', frame: undefined,
      message: 'section "securty" is not defined in content/site.yml (did you mean "security"?)',
    });
    assert.match(errors[0]!.frame!, /> 5 \| section: securty\n\s+\|\s+\^/);
    await until('the error in the terminal', 10_000, () => (dev.stderr().includes('content/articles/a.md:5:10: error: section "securty" is not defined') ? true : undefined));
    assert.match(dev.stderr(), /last good pages are still served/);
    assert.doesNotMatch(dev.stderr(), /^\s+at /m, 'no stack trace for a content error');

    const page = await get(dev.url, A_PAGE);
    assert.equal(page.status, 200);
    assert.equal(titleOf(page.text), 'العنوان بعد التعديل');
    // A page opened now gets the error at once.
    const late = await listen(dev.url);
    try {
      await late.next('the current error on connect', (e) => e.event === 'build-error');
    } finally {
      late.close();
    }
  });

  test('the fix rebuilds and sends `reload` again', async () => {
    const from = stream.events.length;
    await save(root, A, article('العنوان بعد الإصلاح'));
    await stream.next('a reload event', (e) => e.event === 'reload', from);
    assert.equal(titleOf((await get(dev.url, A_PAGE)).text), 'العنوان بعد الإصلاح');
  });

  test('a burst of saves is one rebuild (debounced), and the last text wins', async () => {
    const before = (dev.stdout().match(/rebuilt after/g) ?? []).length;
    const from = stream.events.length;
    for (let i = 1; i <= 5; i++) await save(root, A, article(`مسودة رقم ${i}`));
    await stream.next('a reload event', (e) => e.event === 'reload', from);
    await until('the last text served', 15_000, async () => (titleOf((await get(dev.url, A_PAGE)).text) === 'مسودة رقم 5' ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    const rebuilds = (dev.stdout().match(/rebuilt after/g) ?? []).length - before;
    assert.ok(rebuilds >= 1 && rebuilds <= 2, `${rebuilds} rebuilds for one burst of saves`);
  });

  test('a new article and a new templates/ folder are picked up', async () => {
    let from = stream.events.length;
    await writeFiles(root, { 'content/articles/new-one.md': '---\ntitle: خبر جديد\nsummary: ملخص\ndate: 2026-02-01\nsection: security\n---\n\nنص.\n' });
    await stream.next('a reload event', (e) => e.event === 'reload', from);
    assert.equal(titleOf((await get(dev.url, '/articles/2026/02/01/new-one/')).text), 'خبر جديد');

    from = stream.events.length;
    await writeFiles(root, { 'templates/404.njk': '{% extends "base.njk" %}{% block main %}<h1>صفحة مفقودة من قالب الموقع</h1>{% endblock %}\n' });
    await stream.next('a reload event', (e) => e.event === 'reload', from);
    const missing = await get(dev.url, '/no/such/page/');
    assert.equal(missing.status, 404);
    assert.equal(titleOf(missing.text), 'صفحة مفقودة من قالب الموقع');
  });

  test('`midad build` output never carries the reload script', async () => {
    const out = await tempDir('midad-dev-build-');
    await buildSite(root, ['--out', out, '--drafts', '--future']);
    const pages = await htmlPages(out);
    assert.ok(pages.length > 3);
    for (const p of pages) assert.doesNotMatch(await readFile(path.join(out, p), 'utf8'), /__midad/, p);
  });
});

describe('midad dev: starting and stopping', { concurrency: false, timeout: 120_000 }, () => {
  test('a port already in use: a clear message, exit 2', async () => {
    const root = await makeSite(SITE);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['dev', '--root', root, '--port', String(port)]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.match(r.stderr, /--port/);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
    } finally {
      blocker.close();
    }
  });

  test('a port that is not a number: usage error', async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['dev', '--root', root, '--port', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port/);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal}: stops cleanly, exit 0, its temporary folder removed`, async () => {
      const root = await makeSite(SITE);
      const dev = await startDev(root, ['--verbose']);
      const out = await until('the output folder', 30_000, () => /building into (.+)$/m.exec(dev.stdout())?.[1]);
      await until('the first build', 30_000, () => (/watching content\//.test(dev.stdout()) ? true : undefined));
      assert.ok(existsSync(out));
      // An open page (its event stream) does not keep the server alive.
      const stream = await listen(dev.url);
      await stream.next('hello', (e) => e.event === 'hello');
      const code = await dev.stop(signal);
      stream.close();
      assert.equal(code, 0, dev.stderr());
      assert.match(dev.stdout(), /stopped/);
      assert.equal(existsSync(out), false);
    });
  }

  test('a site that is broken from the start: errors printed, served once fixed', async () => {
    const root = await makeSite(SITE);
    await save(root, A, article('عنوان', 'securty'));
    const dev = await startDev(root);
    try {
      const stream = await listen(dev.url);
      try {
        await stream.next('the error on connect', (e) => e.event === 'build-error');
        const home = await get(dev.url, '/');
        assert.equal(home.status, 404);
        assert.match(home.text, /__midad\/reload\.js/, 'the overlay can show even before a good build');
        const from = stream.events.length;
        await save(root, A, article('عنوان سليم'));
        await stream.next('a reload event', (e) => e.event === 'reload', from);
        assert.equal((await get(dev.url, '/')).status, 200);
      } finally {
        stream.close();
      }
    } finally {
      await dev.stop();
    }
  });
});
