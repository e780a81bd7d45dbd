// End-to-end builds of whole sites in temp folders, asserting on the pages.
// Each site is built once (or a few times, in order) and shared by the tests that read it.
// The clock is MIDAD_NOW=2026-03-01T12:00:00Z (helpers NOW).

import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { tagKey } from '../../src/content/tags.js';
import { decode, duplicates, elements, findTag, hasClass, ids, startTags, text, visibleText } from '../helpers/html.js';
import {
  buildSite, copyFixtureSite, encodeSitePath, exists, FIXTURES, hashTree, htmlPages, listFiles, makeSite, mtimes, NOW,
  readOut, remove, runCli, sitePathOf, writeFiles,
} from '../helpers/site.js';

const BASE = 'https://example.org/';

/** Checks every HTML page of a build: lang/dir, one canonical (its own absolute URL), a description, unique ids. */
async function checkEveryPage(out: string, base: string, lang: string, dir: string, opts: { ids?: boolean } = {}): Promise<number> {
  const pages = await htmlPages(out);
  assert.ok(pages.length > 0, 'no HTML pages');
  for (const file of pages) {
    const html = await readOut(out, file);
    const htmlTag = startTags(html, 'html')[0];
    assert.ok(htmlTag, `${file}: no <html>`);
    assert.equal(htmlTag.attrs.lang, lang, `${file}: lang`);
    assert.equal(htmlTag.attrs.dir, dir, `${file}: dir`);
    const canonicals = startTags(html, 'link').filter((t) => t.attrs.rel === 'canonical');
    assert.equal(canonicals.length, 1, `${file}: exactly one canonical link`);
    assert.equal(canonicals[0]!.attrs.href, base + encodeSitePath(sitePathOf(file)), `${file}: canonical is the page's own absolute URL`);
    assert.ok(findTag(html, 'meta', { name: 'description' })?.attrs.content, `${file}: meta description`);
    if (opts.ids !== false) assert.deepEqual(duplicates(ids(html)), [], `${file}: duplicate ids`);
    assert.doesNotMatch(html, /midad:(image|article-link)/, `${file}: a placeholder was left in the page`);
  }
  return pages.length;
}

/** Every text file of a build (HTML, XML, JSON, TXT) with its content. */
async function textFiles(out: string): Promise<Array<[string, string]>> {
  const files = (await listFiles(out)).filter((f) => /\.(html|xml|txt|json|js)$/.test(f) && !f.startsWith('pagefind/'));
  return Promise.all(files.map(async (f) => [f, await readOut(out, f)] as [string, string]));
}

/** Front-matter fields of a fixture article (plain one-line values only). */
async function frontMatter(file: string): Promise<Record<string, string>> {
  const src = await readFile(file, 'utf8');
  const fm = /^---\n([\s\S]*?)\n---/.exec(src)![1]!;
  return Object.fromEntries([...fm.matchAll(/^(\w+): (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

const h1s = (html: string): string[] => elements(html, 'h1').map((e) => text(e.inner));

describe('newsroom: a full site, default flags', () => {
  let root = '';
  let out = '';
  let all = '';
  const page = (rel: string): Promise<string> => readOut(out, rel);
  const PARTNERS = 'articles/2026/01/24/partners/index.html';

  before(async () => {
    root = await copyFixtureSite('newsroom', {
      'content/articles/2026/01/24/partners/hero.jpg': { image: { width: 1600, height: 1000 } },
      'content/articles/2026/01/24/partners/body.jpg': { image: { width: 1200, height: 800 } },
      // A file name in NFD, as macOS may save it: the slug and URL are NFC.
      'content/articles/cafe\u0301.md': '---\ntitle: مقهى الثقافة يعود\nsummary: يعود مقهى الثقافة إلى شارع المتنبي.\ndate: 2026-02-02\nsection: economy\n---\n\nنص.\n',
    });
    out = path.join(root, 'out-default');
    all = path.join(root, 'out-all');
    // One after the other: the two builds share the site's image cache.
    await buildSite(root, ['--out', out]);
    await buildSite(root, ['--out', all, '--drafts', '--future', '--base-url', 'https://news.example.com/ar/']);
  });

  test('every page: <html lang="ar" dir="rtl">, one canonical (its own absolute URL), a description, unique ids', async () => {
    const n = await checkEveryPage(out, BASE, 'ar', 'rtl');
    assert.ok(n >= 15, `only ${n} pages`);
  });

  test('--out is honoured: nothing is written to ROOT/public', async () => {
    assert.equal(await exists(path.join(root, 'public')), false);
    assert.ok(await exists(path.join(out, 'index.html')));
  });

  test('a page of every kind exists', async () => {
    for (const f of ['index.html', '404.html', 'security/index.html', 'politics/index.html', 'economy/index.html', 'search/index.html', 'authors/fassel-team/index.html', 'authors/layla-hassan/index.html', PARTNERS]) {
      assert.ok(await exists(path.join(out, f)), f);
    }
  });

  test('article pages: exactly one h1 (the title), <time datetime> with an offset, meta description = summary', async () => {
    const articles = (await htmlPages(out)).filter((f) => f.startsWith('articles/'));
    assert.equal(articles.length, 7);
    const sources = new Map<string, Record<string, string>>();
    for (const f of ['2026/01/24/partners/index.md', 'border-drones.md', 'near-midnight.md', 'شراكة.md', 'late-utc.md', 'Economy_Outlook.md', 'cafe\u0301.md']) {
      const fm = await frontMatter(path.join(root, 'content/articles', f));
      sources.set(fm.title!, fm);
    }
    for (const f of articles) {
      const html = await page(f);
      const titles = h1s(html);
      assert.equal(titles.length, 1, `${f}: one h1`);
      const fm = sources.get(titles[0]!);
      assert.ok(fm, `${f}: the h1 "${titles[0]}" is an article title`);
      assert.equal(findTag(html, 'meta', { name: 'description' })?.attrs.content, fm.summary, `${f}: meta description`);
      const times = startTags(html, 'time').filter((t) => t.attrs.datetime);
      assert.ok(times.length >= 1, `${f}: a <time datetime>`);
      assert.match(times[0]!.attrs.datetime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?[+-]\d\d:\d\d$/, `${f}: datetime has an offset`);
    }
  });

  test('the seed article: kicker, headline, standfirst, hero figure with caption and [credit], byline, date, reading time', async () => {
    const html = await page(PARTNERS);
    const main = elements(html, 'main')[0]!.inner;
    const kicker = elements(main, 'p', (t) => hasClass(t, 'kicker'))[0]!;
    assert.equal(text(kicker.inner), 'أمن');
    assert.equal(startTags(kicker.inner, 'a')[0]!.attrs.href, '/security/');
    assert.deepEqual(h1s(html), ['قوة الشراكة في المعركة الدائمة ضد التطرف']);
    assert.equal(text(elements(main, 'p', (t) => hasClass(t, 'standfirst'))[0]!.inner), 'في سياق المهمة المتواصلة لتحقيق الأمن بالمنطقة، تقف قوات الشركاء في العراق وسوريا كواحد من أهم خطوط الدفاع في مواجهة تنظيم داعش.');

    const figures = elements(main, 'figure');
    assert.ok(figures.length >= 1);
    const hero = figures[0]!.inner;
    const img = startTags(hero, 'img')[0]!;
    assert.equal(img.attrs.alt, 'مدرب من قوات التحالف يتحدث إلى عناصر من القوات الشريكة خلال تدريب ميداني');
    assert.ok(img.attrs.width && img.attrs.height, 'hero has width and height');
    assert.equal(Math.round((Number(img.attrs.width) / Number(img.attrs.height)) * 100), 160, 'hero keeps the 16:10 aspect ratio');
    assert.notEqual(img.attrs.loading, 'lazy', 'the first image is not lazy');
    assert.match(img.attrs.src!, /\.webp$/);
    const caption = text(elements(hero, 'figcaption')[0]!.inner);
    assert.equal(caption, 'عنصر من قوات التحالف يقدم تعليمات للقوات الشريكة قبل إجراء تدريب على القتال في الأماكن الضيقة شمالي شرقي سوريا. [الجيش الأميركي]');

    const byline = elements(main, 'p', (t) => hasClass(t, 'authors'))[0]?.inner ?? main;
    assert.match(byline, /<bdi>فريق عمل الفاصل<\/bdi>/);
    assert.match(text(byline), /فريق عمل الفاصل \|/);
    const time = elements(main, 'time')[0]!;
    assert.equal(time.tag.attrs.datetime, '2026-01-24T09:30:00+03:00');
    assert.match(text(time.inner), /24 يناير 2026/);
    assert.match(text(main), /دقيقة واحدة للقراءة|دقيقتان للقراءة|\d+ دقائق للقراءة/);
  });

  test('the seed body: "#" becomes h2 with an Arabic id, the body figure keeps caption and credit, quotes are «»', async () => {
    const html = await page(PARTNERS);
    const body = elements(html, 'main')[0]!.inner;
    assert.match(body, /<h2 id="جبهة-موحدة-ضد-التطرف">جبهة موحدة ضد التطرف<\/h2>/);
    assert.match(body, /«منع وصول الأكسجين الجديد لجمرات التطرف العنيف المشتعلة»/);
    const bodyFigure = elements(body, 'figure').find((f) => !hasClass(f.tag, 'hero'));
    assert.ok(bodyFigure, 'a figure in the body');
    assert.equal(startTags(bodyFigure.inner, 'img')[0]!.attrs.loading, 'lazy');
    assert.equal(text(elements(bodyFigure.inner, 'figcaption')[0]!.inner), 'عنصر من قوات التحالف يقدم تعليمات للقوات الشريكة قبل إجراء تدريب على القتال في الأماكن الضيقة شمالي شرقي سوريا. [الجيش الأميركي]');
  });

  test('Open Graph and JSON-LD NewsArticle on article pages', async () => {
    const html = await page(PARTNERS);
    assert.equal(findTag(html, 'meta', { property: 'og:type' })?.attrs.content, 'article');
    assert.match(findTag(html, 'meta', { property: 'og:image' })?.attrs.content ?? '', /^https:\/\/example\.org\/\S+/);
    const ld = elements(html, 'script', (t) => t.attrs.type === 'application/ld+json').map((e) => JSON.parse(e.inner) as Record<string, unknown>);
    const nodes = ld.flatMap((d) => (Array.isArray(d['@graph']) ? (d['@graph'] as Array<Record<string, unknown>>) : [d]));
    const article = nodes.find((n) => n['@type'] === 'NewsArticle');
    assert.ok(article, 'a NewsArticle');
    assert.equal(article.headline, 'قوة الشراكة في المعركة الدائمة ضد التطرف');
    assert.equal(article.datePublished, '2026-01-24T09:30:00+03:00');
    assert.match(String(article.dateModified), /[+-]\d\d:\d\d$/);
    assert.match(JSON.stringify(article.author), /فريق عمل الفاصل/);
    assert.ok(article.publisher);
    assert.match(JSON.stringify(article.image), /https:\/\/example\.org\//);
  });

  test('dates near midnight: URL day and datetime in the site timezone (Asia/Baghdad)', async () => {
    // 00:30 without an offset: Baghdad time, the 20th (21:30Z on the 19th).
    const nm = await page('articles/2026/02/20/near-midnight/index.html');
    assert.equal(elements(nm, 'main')[0] && startTags(nm, 'time')[0]!.attrs.datetime, '2026-02-20T00:30:00+03:00');
    // 22:30Z on the 14th is 01:30 on the 15th in Baghdad.
    const late = await page('articles/2026/02/15/late-utc/index.html');
    assert.equal(startTags(late, 'time')[0]!.attrs.datetime, '2026-02-15T01:30:00+03:00');
    assert.equal(await exists(path.join(out, 'articles/2026/02/14')), false);
    // A date without a time: midnight in Baghdad.
    const ar = await page('articles/2026/01/20/شراكة/index.html');
    assert.equal(startTags(ar, 'time')[0]!.attrs.datetime, '2026-01-20T00:00:00+03:00');
  });

  test('an Arabic file name is the slug: raw on disk, percent-encoded in URLs', async () => {
    const html = await page('articles/2026/01/20/شراكة/index.html');
    const url = `${BASE}articles/2026/01/20/%D8%B4%D8%B1%D8%A7%D9%83%D8%A9/`;
    assert.equal(findTag(html, 'link', { rel: 'canonical' })?.attrs.href, url);
    const politics = await page('politics/index.html');
    assert.ok(startTags(politics, 'a').some((a) => a.attrs.href === '/articles/2026/01/20/%D8%B4%D8%B1%D8%A7%D9%83%D8%A9/'), 'links to it are percent-encoded');
  });

  test('a file name in NFD gives an NFC slug and URL', async () => {
    assert.ok(await exists(path.join(out, 'articles/2026/02/02/caf\u00e9/index.html')), 'NFC folder');
    assert.equal(await exists(path.join(out, 'articles/2026/02/02/cafe\u0301')), false, 'no NFD folder');
    const html = await page('articles/2026/02/02/caf\u00e9/index.html');
    assert.equal(findTag(html, 'link', { rel: 'canonical' })?.attrs.href, `${BASE}articles/2026/02/02/caf%C3%A9/`);
  });

  test('a file name that is not a slug uses its slug key', async () => {
    assert.ok(await exists(path.join(out, 'articles/2026/02/01/economy-outlook/index.html')));
  });

  test('section pages paginate (pageSize 2): page/2/ exists and the pages link to each other', async () => {
    const p1 = await page('security/index.html');
    const p2 = await page('security/page/2/index.html');
    assert.equal(await exists(path.join(out, 'security/page/3')), false);
    assert.equal(await exists(path.join(out, 'security/page/1')), false, 'page 1 is the section itself');
    assert.ok(startTags(p1, 'a').some((a) => a.attrs.href === '/security/page/2/'), 'page 1 links to page/2/');
    assert.ok(startTags(p2, 'a').some((a) => a.attrs.href === '/security/'), 'page 2 links back to page 1');
    assert.equal(findTag(p2, 'link', { rel: 'canonical' })?.attrs.href, `${BASE}security/page/2/`);
    // Newest first: two on page 1, the oldest (the seed) on page 2.
    const titles = (html: string): string[] => elements(html, 'main')[0]!.inner.match(/<h[23] class="card-title">[\s\S]*?<\/h[23]>/g)!.map(text);
    assert.deepEqual(titles(p1), ['اجتماع أمني طارئ بعد منتصف الليل', 'رصد طائرات مسيرة قرب الحدود الغربية']);
    assert.deepEqual(titles(p2), ['قوة الشراكة في المعركة الدائمة ضد التطرف']);
    assert.equal(h1s(p1).length, 1);
  });

  test('an Arabic tag page /tags/<key>/: الأمن, الأَمْن and الامن are one tag, shown with the first spelling', async () => {
    const tagDirs = (await listFiles(path.join(out, 'tags'))).map((f) => f.split('/')[0]);
    assert.ok(tagDirs.includes('الامن'));
    assert.ok(!tagDirs.includes('الأمن') && !tagDirs.includes('الأَمْن'), 'no page per spelling');
    const p1 = await page('tags/الامن/index.html');
    const p2 = await page('tags/الامن/page/2/index.html');
    assert.match(h1s(p1)[0]!, /الأمن/);
    assert.equal(findTag(p1, 'link', { rel: 'canonical' })?.attrs.href, `${BASE}tags/%D8%A7%D9%84%D8%A7%D9%85%D9%86/`);
    const listed = [p1, p2].flatMap((h) => elements(h, 'main')[0]!.inner.match(/<h[23] class="card-title">[\s\S]*?<\/h[23]>/g) ?? []).map(text);
    assert.deepEqual(listed.sort(), ['اجتماع أمني طارئ بعد منتصف الليل', 'رصد طائرات مسيرة قرب الحدود الغربية', 'قوة الشراكة في المعركة الدائمة ضد التطرف'].sort());
    // Article pages link to the tag by its key, and name it with the first spelling.
    const drones = await page('articles/2026/02/10/border-drones/index.html');
    const link = startTags(drones, 'a').find((a) => a.attrs.href === '/tags/%D8%A7%D9%84%D8%A7%D9%85%D9%86/');
    assert.ok(link, 'tag link by key');
    assert.match(drones, /<bdi>الأمن<\/bdi>/);
    assert.ok(await exists(path.join(out, 'tags/طائرات-مسيره/index.html')), 'spaces → -, ة → ه');
  });

  test('author pages list the author\'s articles, several authors included', async () => {
    const layla = await page('authors/layla-hassan/index.html');
    assert.match(h1s(layla)[0]!, /ليلى حسن/);
    const titles = elements(layla, 'main')[0]!.inner.match(/<h[23] class="card-title">[\s\S]*?<\/h[23]>/g)!.map(text);
    assert.deepEqual(titles.sort(), ['البرلمان يصوت على الموازنة في جلسة ليلية', 'رصد طائرات مسيرة قرب الحدود الغربية'].sort());
    const late = await page('articles/2026/02/15/late-utc/index.html');
    assert.match(late, /<bdi>ليلى حسن<\/bdi>/);
    assert.match(late, /<bdi>فريق عمل الفاصل<\/bdi>/);
  });

  test('404 page: lang/dir, not indexed, a way home', async () => {
    const html = await page('404.html');
    assert.equal(h1s(html).length, 1);
    assert.match(findTag(html, 'meta', { name: 'robots' })?.attrs.content ?? '', /^noindex\b/);
    assert.ok(startTags(html, 'a').some((a) => a.attrs.href === '/'));
  });

  test('the home page: one h1, the newest articles', async () => {
    const html = await page('index.html');
    assert.equal(h1s(html).length, 1);
    for (const t of ['قوة الشراكة في المعركة الدائمة ضد التطرف', 'اجتماع أمني طارئ بعد منتصف الليل']) assert.ok(visibleText(html).includes(t), t);
  });

  test('drafts and future articles appear nowhere without their flags', async () => {
    for (const [file, content] of await textFiles(out)) {
      for (const needle of ['مسودة لم تنشر بعد', 'draft-story', 'مقال مجدول للنشر لاحقا', 'future-story', 'وسم المسودة', 'وسم المستقبل']) {
        assert.ok(!decode(decodeURIComponentSafe(content)).includes(needle), `${file} mentions ${needle}`);
      }
    }
    assert.equal(await exists(path.join(out, 'tags/وسم-المسوده')), false);
    assert.equal(await exists(path.join(out, 'tags/وسم-المستقبل')), false);
  });

  test('--drafts and --future build them; --base-url is used for every canonical', async () => {
    assert.ok(await exists(path.join(all, 'articles/2026/02/05/draft-story/index.html')));
    assert.ok(await exists(path.join(all, 'articles/2026/03/05/future-story/index.html')));
    assert.ok(await exists(path.join(all, 'tags/وسم-المسوده/index.html')));
    assert.ok(await exists(path.join(all, 'tags/وسم-المستقبل/index.html')));
    await checkEveryPage(all, 'https://news.example.com/ar/', 'ar', 'rtl');
  });

  test('--base-url with a path: links inside the site start with it', async () => {
    const html = await readOut(all, 'security/index.html');
    const hrefs = startTags(html, 'a').map((a) => a.attrs.href!).filter((h) => h.startsWith('/'));
    assert.ok(hrefs.length > 5);
    for (const h of hrefs) assert.ok(h.startsWith('/ar/'), `link ${h} is outside the base path`);
    for (const l of startTags(html, 'link').filter((t) => t.attrs.href?.startsWith('/'))) assert.ok(l.attrs.href!.startsWith('/ar/'), l.raw);
    for (const s of startTags(html, 'script').filter((t) => t.attrs.src?.startsWith('/'))) assert.ok(s.attrs.src!.startsWith('/ar/'), s.raw);
    assert.doesNotMatch(await readOut(all, PARTNERS), /https:\/\/example\.org/, 'the site.yml baseUrl is overridden everywhere');
  });
});

function decodeURIComponentSafe(s: string): string {
  return s.replace(/(?:%[0-9A-F]{2})+/gi, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}

// ---------------------------------------------------------------------------------------

const SMALL_SITE = `
-- content/site.yml --
title: موقع صغير
description: موقع صغير لاختبار الكتابة
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: news
    name: أخبار
authors:
  - slug: team
    name: فريق التحرير
defaultAuthor: team
-- content/articles/a.md --
---
title: المقال الأول
summary: ملخص المقال الأول.
date: 2026-01-10
section: news
tags: [مشترك, وسم أول]
---

نص المقال الأول.
-- content/articles/b.md --
---
title: المقال الثاني
summary: ملخص المقال الثاني.
date: 2026-01-11
section: news
tags: [مشترك, وسم الثاني فقط]
---

نص المقال الثاني.
-- content/articles/c.md --
---
title: المقال الثالث
summary: ملخص المقال الثالث.
date: 2026-01-12
section: news
---

نص المقال الثالث.
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('output folder: incremental, stale files, failed builds, check', () => {
  let root = '';
  let out = '';

  before(async () => {
    root = await makeSite(SMALL_SITE);
    out = path.join(root, 'public');
    await buildSite(root);
    await writeFiles(out, { CNAME: 'news.example.org\n', 'keep/me.txt': 'not midad\'s\n' });
  });

  test('the default output folder is ROOT/public', async () => {
    assert.ok(await exists(path.join(out, 'index.html')));
    assert.ok(await exists(path.join(out, 'articles/2026/01/11/b/index.html')));
  });

  test('a second build with nothing changed rewrites nothing (same bytes, same mtimes)', async () => {
    const hashes = await hashTree(out);
    const times = await mtimes(out);
    await sleep(30);
    await buildSite(root);
    // The manifest is midad's own bookkeeping, not a page: it may be rewritten.
    const withoutManifest = (m: Map<string, string>): Map<string, string> => new Map([...m].filter(([f]) => f !== '.midad-manifest.json'));
    assert.deepEqual(withoutManifest(await hashTree(out)), withoutManifest(hashes));
    const after = await mtimes(out);
    for (const [f, t] of times) if (f !== '.midad-manifest.json') assert.equal(after.get(f), t, `${f} was rewritten`);
  });

  test('editing one article rewrites its page and leaves unrelated pages untouched', async () => {
    const times = await mtimes(out);
    const aPage = await readOut(out, 'articles/2026/01/10/a/index.html');
    await sleep(30);
    const file = path.join(root, 'content/articles/c.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('نص المقال الثالث.', 'نص المقال الثالث بعد التعديل.'));
    await buildSite(root);
    assert.match(await readOut(out, 'articles/2026/01/12/c/index.html'), /بعد التعديل/);
    assert.equal(await readOut(out, 'articles/2026/01/10/a/index.html'), aPage);
    const after = await mtimes(out);
    assert.equal(after.get('articles/2026/01/10/a/index.html'), times.get('articles/2026/01/10/a/index.html'), 'an unchanged page keeps its mtime');
    assert.notEqual(after.get('articles/2026/01/12/c/index.html'), times.get('articles/2026/01/12/c/index.html'));
  });

  test('deleting an article removes its page and its tag page; files midad did not write stay', async () => {
    await remove(root, 'content/articles/b.md');
    await buildSite(root);
    assert.equal(await exists(path.join(out, 'articles/2026/01/11/b/index.html')), false, 'the article page is removed');
    assert.equal(await exists(path.join(out, 'articles/2026/01/11/b')), false, 'and its empty folder');
    assert.equal(await exists(path.join(out, 'tags/وسم-الثاني-فقط/index.html')), false, 'the tag only it had is removed');
    assert.ok(await exists(path.join(out, 'tags/مشترك/index.html')));
    assert.doesNotMatch(await readOut(out, 'tags/مشترك/index.html'), /المقال الثاني/);
    assert.equal(await readOut(out, 'CNAME'), 'news.example.org\n', 'a file midad did not write is kept');
    assert.equal(await readOut(out, 'keep/me.txt'), 'not midad\'s\n');
  });

  test('a failed build leaves the previous output byte-identical', async () => {
    const hashes = await hashTree(out);
    const times = await mtimes(out);
    await writeFiles(root, {
      'content/articles/broken.md': '---\ntitle: مقال معطوب\nsummary: ملخص\ndate: 2026-01-13\nsection: nwes\n---\n\nنص.\n',
    });
    // Also change a good article, so the failed build has new bytes it must not write.
    const a = path.join(root, 'content/articles/a.md');
    const before = await readFile(a, 'utf8');
    await writeFile(a, before.replace('نص المقال الأول.', 'نص جديد لا يجوز أن يكتب.'));
    const r = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /content\/articles\/broken\.md:5:10: error: section "nwes"/);
    assert.deepEqual(await hashTree(out), hashes, 'same files, same bytes');
    assert.deepEqual(await mtimes(out), times, 'not even touched');
    await writeFile(a, before);
  });

  test('midad check writes nothing, with errors or without', async () => {
    const hashes = await hashTree(out);
    const failing = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(failing.code, 1);
    assert.match(failing.stderr, /broken\.md:5:10: error:/);
    await remove(root, 'content/articles/broken.md');
    await writeFiles(root, { 'content/articles/d.md': '---\ntitle: مقال جديد\nsummary: ملخص\ndate: 2026-01-14\nsection: news\n---\n\nنص.\n' });
    const passing = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(passing.code, 0, passing.stderr);
    assert.deepEqual(await hashTree(out), hashes, 'check wrote nothing to the output folder');
    assert.equal(await exists(path.join(out, 'articles/2026/01/14/d')), false);
  });

  test('--clean rebuilds everything to the same bytes a normal build gives', async () => {
    // The search index is the exception: its shards' ranges depend on the site's history, which
    // --clean forgets; what readers find is the same (tests/e2e/search).
    const pages = async (): Promise<Map<string, string>> =>
      new Map([...await hashTree(out)].filter(([f]) => !/^pagefind\/|^\.midad-manifest\.json$/.test(f)));
    await buildSite(root);
    const hashes = await pages();
    await buildSite(root, ['--clean']);
    assert.deepEqual(await pages(), hashes);
  });

  test('a page deleted by hand comes back with --clean (midad trusts the list of files it wrote otherwise)', async () => {
    const page = 'articles/2026/01/10/a/index.html';
    const before = await readOut(out, page);
    await rm(path.join(out, page));
    const r = await buildSite(root, ['--clean']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readOut(out, page), before);
  });

  test('a manifest edited to name files outside the out folder never makes a build delete them', async () => {
    const outside = { '../victim.txt': 'beside the out folder\n', 'victim2.txt': 'in the root\n' };
    await writeFiles(root, { 'victim.txt': outside['../victim.txt'], 'victim2.txt': outside['victim2.txt'] });
    const manifestFile = path.join(out, '.midad-manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { files: Record<string, string>; build?: string };
    for (const rel of ['../victim.txt', '../victim2.txt', `${root}/victim.txt`, 'a/../../victim.txt', 'a/..\\..\\victim.txt']) manifest.files[rel] = '0'.repeat(40);
    delete manifest.build;
    await writeFile(manifestFile, JSON.stringify(manifest));
    const r = await buildSite(root);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await readFile(path.join(root, 'victim.txt'), 'utf8'), outside['../victim.txt']);
    assert.equal(await readFile(path.join(root, 'victim2.txt'), 'utf8'), outside['victim2.txt']);
  });
});

describe('midad check on a fresh site', () => {
  test('creates no public/ folder and no other file under the root (no image cache either)', async () => {
    const root = await makeSite(SMALL_SITE.replace('section: news\ntags: [مشترك, وسم أول]', 'section: news\ntags: [مشترك, وسم أول]\nimage:\n  src: hero.jpg\n  alt: صورة'));
    await writeFiles(root, { 'content/articles/hero.jpg': { image: { width: 900, height: 600 } } });
    const before = await listFiles(root);
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await exists(path.join(root, 'public')), false);
    assert.deepEqual(await listFiles(root), before, 'check wrote files (a cache?) under the site root');
  });
});

// ---------------------------------------------------------------------------------------

const HOSTILE = `
-- content/site.yml --
title: 'الفاصل</title><script>alert("site")</script>'
description: '"><script>alert(2)</script>'
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: '<img src=x onerror=alert(3)>'
authors:
  - slug: evil
    name: '</bdi><script>alert(4)</script>'
defaultAuthor: evil
-- content/articles/evil/index.md --
---
title: '</title><script>alert(1)</script>'
summary: '"><img src=x onerror=alert(5)> & </p>'
date: 2026-01-24T09:30:00+03:00
section: security
tags: ['<script>alert(6)</script>', '" onmouseover="alert(10)']
image:
  src: hero.jpg
  alt: '"><script>alert(7)</script>'
  caption: '<b>caption</b></figcaption><script>alert(11)</script>'
  credit: '</bdi><script>alert(8)</script>'
---

<script>alert(9)</script>

[click](javascript:alert(12)) [x](https://example.org/"onmouseover="alert(15))

{{ 7*7 }} {% raw %} {# comment #}

## main

## related-title

![<script>alert(13)</script> [</bdi><script>alert(14)</script>]](body.jpg)
-- content/articles/braces.md --
---
title: '{{ site.title }} {% if true %}x{% endif %}'
summary: "</script><!-- <script>"
date: 2026-01-20
section: security
tags: ["{{ 7*7 }}"]
---

نص.
`;

describe('hostile text in every field is escaped', () => {
  let out = '';
  before(async () => {
    const root = await makeSite(HOSTILE);
    await writeFiles(root, {
      'content/articles/evil/hero.jpg': { image: { width: 800, height: 500 } },
      'content/articles/evil/body.jpg': { image: { width: 800, height: 500 } },
    });
    out = path.join(root, 'out');
    await buildSite(root, ['--out', out]);
  });

  test('no markup from content gets into any page: no injected tags, no event-handler attributes', async () => {
    const pages = await htmlPages(out);
    assert.ok(pages.length > 5);
    for (const f of pages) {
      const html = await readOut(out, f);
      assert.doesNotMatch(html, /<script>alert/i, f);
      assert.doesNotMatch(html, /<img src=x/i, f);
      assert.doesNotMatch(html, /<b>caption/i, f);
      assert.doesNotMatch(html, /<\/title><script/i, f);
      for (const m of html.matchAll(/<([a-z][a-z0-9-]*)(?=[\s>/])((?:[^>"']|"[^"]*"|'[^']*')*)>/gi)) {
        const attrs = startTags(m[0], m[1]!)[0]?.attrs ?? {};
        for (const name of Object.keys(attrs)) assert.ok(!/^on/i.test(name), `${f}: event handler attribute in ${m[0]}`);
      }
      assert.equal(startTags(html, 'title').length, 1, `${f}: one <title>`);
    }
  });

  test('scripts are only JSON-LD or external files, and JSON-LD cannot be closed from content', async () => {
    for (const f of await htmlPages(out)) {
      const html = await readOut(out, f);
      for (const s of elements(html, 'script')) {
        if (s.tag.attrs.src) continue;
        assert.equal(s.tag.attrs.type, 'application/ld+json', `${f}: inline script ${s.tag.raw}`);
        assert.doesNotMatch(s.inner, /<\/script|<!--|<script/i, `${f}: JSON-LD content`);
        JSON.parse(s.inner);
      }
    }
  });

  test('the text is shown exactly as the editor wrote it', async () => {
    const html = await readOut(out, 'articles/2026/01/24/evil/index.html');
    assert.deepEqual(h1s(html), ['</title><script>alert(1)</script>']);
    assert.equal(findTag(html, 'meta', { name: 'description' })?.attrs.content, '"><img src=x onerror=alert(5)> & </p>');
    assert.match(text(elements(html, 'title')[0]!.inner), /^<\/title><script>alert\(1\)<\/script>/);
    const main = text(elements(html, 'main')[0]!.inner);
    for (const s of ['<script>alert(9)</script>', '[click](javascript:alert(12))', '<b>caption</b></figcaption><script>alert(11)</script>', '[</bdi><script>alert(8)</script>]', '</bdi><script>alert(4)</script>', '<script>alert(6)</script>']) {
      assert.ok(main.includes(s), `shown as text: ${s}`);
    }
    assert.ok(!startTags(html, 'a').some((a) => /^javascript:/i.test(a.attrs.href ?? '')), 'no javascript: link');
  });

  test('template syntax in content is not evaluated', async () => {
    const html = await readOut(out, 'articles/2026/01/24/evil/index.html');
    assert.match(text(html), /\{\{ 7\*7 \}\} \{% raw %\} \{# comment #\}/);
    const braces = await readOut(out, 'articles/2026/01/20/braces/index.html');
    assert.deepEqual(h1s(braces), ['{{ site.title }} {% if true %}x{% endif %}']);
    assert.equal(findTag(braces, 'meta', { name: 'description' })?.attrs.content, '</script><!-- <script>');
  });

  test('headings named like the page\'s own ids do not duplicate them', async () => {
    const html = await readOut(out, 'articles/2026/01/24/evil/index.html');
    assert.deepEqual(duplicates(ids(html)), []);
  });

  test('tag pages of hostile tags exist under their keys', async () => {
    for (const tag of ['<script>alert(6)</script>', '" onmouseover="alert(10)', '{{ 7*7 }}']) {
      assert.ok(await exists(path.join(out, 'tags', tagKey(tag), 'index.html')), tag);
    }
    assert.equal(tagKey('<script>alert(6)</script>'), 'scriptalert6script');
  });

  test('every page still has its canonical and lang/dir', async () => {
    // (Duplicate ids are the test above's business.)
    await checkEveryPage(out, BASE, 'ar', 'rtl', { ids: false });
  });
});

// ---------------------------------------------------------------------------------------

describe('digits: arab applies to every date, count and page number a reader sees', () => {
  let out = '';
  before(async () => {
    const root = await makeSite(`
-- content/site.yml --
title: موقع الأرقام
description: موقع لاختبار الأرقام العربية الهندية
baseUrl: https://example.org/
language: ar-IQ
timezone: Asia/Baghdad
digits: arab
pageSize: 1
sections:
  - slug: news
    name: أخبار
authors:
  - slug: team
    name: فريق التحرير
defaultAuthor: team
-- content/articles/first.md --
---
title: الخبر الأول
summary: ملخص الخبر الأول.
date: 2026-01-10T09:05:00
section: news
tags: [وسم]
---

نص الخبر الأول.
-- content/articles/second.md --
---
title: الخبر الثاني
summary: ملخص الخبر الثاني.
date: 2026-01-12
updated: 2026-01-13T18:45:00
section: news
tags: [وسم]
---

نص الخبر الثاني.
-- content/articles/third.md --
---
title: الخبر الثالث
summary: ملخص الخبر الثالث.
date: 2026-01-14
section: news
tags: [وسم]
---

نص الخبر الثالث.
`);
    out = path.join(root, 'out');
    await buildSite(root, ['--out', out]);
  });

  test('lang is the site language, dir from it', async () => {
    await checkEveryPage(out, BASE, 'ar-IQ', 'rtl');
  });

  test('no ASCII digit in the text a reader sees on any page', async () => {
    for (const f of await htmlPages(out)) {
      const seen = visibleText(await readOut(out, f));
      assert.doesNotMatch(seen, /[0-9]/, `${f}: ${seen.match(/.{0,30}[0-9].{0,30}/)?.[0]}`);
    }
  });

  test('dates, times and page numbers use ٠-٩', async () => {
    const html = await readOut(out, 'articles/2026/01/10/first/index.html');
    assert.match(text(elements(html, 'time')[0]!.inner), /١٠.*٢٠٢٦/);
    assert.match(text(elements(html, 'time')[0]!.inner), /٠٩:٠٥/);
    const p2 = await readOut(out, 'news/page/2/index.html');
    assert.match(visibleText(p2), /٢/);
    assert.match(visibleText(await readOut(out, 'news/index.html')), /٣/, 'the count of three articles');
  });
});

describe('an ltr site', () => {
  test('language en: <html lang="en" dir="ltr">, English words; a baseUrl without its trailing slash', async () => {
    const root = await makeSite(`
-- content/site.yml --
title: Test News
description: An English test site
baseUrl: https://example.org/news
language: en
sections:
  - slug: world
    name: World
  - slug: culture
    name: Culture
authors:
  - slug: ann
    name: Ann Lee
  - slug: bo
    name: Bo Chen
  - slug: cy
    name: Cy Diaz
-- content/articles/hello.md --
---
title: Hello
summary: The first story.
date: 2026-01-10
section: world
author: [ann, bo]
---

Text.
-- content/articles/three.md --
---
title: Three
summary: By three.
date: 2026-01-11
section: world
author: [ann, bo, cy]
---

Text.
`);
    const out = path.join(root, 'out');
    await buildSite(root, ['--out', out]);
    await checkEveryPage(out, 'https://example.org/news/', 'en', 'ltr');
    const html = await readOut(out, 'articles/2026/01/10/hello/index.html');
    assert.match(visibleText(html), /minute read/);
    // Names joined by the language's own rules (Intl.ListFormat), not by Arabic "و" and "،".
    const authorsOf = async (rel: string): Promise<string> => text(elements(await readOut(out, rel), 'p', (t) => hasClass(t, 'authors'))[0]!.inner);
    assert.equal(await authorsOf('articles/2026/01/10/hello/index.html'), 'Ann Lee and Bo Chen |');
    assert.equal(await authorsOf('articles/2026/01/11/three/index.html'), 'Ann Lee, Bo Chen, and Cy Diaz |');
    // An empty section: its navigation link is marked current, its feed dated by the site's latest change (not 1970).
    const culture = await readOut(out, 'culture/index.html');
    assert.ok(startTags(culture, 'a').some((a) => a.attrs['aria-current'] === 'page' && a.attrs.href === '/news/culture/'), 'aria-current on the empty section');
    assert.match(await readOut(out, 'culture/feed.xml'), /<updated>2026-01-11T00:00:00[+-]\d\d:\d\d<\/updated>/);
  });
});

describe('a site\'s own templates/', () => {
  test('override the built-in templates file by file', async () => {
    const root = await makeSite(SMALL_SITE + `
-- templates/404.njk --
{% extends "base.njk" %}
{% block main %}<h1>صفحة مخصصة غير موجودة</h1>{% endblock %}
`);
    const out = path.join(root, 'out');
    await buildSite(root, ['--out', out]);
    assert.deepEqual(h1s(await readOut(out, '404.html')), ['صفحة مخصصة غير موجودة']);
    assert.deepEqual(h1s(await readOut(out, 'articles/2026/01/10/a/index.html')), ['المقال الأول'], 'the other templates are the built-in ones');
    assert.equal(startTags(await readOut(out, '404.html'), 'html')[0]!.attrs.dir, 'rtl', 'base.njk still comes from midad');
  });

  test('templates/assets/style.css replaces the stylesheet, turned right to left, and an edit to it shows on the next build', async () => {
    const root = await makeSite(SMALL_SITE + `
-- templates/assets/style.css --
.own-rule { margin-left: 3px; }
`);
    const out = path.join(root, 'out');
    const stylesheet = async (): Promise<string> => {
      const names = (await readdir(path.join(out, 'assets'))).filter((n) => /^style\.[0-9a-f]+\.css$/.test(n));
      assert.equal(names.length, 1, names.join(', '));
      return readOut(out, `assets/${names[0]}`);
    };
    await buildSite(root, ['--out', out]);
    assert.match(await stylesheet(), /\.own-rule\{margin-right:3px\}/);
    // The processed stylesheet is cached in .midad-cache: a changed source must not get the old one.
    await writeFile(path.join(root, 'templates', 'assets', 'style.css'), '.own-rule { padding-left: 5px; }\n');
    await buildSite(root, ['--out', out]);
    const css = await stylesheet();
    assert.match(css, /\.own-rule\{padding-right:5px\}/);
    assert.doesNotMatch(css, /margin-right:3px/);
  });
});

// The fixture folder must exist where the tests read it (source tree, not dist).
test('fixtures are read from the source tests/ folder', async () => {
  assert.ok(await exists(path.join(FIXTURES, 'sites', 'newsroom', 'content', 'site.yml')));
  assert.ok(!FIXTURES.includes(`${path.sep}dist${path.sep}`));
});
