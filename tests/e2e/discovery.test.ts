// Discovery end to end: a small Arabic site is built, then its feeds are read with a real feed
// parser, its sitemaps validated against the published XSDs with xmllint, and its pages' SEO
// data, related articles and robots.txt checked.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Site } from '../../src/model.js';
import { sitemapFiles } from '../../src/render/sitemaps.js';
import { HOSTILE_TITLE, XSD_DIR, buildSite, writeSite } from './discovery-support.js';

const XSD = XSD_DIR;
let out = '';
const read = (rel: string): Promise<string> => readFile(path.join(out, rel), 'utf8');
const BORDER = 'articles/2026/11/28/أمن-الحدود/index.html';

function xmllint(schema: string, file: string): void {
  execFileSync('xmllint', ['--noout', '--schema', path.join(XSD, schema), file], { stdio: 'pipe' });
}

/** The JSON-LD of a page, parsed (the first ld+json script). */
function jsonLd(html: string): { '@graph': Array<Record<string, unknown>> } {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'a JSON-LD script');
  return JSON.parse(m[1]!) as { '@graph': Array<Record<string, unknown>> };
}

const metas = (html: string, key: string): string[] =>
  [...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].filter((m) => m[1] === key).map((m) => m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

describe('discovery: feeds, sitemaps, SEO, related', () => {
  let root = '';
  before(async () => {
    root = await writeSite();
    const r = await buildSite(root);
    // The hostile summary's control character is removed, with a warning at its value.
    assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.code}`), ['content/articles/2026/11/28/hostile.md:3:10: warning: control-character']);
    assert.ok(r.ok);
    out = r.out;
  });
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes an Atom feed of the site that a feed parser reads, Arabic intact, links absolute', async () => {
    const xml = await read('feed.xml');
    const feed = parseFeed(xml);
    assert.equal(feed.title, 'الفاصل');
    assert.equal(feed.self, 'https://news.example.org/ar/feed.xml');
    assert.equal(feed.url, 'https://news.example.org/ar/');
    assert.equal(feed.items.length, 5);
    const border = feed.items.find((i) => i.title === 'أمن الحدود يتصدر أولويات الحكومة');
    assert.ok(border);
    assert.equal(border.id, 'tag:news.example.org,2026-11-28:ar/2026/11/28/border');
    assert.equal(border.url, 'https://news.example.org/ar/articles/2026/11/28/%D8%A3%D9%85%D9%86-%D8%A7%D9%84%D8%AD%D8%AF%D9%88%D8%AF/');
    assert.equal(border.published?.toISOString(), '2026-11-28T07:00:00.000Z');
    assert.equal(border.updated?.toISOString(), '2026-11-28T15:30:00.000Z');
    assert.deepEqual(border.authors.map((a) => [a.name, a.url]), [
      ['ليلى حسن', 'https://news.example.org/ar/authors/layla/'],
      ['عمر خالد', 'https://news.example.org/ar/authors/omar/'],
    ]);
    assert.equal(border.description, 'خطة جديدة لتأمين الحدود الغربية.');
    const content = border.content ?? '';
    assert.match(content, /<h2[^>]*>تفاصيل<\/h2>/);
    // Every link and image in the content is absolute.
    for (const m of content.matchAll(/\s(?:href|src)="([^"]*)"/g)) assert.match(m[1]!, /^https:\/\/news\.example\.org\//, m[0]);
    // The hero at the size of the rendition it names (800 of the photo's 1600 × 1000), its
    // other widths in a srcset, its credit in the caption.
    const hero = /<img [^>]*>/.exec(content)?.[0] ?? '';
    assert.match(hero, /src="[^"]*-800\.webp"/, hero);
    assert.match(hero, /width="800" height="500"/, hero);
    assert.match(hero, /srcset="https:\/\/news\.example\.org\/ar\/images\/[^"]*-480\.webp 480w, /, hero);
    assert.match(content, /<figcaption>دورية \[وكالة\]<\/figcaption>/);
    for (const m of content.matchAll(/\ssrcset="([^"]*)"/g)) for (const c of m[1]!.split(',')) assert.match(c.trim(), /^https:\/\//);
    assert.match(content, /href="https:\/\/news\.example\.org\/ar\/articles\/2026\/11\/20\/qaeda\/"/);
    assert.match(content, /<img src="https:\/\/news\.example\.org\/ar\/images\/[^"]+\.webp"/);
    // Newest first; updated is the newest change.
    assert.deepEqual(feed.items.map((i) => i.published?.toISOString()), [...feed.items.map((i) => i.published!.toISOString())].sort().reverse());
    assert.equal(feed.updated?.toISOString(), '2026-11-28T15:30:00.000Z');
  });

  it('keeps entry ids when a slug changes', async () => {
    const ids = (xml: string): string[] => parseFeed(xml).items.map((i) => i.id ?? '').sort();
    const before = ids(await read('feed.xml'));
    const file = path.join(root, 'content/articles/2026/11/20/qaeda.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('section: security', 'section: security\nslug: khaliya'));
    const r = await buildSite(root);
    assert.ok(r.ok);
    const afterIds = ids(await read('feed.xml'));
    assert.deepEqual(afterIds, before);
    assert.ok(existsSync(path.join(out, 'articles/2026/11/20/khaliya/index.html')));
  });

  it('escapes hostile text in feeds and strips control characters', async () => {
    const xml = await read('feed.xml');
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    execFileSync('xmllint', ['--noout', path.join(out, 'feed.xml')], { stdio: 'pipe' });
    const item = parseFeed(xml).items.find((i) => i.title?.startsWith('عنوان'));
    assert.ok(item);
    assert.ok(item.title!.includes('</script><script>alert(1)</script> &'));
    assert.equal(item.description, 'ملخص فيه محرف تحكم  و هنا');
  });

  it('writes a feed per section with only that section', async () => {
    const feed = parseFeed(await read('economy/feed.xml'));
    assert.equal(feed.self, 'https://news.example.org/ar/economy/feed.xml');
    assert.equal(feed.url, 'https://news.example.org/ar/economy/');
    assert.deepEqual(feed.items.map((i) => i.url?.includes('/economy/') || i.categories.some((c) => c.term === 'economy')), [true, true, true]);
    const section = await read('economy/index.html');
    assert.match(section, /<link rel="alternate" type="application\/atom\+xml" href="\/ar\/economy\/feed\.xml"/);
  });

  it('lists every HTML page but 404 in sitemap.xml, valid against the sitemap XSD', async () => {
    xmllint('sitemap.xsd', path.join(out, 'sitemap.xml'));
    const xml = await read('sitemap.xml');
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    const html: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.name.endsWith('.html')) html.push(path.relative(out, p).split(path.sep).join('/'));
      }
    };
    await walk(out);
    const expected = html
      .filter((p) => p !== '404.html')
      .map((p) => `https://news.example.org/ar/${p.replace(/index\.html$/, '').split('/').map(encodeURIComponent).join('/')}`)
      .sort();
    assert.deepEqual([...locs].sort(), expected);
    for (const l of locs) assert.match(l, /^https:\/\/news\.example\.org\/ar\/[\x21-\x7e]*$/, 'absolute and percent-encoded');
    assert.match(xml, /<url><loc>https:\/\/news\.example\.org\/ar\/articles\/2026\/11\/28\/%D8%A3%D9%85%D9%86-%D8%A7%D9%84%D8%AD%D8%AF%D9%88%D8%AF\/<\/loc><lastmod>2026-11-28T18:30:00\+03:00<\/lastmod><\/url>/);
    // A listing's lastmod is its newest article's change.
    assert.match(xml, /<loc>https:\/\/news\.example\.org\/ar\/economy\/<\/loc><lastmod>2026-11-28T08:00:00\+03:00<\/lastmod>/);
  });

  it('splits sitemap.xml into valid parts beyond 50,000 URLs', async () => {
    const site = { baseUrl: 'https://news.example.org/ar/', timezone: 'Asia/Baghdad' } as Site;
    const entries = Array.from({ length: 50_001 }, (_, i) => ({ loc: `https://news.example.org/ar/tags/${encodeURIComponent(`وسم-${i}`)}/`, lastmod: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));
    const files = sitemapFiles(site, entries);
    assert.deepEqual(files.map((f) => f.path), ['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml']);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'midad-sitemaps-'));
    try {
      for (const f of files) await writeFile(path.join(dir, f.path), f.bytes);
      execFileSync('xmllint', ['--noout', path.join(dir, 'sitemap.xml')], { stdio: 'pipe' });
      xmllint('sitemap.xsd', path.join(dir, 'sitemap-1.xml'));
      xmllint('sitemap.xsd', path.join(dir, 'sitemap-2.xml'));
      assert.match(files[0]!.bytes, /<sitemap><loc>https:\/\/news\.example\.org\/ar\/sitemap-1\.xml<\/loc>/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes news-sitemap.xml with the articles of the two days before the build, valid against the news XSD', async () => {
    xmllint('news-sitemap.xsd', path.join(out, 'news-sitemap.xml'));
    const xml = await read('news-sitemap.xml');
    const titles = [...xml.matchAll(/<news:title>([^<]*)<\/news:title>/g)].map((m) => m[1]);
    assert.equal(titles.length, 2);
    assert.equal(titles[0], 'أمن الحدود يتصدر أولويات الحكومة');
    assert.match(xml, /<news:publication><news:name>الفاصل<\/news:name><news:language>ar<\/news:language><\/news:publication>/);
    assert.match(xml, /<news:publication_date>2026-11-28T10:00:00\+03:00<\/news:publication_date>/);
    assert.doesNotMatch(xml, /qaeda|khaliya/);
  });

  it('names both sitemaps in robots.txt', async () => {
    const robots = await read('robots.txt');
    assert.match(robots, /^Sitemap: https:\/\/news\.example\.org\/ar\/sitemap\.xml$/m);
    assert.match(robots, /^Sitemap: https:\/\/news\.example\.org\/ar\/news-sitemap\.xml$/m);
    assert.match(robots, /^User-agent: \*$/m);
  });

  it('gives article pages Open Graph, Twitter and NewsArticle JSON-LD data', async () => {
    const html = await read(BORDER);
    assert.deepEqual(metas(html, 'og:type'), ['article']);
    assert.deepEqual(metas(html, 'og:locale'), ['ar_AR']);
    assert.deepEqual(metas(html, 'og:title'), ['أمن الحدود يتصدر أولويات الحكومة']);
    assert.deepEqual(metas(html, 'article:published_time'), ['2026-11-28T10:00:00+03:00']);
    assert.deepEqual(metas(html, 'article:modified_time'), ['2026-11-28T18:30:00+03:00']);
    assert.deepEqual(metas(html, 'article:section'), ['أمن']);
    assert.deepEqual(metas(html, 'article:tag'), ['الحدود', 'العراق']);
    assert.deepEqual(metas(html, 'twitter:card'), ['summary_large_image']);
    const [ogImage] = metas(html, 'og:image');
    assert.match(ogImage ?? '', /^https:\/\/news\.example\.org\/ar\/images\/[^"]+\.jpg$/);
    assert.ok(existsSync(path.join(out, new URL(ogImage!).pathname.replace(/^\/ar\//, ''))), 'og:image is published');
    const ld = jsonLd(html)['@graph'];
    const article = ld.find((n) => n['@type'] === 'NewsArticle')!;
    assert.equal(article.headline, 'أمن الحدود يتصدر أولويات الحكومة');
    assert.equal(article.datePublished, '2026-11-28T10:00:00+03:00');
    assert.equal(article.dateModified, '2026-11-28T18:30:00+03:00');
    assert.deepEqual(article.author, [
      { '@type': 'Person', name: 'ليلى حسن', url: 'https://news.example.org/ar/authors/layla/' },
      { '@type': 'Person', name: 'عمر خالد', url: 'https://news.example.org/ar/authors/omar/' },
    ]);
    const publisher = article.publisher as { name: string; logo: { url: string } };
    assert.equal(publisher.name, 'الفاصل');
    assert.match(publisher.logo.url, /^https:\/\/news\.example\.org\/ar\/assets\/logo\.[0-9a-f]+\.png$/);
    assert.ok(existsSync(path.join(out, new URL(publisher.logo.url).pathname.replace(/^\/ar\//, ''))), 'the logo is published');
    assert.ok(Array.isArray(article.image) && (article.image as string[]).every((u) => u.startsWith('https://')));
    // An article without a photo: the logo stands in, in JSON-LD as in Open Graph.
    const ports = jsonLd(await read('articles/2026/09/01/ports/index.html'))['@graph'].find((n) => n['@type'] === 'NewsArticle')!;
    assert.deepEqual(ports.image, [publisher.logo.url]);
    const crumbs = ld.find((n) => n['@type'] === 'BreadcrumbList')!;
    assert.deepEqual((crumbs.itemListElement as Array<{ name: string }>).map((c) => c.name), ['الفاصل', 'أمن', 'أمن الحدود يتصدر أولويات الحكومة']);
  });

  it('embeds hostile titles so nothing breaks out of the JSON-LD script', async () => {
    const html = await read('articles/2026/11/28/hostile/index.html');
    const scripts = html.match(/<script\b/g) ?? [];
    const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)!;
    assert.ok(m);
    assert.doesNotMatch(m[1]!, /[<>&\u2028\u2029]/);
    const article = (JSON.parse(m[1]!) as { '@graph': Array<Record<string, unknown>> })['@graph'][0]!;
    // The title as readers see it: its Arabic quote in «» (src/markdown/quotes.ts), the rest as written.
    const shown = HOSTILE_TITLE.replace('"خطير"', '«خطير»');
    assert.equal(article.headline, shown);
    assert.equal(scripts.length, 1, 'only the JSON-LD script, no injected one');
    assert.ok(metas(html, 'og:title')[0] === shown);
  });

  it('gives other pages og:type website and listings a breadcrumb', async () => {
    const home = await read('index.html');
    assert.deepEqual(metas(home, 'og:type'), ['website']);
    assert.deepEqual(metas(home, 'og:url'), ['https://news.example.org/ar/']);
    assert.equal(jsonLd(home)['@graph'][0]!['@type'], 'WebSite');
    const tag = await read('tags/العراق/index.html');
    assert.deepEqual(metas(tag, 'og:type'), ['website']);
    assert.match(tag, /"@type":"BreadcrumbList"/);
    assert.match(tag, /<link rel="next" href="https:\/\/news\.example\.org\/ar\/tags\/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82\/page\/2\/">/);
  });

  it('shows related articles: shared tags first, then the section, never the article itself', async () => {
    const html = await read(BORDER);
    const related = /<section class="related"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const titles = [...related.matchAll(/class="card-title"><a href="[^"]*">([^<]*)</g)].map((m) => m[1]);
    // Shares two tags with nobody; "العراق" with qaeda and dinar (newer first); no section fallback needed beyond.
    assert.deepEqual(titles, ['تفكيك خلية تابعة لتنظيم القاعدة', 'الدينار يستقر أمام الدولار']);
    const ports = await read('articles/2026/09/01/ports/index.html');
    const portsRelated = [...(/<section class="related"[\s\S]*?<\/section>/.exec(ports)?.[0] ?? '').matchAll(/class="card-title"><a href="[^"]*">([^<]*)</g)].map((m) => m[1]);
    assert.equal(portsRelated.length, 2, 'no tags: the newest of its section');
    assert.ok(!portsRelated.includes('موانئ البصرة توسع طاقتها'));
  });
});

describe('discovery files and failed builds', () => {
  it('reports a missing logo at its position and leaves the previous output as it was', async () => {
    const root = await writeSite();
    try {
      const first = await buildSite(root);
      assert.ok(first.ok);
      const feed = await readFile(path.join(first.out, 'feed.xml'), 'utf8');
      const pagefind = await readdir(path.join(first.out, 'pagefind'));
      const siteYml = path.join(root, 'content/site.yml');
      await writeFile(siteYml, (await readFile(siteYml, 'utf8')).replace('logo: content/logo.png', 'logo: content/missing.png'));
      const article = path.join(root, 'content/articles/2026/10/01/dinar.md');
      await writeFile(article, (await readFile(article, 'utf8')).replace('الدينار يستقر', 'الدينار يرتفع'));
      const second = await buildSite(root);
      assert.equal(second.ok, false);
      assert.deepEqual(second.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}`), ['content/site.yml:7:7: invalid-logo']);
      assert.equal(await readFile(path.join(first.out, 'feed.xml'), 'utf8'), feed);
      assert.deepEqual(await readdir(path.join(first.out, 'pagefind')), pagefind);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
