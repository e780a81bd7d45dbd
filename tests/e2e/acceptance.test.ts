// The public contract checked the way an outside acceptance suite would: on sites of our own
// making (not the sample site), through the real CLI. One newsroom site full of hostile text
// is built once (while two stories are breaking) and read by many assertions; a site made by
// `midad init` is built with the real clock (nothing breaking); one broken site is checked in
// each language. Every HTML page goes through the W3C checker, feeds through a feed parser,
// sitemaps through their XSDs.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { buildSite, FIXTURES, htmlPages, makeSite, readOut, ROOT, runCli, sitePathOf, tempDir, writeFiles, type CliResult } from '../helpers/site.js';
import { elements, startTags, text } from '../helpers/html.js';
import { searchFilesText } from './search-support.js';

const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const XSD = path.join(FIXTURES, 'xsd');
const NOW = '2026-03-01T12:00:00Z';
const BASE = 'https://example.org/news/';

// Hostile text: quotes, markup, bidi marks (RLM, LRM) and a word too long for any line.
const LONG = 'كلمةطويلة'.repeat(12);
// A tag may be at most 80 characters long: the longest word a tag may be.
const LONG_TAG = 'كلمةطويلة'.repeat(8);
const HOSTILE_TITLE = `الخبر "الرئيسي" <script>alert("x")</script> \u200f\u200e ${LONG}`;

const NEWSROOM = `
-- content/site.yml --
title: 'موقع "الحقيقة" <b>&</b>'
description: وصف الموقع
baseUrl: ${BASE}
language: ar
timezone: Asia/Baghdad
pageSize: 2
sections:
  - slug: news
    name: أخبار
  - slug: world
    name: '<i>عالم</i> "دولي"'
authors:
  - slug: sara
    name: 'سارة "الصحفية" <script>'
    bio: 'نبذة فيها <script>alert(1)</script> والمزيد'
    photo: content/authors/sara.jpg
    links: { x: 'https://x.com/sara', email: 'mailto:sara@example.org' }
  - slug: team
    name: فريق
defaultAuthor: team
social: { x: 'https://x.com/site' }
-- content/articles/lead-old.md --
---
title: الخبر الرئيسي القديم
summary: ملخص
date: 2026-02-25T09:00:00+03:00
section: news
featured: true
---

نص.
-- content/articles/lead-new.md --
---
title: '${HOSTILE_TITLE}'
summary: 'ملخص فيه <img src=x onerror=alert(1)> و&amp;'
date: 2026-02-27T09:00:00+03:00
section: world
featured: true
author: [sara]
tags: ['وسم "مقتبس"', '<script>', 'Tag & Co', '${LONG_TAG}']
image:
  src: hero.jpg
  alt: 'بديل "نص" <script>'
  caption: 'تعليق <b>عريض</b> \u200f\u200e'
  credit: 'وكالة "الأنباء" <i>'
---

نص فيه <script>alert(1)</script> و ${LONG}.

![صورة "داخلية" <b>. [مصدر <i>]](hero.jpg)
-- content/articles/breaking-newest.md --
---
title: عاجل الآن
summary: ملخص عاجل
date: 2026-03-01T13:00:00+03:00
section: news
breaking: true
---

نص.
-- content/articles/b2.md --
---
title: عاجل ثان
summary: ملخص
date: 2026-02-28T09:00:00+03:00
section: news
breaking: 2026-03-02T09:00:00+03:00
---

نص.
-- content/articles/b3.md --
---
title: عاجل انتهى
summary: ملخص
date: 2026-03-01T05:00:00+03:00
section: news
breaking: true
---

نص.
-- content/articles/تصحيح-الخبر.md --
---
title: خبر مصحح
summary: ملخص
date: 2026-02-20T09:00:00+03:00
updated: 2026-02-21T09:00:00+03:00
section: news
author: sara
corrections:
  - date: 2026-02-20
    text: صححنا العنوان في يوم النشر
  - date: 2026-02-22
    text: 'صححنا الاسم <b>'
  - date: 2026-02-28T10:00:00+03:00
    text: صححنا التاريخ
---

نص.
-- content/articles/draft1.md --
---
title: مسودة
summary: ملخص
date: 2026-02-20T09:00:00+03:00
section: news
draft: true
breaking: true
---

نص.
-- content/articles/future1.md --
---
title: مجدول
summary: ملخص
date: 2026-03-05T09:00:00+03:00
section: news
---

نص.
-- content/pages/b-contact.md --
---
title: اتصل بنا
---

نص صفحة الاتصال.
-- content/pages/a-zabout.md --
---
title: 'ياء "عنا" <script>'
slug: about
summary: عنا
---

نص صفحة التعريف.
`;

const newsroom = { root: '', out: '', build: undefined as unknown as CliResult, check: undefined as unknown as CliResult, pages: [] as string[] };
const init = { root: '', out: '', init: undefined as unknown as CliResult, build: undefined as unknown as CliResult, pages: [] as string[] };
let vnuErrors = new Map<string, string[]>();

/** Runs vnu on the files at once; returns the error lines by absolute path. */
function vnu(files: string[]): Promise<Map<string, string[]>> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (err, _out, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      const byFile = new Map<string, string[]>();
      for (const m of (JSON.parse(stderr) as { messages: Array<{ type: string; url?: string; lastLine?: number; message: string }> }).messages) {
        const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, '').replace(/^\/+/, '/')) : '(none)';
        byFile.set(file, [...(byFile.get(file) ?? []), `${m.type} ${m.lastLine ?? '?'}: ${m.message}`]);
      }
      resolve(byFile);
    });
  });
}

const mainOf = (html: string): string => /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? '';
const articleLinks = (fragment: string): string[] => startTags(fragment, 'a').map((t) => t.attrs.href ?? '').filter((h) => h.startsWith('/news/articles/'));
const jsonLd = (html: string): Record<string, unknown> => {
  const graph = (JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as { '@graph': Array<Record<string, unknown>> })['@graph'];
  return graph.find((n) => n['@type'] === 'NewsArticle')!;
};
const read = (rel: string): Promise<string> => readOut(newsroom.out, rel);
const CORRECTED = 'articles/2026/02/20/تصحيح-الخبر/index.html';
const LEAD = 'articles/2026/02/27/lead-new/index.html';

describe('acceptance: the contract on sites of our own', () => {
  before(async () => {
    newsroom.root = await makeSite(NEWSROOM);
    await writeFiles(newsroom.root, {
      'content/articles/hero.jpg': { image: { width: 1600, height: 1000 } },
      'content/authors/sara.jpg': { image: { width: 800, height: 800 } },
    });
    newsroom.out = path.join(newsroom.root, 'public');
    newsroom.build = await buildSite(newsroom.root, [], { now: NOW });
    newsroom.check = await runCli(['check', '--root', newsroom.root], { now: NOW });
    newsroom.pages = await htmlPages(newsroom.out);

    // A new site, as a newsroom starts one: init in an empty folder, then build there.
    init.root = await tempDir('midad-init-');
    init.init = await runCli(['init'], { cwd: init.root });
    // The real clock: the article init writes is dated now.
    init.build = await runCli(['build'], { cwd: init.root, env: { MIDAD_NOW: '' } });
    init.out = path.join(init.root, 'public');
    init.pages = await htmlPages(init.out);

    vnuErrors = await vnu([...newsroom.pages.map((p) => path.join(newsroom.out, p)), ...init.pages.map((p) => path.join(init.out, p))]);
  });

  test('init writes a site that builds at once; a second init overwrites nothing', async () => {
    assert.equal(init.init.code, 0, init.init.stderr);
    assert.equal(init.build.code, 0, init.build.stderr + init.build.stdout);
    for (const f of ['content/site.yml', 'package.json', '.github/workflows/publish.yml']) assert.ok(init.init.stdout.includes(f) || init.init.stderr.includes(f), f);
    const pkg = JSON.parse(await readFile(path.join(init.root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    assert.ok(pkg.dependencies?.midad, 'the site depends on midad');
    const site = await readFile(path.join(init.root, 'content/site.yml'), 'utf8');
    const again = await runCli(['init'], { cwd: init.root });
    assert.equal(again.code, 0);
    assert.equal(await readFile(path.join(init.root, 'content/site.yml'), 'utf8'), site);
    assert.ok(init.pages.includes('index.html') && init.pages.some((p) => p.startsWith('articles/')), init.pages.join(' '));
    // Started in the folder itself: no "cd ." among the next steps.
    assert.doesNotMatch(init.init.stdout, /^\s*cd /m);
  });

  test('init beside a site.yml of its own keeps it, and the site still builds', async () => {
    const root = await makeSite({ 'content/site.yml': MISTAKES['content/site.yml']!.replace(/slug: news\n    name: أخبار/, 'slug: security\n    name: أمن') });
    const r = await runCli(['init'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^skipped content\/articles\/.*welcome\.md: content\/site\.yml was already there/m);
    const b = await runCli(['build'], { cwd: root, env: { MIDAD_NOW: '' } });
    assert.equal(b.code, 0, b.stderr);
  });

  test('W3C checker: no error on any page of either site', () => {
    assert.ok(newsroom.pages.length >= 15 && init.pages.length >= 5);
    const all = [...newsroom.pages.map((p) => path.join(newsroom.out, p)), ...init.pages.map((p) => path.join(init.out, p))];
    const found = all.flatMap((f) => (vnuErrors.get(f) ?? []).map((e) => `${f}: ${e}`));
    const stray = [...vnuErrors.keys()].filter((f) => !all.includes(f));
    assert.deepEqual([...found, ...stray], []);
  });

  test('feeds parse, with absolute links to articles only; sitemaps pass their XSDs', async () => {
    for (const [out, feeds] of [[newsroom.out, ['feed.xml', 'news/feed.xml', 'world/feed.xml']], [init.out, ['feed.xml', 'news/feed.xml']]] as const) {
      for (const f of feeds) {
        const feed = parseFeed(await readOut(out, f));
        assert.ok(feed.items.length > 0, f);
        for (const item of feed.items) assert.match(item.url ?? '', /^https:\/\/example\.org\/(news\/)?articles\//, `${f}: ${item.url}`);
      }
      execFileSync('xmllint', ['--noout', '--schema', path.join(XSD, 'sitemap.xsd'), path.join(out, 'sitemap.xml')], { stdio: 'pipe' });
      execFileSync('xmllint', ['--noout', '--schema', path.join(XSD, 'news-sitemap.xsd'), path.join(out, 'news-sitemap.xml')], { stdio: 'pipe' });
    }
    const titles = parseFeed(await read('feed.xml')).items.map((i) => i.title);
    assert.ok(titles.includes(HOSTILE_TITLE.replace('"الرئيسي"', '«الرئيسي»').replace('"x"', '“x”')), titles.join('\n'));
  });

  test("the home page's main links each article once and opens with the newest featured one", async () => {
    const links = articleLinks(mainOf(await read('index.html')));
    assert.equal(links[0], '/news/articles/2026/02/27/lead-new/');
    assert.equal(new Set(links).size, links.length, links.join('\n'));
    assert.equal(links.length, 6);
    // A section's first page leads with its own newest featured story.
    assert.equal(articleLinks(mainOf(await read('news/index.html')))[0], '/news/articles/2026/02/25/lead-old/');
  });

  test('while two stories are breaking, every page has one data-breaking element linking both; never a draft or an expired one', async () => {
    for (const p of newsroom.pages) {
      const html = await read(p);
      const bars = elements(html, 'aside', (t) => 'data-breaking' in t.attrs);
      assert.equal((html.match(/\sdata-breaking[\s=>]/g) ?? []).length, 1, p);
      assert.equal(bars.length, 1, p);
      assert.deepEqual(articleLinks(bars[0]!.inner), ['/news/articles/2026/03/01/breaking-newest/', '/news/articles/2026/02/28/b2/'], p);
    }
    assert.ok(newsroom.pages.includes('404.html') && newsroom.pages.includes('search/index.html') && newsroom.pages.includes('about/index.html'));
  });

  test('with nothing breaking, no page has a data-breaking element', async () => {
    for (const p of init.pages) assert.doesNotMatch(await readOut(init.out, p), /data-breaking/, p);
  });

  test('every page: robots allows large image previews, one canonical link, no script from another host', async () => {
    for (const p of [...newsroom.pages.map((p) => [newsroom.out, p]), ...init.pages.map((p) => [init.out, p])] as const) {
      const html = await readOut(p[0], p[1]);
      const robots = startTags(html, 'meta').filter((t) => t.attrs.name === 'robots');
      assert.equal(robots.length, 1, p[1]);
      assert.match(robots[0]!.attrs.content ?? '', /max-image-preview:large/, p[1]);
      assert.equal(startTags(html, 'link').filter((t) => t.attrs.rel === 'canonical').length, 1, p[1]);
      for (const s of startTags(html, 'script')) assert.ok(s.attrs.type === 'application/ld+json' || (s.attrs.src ?? '').startsWith('/'), `${p[1]}: ${s.raw}`);
      assert.doesNotMatch(html, /\s(?:src|srcset)="https?:/, p[1]);
    }
  });

  test('share links: one per network, exact prefixes, the canonical URL percent-encoded, plain links', async () => {
    const prefixes = ['https://wa.me/?text=', 'https://t.me/share/url?url=', 'https://x.com/intent/post?', 'https://www.facebook.com/sharer/sharer.php?u=', 'mailto:?'];
    const articles = newsroom.pages.filter((p) => p.startsWith('articles/'));
    assert.equal(articles.length, 6);
    for (const p of articles) {
      const html = await read(p);
      const canonical = startTags(html, 'link').find((t) => t.attrs.rel === 'canonical')!.attrs.href!;
      assert.equal(canonical, BASE + encodeURI(sitePathOf(p)));
      const hrefs = startTags(html, 'a').map((t) => t.attrs.href ?? '');
      for (const prefix of prefixes) {
        const share = hrefs.filter((h) => h.startsWith(prefix));
        assert.equal(share.length, 1, `${p}: ${prefix}`);
        assert.ok(share[0]!.includes(encodeURIComponent(canonical)), `${p}: ${share[0]}`);
      }
    }
  });

  test('corrections: each shown with its time, newest first; JSON-LD lists them and dateModified is not before the latest', async () => {
    const html = await read(CORRECTED);
    const body = html.slice(html.indexOf('<body'));
    const texts = ['صححنا التاريخ', 'صححنا الاسم <b>', 'صححنا العنوان في يوم النشر'];
    const at = texts.map((t) => text(body).indexOf(t));
    assert.ok(at.every((i) => i >= 0) && at[0]! < at[1]! && at[1]! < at[2]!, String(at));
    const times = startTags(body, 'time').map((t) => t.attrs.datetime!);
    for (const d of ['2026-02-28T10:00:00+03:00', '2026-02-22T00:00:00+03:00']) assert.ok(times.includes(d), times.join(' '));
    const ld = jsonLd(html);
    const corrections = ld.correction as Array<{ text: string; datePublished: string }>;
    assert.equal(corrections.length, 3);
    // A correction dated by its day alone, on the story's own day, is not before the story.
    assert.ok(corrections.every((c) => Date.parse(c.datePublished) >= Date.parse(ld.datePublished as string)), JSON.stringify(corrections));
    assert.ok(Date.parse(ld.dateModified as string) >= Math.max(...corrections.map((c) => Date.parse(c.datePublished))));
  });

  test("an author's page shows the bio and the photo as WebP with the author's name as alt", async () => {
    const html = mainOf(await read('authors/sara/index.html'));
    assert.ok(text(html).includes('نبذة فيها <script>alert(1)</script> والمزيد'));
    const img = startTags(html, 'img').find((t) => t.attrs.alt === 'سارة "الصحفية" <script>');
    assert.ok(img, 'the photo, alt = name');
    assert.match(img.attrs.src!, /\.webp$/);
    assert.doesNotMatch(html, /<script>alert/);
  });

  test('static pages: footer in file-name order, in the sitemap, never in feeds, news sitemap, listings, related or search', async () => {
    for (const p of newsroom.pages) {
      const footer = /<footer[\s\S]*?<\/footer>/.exec(await read(p))![0];
      const links = startTags(footer, 'a').map((t) => t.attrs.href).filter((h) => h === '/news/about/' || h === '/news/b-contact/');
      assert.deepEqual(links, ['/news/about/', '/news/b-contact/'], p);
    }
    const sitemap = await read('sitemap.xml');
    for (const u of [`${BASE}about/`, `${BASE}b-contact/`]) assert.ok(sitemap.includes(`<loc>${u}</loc>`), u);
    for (const f of ['feed.xml', 'news/feed.xml', 'news-sitemap.xml']) assert.doesNotMatch(await read(f), /about\/|b-contact\//, f);
    for (const p of newsroom.pages.filter((p) => !['about/index.html', 'b-contact/index.html'].includes(p))) {
      const links = startTags(mainOf(await read(p)), 'a').map((t) => t.attrs.href);
      assert.ok(!links.includes('/news/about/') && !links.includes('/news/b-contact/'), p);
    }
    const fragments = [...(await searchFilesText(newsroom.out))].filter(([rel]) => rel.endsWith('.pf_fragment')).map(([, text]) => text);
    assert.equal(fragments.length, 6);
    assert.ok(fragments.every((f) => !f.includes('صفحة الاتصال') && !f.includes('صفحة التعريف')));
  });

  test('hostile text is shown as text, never as markup', async () => {
    const html = await read(LEAD);
    const h1 = elements(html, 'h1');
    assert.equal(h1.length, 1);
    const title = text(h1[0]!.inner);
    assert.ok(title.includes('<script>alert(“x”)</script>') && title.includes(LONG) && title.includes('\u200f\u200e'), title);
    assert.equal(startTags(html, 'title').length, 1);
    assert.equal(startTags(html, 'script').length, 1, 'only the JSON-LD block');
    assert.doesNotMatch(html, /<(?:b|i|img src=x)[\s>]/);
    assert.equal(startTags(html, 'meta').find((t) => t.attrs.name === 'description')!.attrs.content, 'ملخص فيه <img src=x onerror=alert(1)> و&amp;');
    const figcaption = elements(html, 'figcaption').map((f) => text(f.inner)).join(' | ');
    assert.ok(figcaption.includes('<b>عريض</b>') && figcaption.includes('<i>'), figcaption);
    const tagPages = newsroom.pages.filter((p) => p.startsWith('tags/'));
    assert.deepEqual(tagPages.sort(), [`tags/${LONG_TAG.replace(/ة/g, 'ه')}/index.html`, 'tags/script/index.html', 'tags/tag--co/index.html', 'tags/وسم-مقتبس/index.html'].sort());
  });

  test('build and check say what they held back: the draft, and the scheduled file with its time', () => {
    for (const r of [newsroom.build, newsroom.check]) {
      const said = r.stdout + r.stderr;
      assert.match(said, /1 draft/);
      assert.match(said, /content\/articles\/future1\.md: due 2026-03-05 09:00 \(\+03:00 Asia\/Baghdad\)/);
    }
    assert.equal(newsroom.check.code, 0, newsroom.check.stderr);
  });
});

// A site of editors' mistakes: each file holds one, and gets exactly one error, at its place.
const MISTAKES: Record<string, string> = {
  'content/site.yml': `title: موقع
description: وصف
baseUrl: https://example.org/
language: ar
permalink: /{slug}/
sections:
  - slug: news
    name: أخبار
authors:
  - slug: team
    name: فريق
defaultAuthor: team
`,
  'content/articles/colon.md': '---\ntitle: عاجل: انفجار في بغداد\nsummary: ملخص\ndate: 2026-02-20\nsection: news\n---\n\nنص.\n',
  'content/articles/tab.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: news\ncorrections:\n\t- date: 2026-02-21\n\t  text: نص\n---\n\nنص.\n',
  'content/articles/nbsp.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection:\u00a0news\n---\n\nنص.\n',
  'content/articles/curly.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: “news”\n---\n\nنص.\n',
  'content/articles/comma.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: news\ntags: [أمن، سياسة، اقتصاد]\n---\n\nنص.\n',
  'content/articles/secname.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: أخبار\n---\n\nنص.\n',
  'content/articles/authname.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: news\nauthor: فريق\n---\n\nنص.\n',
  'content/articles/placeholder.md': '---\ntitle: "اكتب العنوان هنا"\nsummary: ملخص\ndate: 2026-02-20\nsection: news\n---\n\nنص.\n',
  'content/articles/breaking-yes.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: news\nbreaking: نعم\n---\n\nنص.\n',
  'content/articles/early-fix.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: news\ncorrections:\n  - date: 2026-02-19\n    text: قبل الخبر\n---\n\nنص.\n',
  // Sound: dates in Arabic-Indic and Persian digits; links to an article whose front matter is broken.
  'content/articles/arabic-digits.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: ٢٠٢٦-٠٢-٢٠\nsection: news\n---\n\nانظر [الخبر](colon.md) و[رابطه](/colon/) و[خبرًا لا وجود له](missing.md).\n',
  'content/articles/persian-digits.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: ۲۰۲۶-۰۲-۲۰T10:00:00+03:00\nsection: news\n---\n\nنص.\n',
  // An article written where a static page is: found with every other error, not only alone.
  'content/articles/about.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-02-20\nsection: news\n---\n\nنص.\n',
  'content/pages/about.md': '---\ntitle: عنا\n---\n\nنص.\n',
  'content/pages/news.md': '---\ntitle: صفحة\n---\n\nنص.\n',
  'content/pages/p-tags.md': '---\ntitle: صفحة\nslug: tags\n---\n\nنص.\n',
  'content/pages/p-assets.md': '---\ntitle: صفحة\nslug: assets\n---\n\nنص.\n',
  'content/pages/p-no-front.md': 'نص بلا ترويسة.\n',
  'content/pages/p-twice.md': '---\ntitle: صفحة\nslug: about\n---\n\nنص.\n',
};

const EXPECTED: Array<[string, RegExp]> = [
  ['content/articles/about.md:1:1', /\/about\/ .*content\/pages\/about\.md/],
  ['content/articles/arabic-digits.md:8:', /missing\.md/],
  ['content/articles/authname.md:6:9', /"team"/],
  ['content/articles/breaking-yes.md:6:11', /write breaking: true/],
  ['content/articles/colon.md:2:8', /title: "عاجل: انفجار في بغداد"/],
  ['content/articles/comma.md:6:8', /\[أمن, سياسة, اقتصاد\]/],
  ['content/articles/curly.md:5:10', /“/],
  ['content/articles/early-fix.md:7:11', /correction/],
  ['content/articles/nbsp.md:5:9', /U\+00A0/],
  ['content/articles/placeholder.md:2:8', /midad new/],
  ['content/articles/secname.md:5:10', /"news"/],
  ['content/articles/tab.md:7:1', /tab/i],
  ['content/pages/news.md:1:1', /"news"/],
  ['content/pages/p-assets.md:3:7', /"assets"/],
  ['content/pages/p-no-front.md:1:1', /a page must start with front matter: .*title/],
  ['content/pages/p-tags.md:3:7', /"tags"/],
  ['content/pages/p-twice.md:3:7', /content\/pages\/about\.md/],
];

const errorLines = (r: CliResult): string[] => r.stderr.split('\n').filter((l) => / error: /.test(l));
const positions = (r: CliResult): string[] => errorLines(r).map((l) => l.slice(0, l.indexOf(': error: ')).replace(/^(content\/articles\/arabic-digits\.md:8:)\d+$/, '$1'));

describe("acceptance: editors' mistakes, one positioned error each, in either language", () => {
  let root = '';
  const runs: Record<string, CliResult> = {};
  before(async () => {
    root = await makeSite(MISTAKES);
    runs.en = await runCli(['check', '--root', root], { now: NOW });
    runs.flag = await runCli(['check', '--root', root, '--lang', 'ar'], { now: NOW });
    runs.env = await runCli(['check', '--root', root], { now: NOW, env: { MIDAD_LANG: 'ar' } });
    runs.site = await runCli(['build', '--root', root], { now: NOW, env: { MIDAD_LANG: '' } });
  });

  test('check: every mistake at once, each exactly one error at its position, with the fix (English)', () => {
    assert.equal(runs.en!.code, 1);
    assert.deepEqual(positions(runs.en!), EXPECTED.map(([p]) => p), runs.en!.stderr);
    const lines = errorLines(runs.en!);
    EXPECTED.forEach(([p, re], i) => assert.match(lines[i]!, re, p));
    assert.doesNotMatch(runs.en!.stderr, /colon\.md.*(does not exist|no article)|^\s+at /m);
  });

  test('--lang ar, MIDAD_LANG=ar and the site language (ar) give the same errors in Arabic; nothing written', async () => {
    for (const name of ['flag', 'env', 'site'] as const) {
      const r = runs[name]!;
      assert.equal(r.code, 1, name);
      assert.deepEqual(positions(r), EXPECTED.map(([p]) => p), `${name}:\n${r.stderr}`);
      // Slugs quoted in did-you-mean are the same in every language.
      assert.ok(errorLines(r).some((l) => l.startsWith('content/articles/secname.md') && l.includes('"news"')), name);
      assert.match(errorLines(r).join('\n'), /[\u0600-\u06ff]{3}.*[\u0600-\u06ff]{3}/, name);
      assert.doesNotMatch(r.stderr, /\bthe page slug\b|\bis not defined\b/, name);
    }
    assert.deepEqual(await readdir(root).then((l) => l.filter((f) => f === 'public')), []);
  });

  test('a site in a language midad does not speak gets English; --lang with another value is wrong usage', async () => {
    const fr = await makeSite({ ...MISTAKES, 'content/site.yml': MISTAKES['content/site.yml']!.replace('language: ar', 'language: fr') });
    const r = await runCli(['check', '--root', fr], { now: NOW, env: { MIDAD_LANG: '' } });
    assert.equal(r.code, 1);
    assert.deepEqual(positions(r), EXPECTED.map(([p]) => p));
    assert.match(r.stderr, /the page slug "tags"/);
    assert.equal((await runCli(['check', '--root', fr, '--lang', 'fr'], { now: NOW })).code, 2);
  });

  test('--lang may also come before the command', async () => {
    const r = await runCli(['--lang', 'ar', 'check', '--root', root], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(positions(r), EXPECTED.map(([p]) => p));
    assert.doesNotMatch(r.stderr, /\bthe page slug\b/);
    const v = await runCli(['--lang=en', '--version']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /^midad \d+\.\d+\.\d+/);
  });
});
