// The desk's control over the pages: the lead story it marks `featured`, the breaking-news bar
// that follows the build's clock (also when only the clock changed), share links, and the
// robots meta that lets search engines show large photos.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite, htmlPages, makeSite, readOut, runCli } from '../helpers/site.js';

const SITE_YML = `
-- content/site.yml --
title: الفاصل
description: موقع إخباري
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
  - slug: economy
    name: اقتصاد
authors:
  - slug: team
    name: فريق العمل
defaultAuthor: team
`;

function article(file: string, title: string, date: string, section: string, extra = ''): string {
  return `-- content/articles/${file}.md --
---
title: ${title}
summary: ملخص ${title}
date: ${date}
section: ${section}
${extra}---

نص الخبر.
`;
}

const SITE = SITE_YML
  + article('old', 'خبر قديم', '2026-02-20T09:00:00+03:00', 'security')
  + article('urgent', 'انفجار في وسط المدينة', '2026-03-01T10:00:00+03:00', 'security', 'breaking: true\n');

const URGENT = '/articles/2026/03/01/urgent/';

async function bars(out: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const page of await htmlPages(out)) {
    const html = await readOut(out, page);
    counts.set(page, (html.match(/\sdata-breaking[\s>=]/g) ?? []).length);
    if (counts.get(page)! > 0) {
      const bar = /<[a-z]+[^>]*\sdata-breaking[\s>=][\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';
      assert.ok(bar.includes(`href="${URGENT}"`), `${page}: the bar links the story`);
    }
  }
  return counts;
}

test('breaking: the bar is on every page until 6 hours after the date, and gone after, with only the clock changed', async () => {
  const root = await makeSite(SITE);
  const out = path.join(root, 'public');
  // 10:00 +03:00 is 07:00Z; breaking until 13:00Z.
  await buildSite(root, [], { now: '2026-03-01T12:00:00Z' });
  const before = await bars(out);
  assert.ok(before.size >= 5, 'home, article pages, section, author, search…');
  for (const [page, n] of before) assert.equal(n, 1, `${page} has exactly one breaking bar`);
  // The same output folder and cache, a later clock: every page loses the bar.
  await buildSite(root, [], { now: '2026-03-01T13:30:00Z' });
  for (const [page, n] of await bars(out)) assert.equal(n, 0, `${page} has no breaking bar after it expired`);
});

test('breaking: a date-time end, and several stories in one bar, newest first', async () => {
  const root = await makeSite(SITE_YML
    + article('a', 'الخبر الأول', '2026-03-01T08:00:00+03:00', 'security', 'breaking: 2026-03-02T08:00:00+03:00\n')
    + article('b', 'الخبر الثاني', '2026-03-01T09:00:00+03:00', 'economy', 'breaking: true\n'));
  const out = path.join(root, 'public');
  await buildSite(root, [], { now: '2026-03-01T07:00:00Z' });
  const home = await readOut(out, 'index.html');
  assert.equal((home.match(/\sdata-breaking[\s>=]/g) ?? []).length, 1);
  const bar = /data-breaking[\s\S]*?<\/aside>/.exec(home)![0];
  const a = bar.indexOf('/articles/2026/03/01/a/');
  const b = bar.indexOf('/articles/2026/03/01/b/');
  assert.ok(b >= 0 && a > b, 'both in the bar, the newer first');
  // 9 hours after b's date: b has left the bar, a (until the next morning) has not.
  await buildSite(root, [], { now: '2026-03-01T15:00:00Z' });
  const later = await readOut(out, 'index.html');
  const bar2 = /data-breaking[\s\S]*?<\/aside>/.exec(later)![0];
  assert.ok(bar2.includes('/articles/2026/03/01/a/') && !bar2.includes('/articles/2026/03/01/b/'));
});

/** Article links (hrefs under /articles/) inside `<main>`, in order. */
function mainArticleLinks(html: string): string[] {
  const main = /<main[\s\S]*?<\/main>/.exec(html)![0];
  return [...main.matchAll(/href="([^"]*\/articles\/[^"]*)"/g)].map((m) => m[1]!);
}

test('home: the lead is the newest featured article, and no article is linked twice in <main>', async () => {
  let files = SITE_YML;
  for (let i = 1; i <= 9; i++) {
    const d = String(i).padStart(2, '0');
    files += article(`s${i}`, `خبر ${i}`, `2026-02-${d}T09:00:00+03:00`, i % 2 ? 'security' : 'economy', i === 3 ? 'featured: true\n' : i === 2 ? 'featured: false\n' : '');
  }
  files += article('f-old', 'مقال مميز قديم', '2026-01-10T09:00:00+03:00', 'economy', 'featured: true\n');
  const root = await makeSite(files);
  const out = path.join(root, 'public');
  await buildSite(root);
  const links = mainArticleLinks(await readOut(out, 'index.html'));
  assert.equal(links[0], '/articles/2026/02/03/s3/', 'the first article link is the newest featured one');
  assert.equal(new Set(links).size, links.length, `no article twice: ${links.join(' ')}`);
  assert.equal(links.length, 10, 'every story still appears once (lead, latest, then the sections\' others)');
});

test('section: its first page opens with its newest featured article', async () => {
  let files = SITE_YML;
  for (let i = 1; i <= 6; i++) files += article(`e${i}`, `اقتصاد ${i}`, `2026-02-0${i}T09:00:00+03:00`, 'economy', i === 2 ? 'featured: true\n' : '');
  files += article('sec', 'أمن مميز', '2026-02-07T09:00:00+03:00', 'security', 'featured: true\n');
  const root = await makeSite(files);
  const out = path.join(root, 'public');
  await buildSite(root);
  const links = mainArticleLinks(await readOut(out, 'economy/index.html'));
  assert.equal(links[0], '/articles/2026/02/02/e2/');
  assert.equal(links.filter((l) => l === '/articles/2026/02/02/e2/').length, links[1] === links[0] ? 2 : 1, 'the lead is not also further down');
  assert.ok(!links.includes('/articles/2026/02/07/sec/'), "another section's featured story is not this section's lead");
  assert.equal(mainArticleLinks(await readOut(out, 'security/index.html'))[0], '/articles/2026/02/07/sec/');
});

test('share: one link per network, hrefs as the networks expect, the canonical URL percent-encoded', async () => {
  const root = await makeSite(SITE_YML + article('خبر-عاجل', 'سعر "النفط" & الدولار', '2026-02-20T09:00:00+03:00', 'economy'));
  const out = path.join(root, 'public');
  await buildSite(root);
  const pages = (await htmlPages(out)).filter((p) => p.startsWith('articles/'));
  assert.equal(pages.length, 1);
  const html = await readOut(out, pages[0]!);
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)![1]!;
  assert.match(canonical, /%D8%AE/, 'the canonical URL of an Arabic slug is percent-encoded');
  const enc = encodeURIComponent(canonical);
  const hrefs = [...html.matchAll(/<a href="([^"]+)"[^>]*aria-label="([^"]+)"/g)].map((m) => [m[1]!.replace(/&amp;/g, '&'), m[2]!] as const);
  const starts = ['https://wa.me/?text=', 'https://t.me/share/url?url=', 'https://x.com/intent/post?', 'https://www.facebook.com/sharer/sharer.php?u=', 'mailto:?'];
  for (const start of starts) {
    const found = hrefs.filter(([h]) => h.startsWith(start));
    assert.equal(found.length, 1, `one link starting ${start}`);
    assert.ok(found[0]![0].includes(enc), `${start} holds the encoded canonical URL`);
    assert.match(found[0]![1], /^شارك عبر /, 'an Arabic accessible name');
  }
  assert.ok(html.includes(`https://t.me/share/url?url=${enc}`));
  assert.ok(html.includes(`https://www.facebook.com/sharer/sharer.php?u=${enc}`));
  assert.ok(!/<script[^>]+(wa\.me|t\.me|x\.com|facebook)/.test(html), 'nothing loaded from the networks');
  assert.ok(!/<(img|iframe|link)[^>]+(wa\.me|t\.me|x\.com|facebook\.com)/.test(html), 'nothing loaded from the networks');

  // A shorter list in site.yml: only those links, in that order.
  const root2 = await makeSite(SITE_YML.replace('defaultAuthor: team', 'defaultAuthor: team\nshare: [telegram, email]') + article('a', 'خبر', '2026-02-20T09:00:00+03:00', 'economy'));
  await buildSite(root2);
  const html2 = await readOut(path.join(root2, 'public'), 'articles/2026/02/20/a/index.html');
  assert.ok(html2.includes('https://t.me/share/url?url=') && html2.includes('mailto:?'));
  assert.ok(!html2.includes('https://wa.me/') && !html2.includes('sharer.php'));
});

test('share: an unknown network is an error at its place in site.yml', async () => {
  const root = await makeSite(SITE_YML.replace('defaultAuthor: team', 'defaultAuthor: team\nshare:\n  - whatsapp\n  - myspace') + article('a', 'خبر', '2026-02-20T09:00:00+03:00', 'economy'));
  const r = await runCli(['build', '--root', root], { now: '2026-03-01T12:00:00Z' });
  assert.notEqual(r.code, 0);
  const lines = SITE_YML.replace('defaultAuthor: team', 'defaultAuthor: team\nshare:\n  - whatsapp\n  - myspace').split('\n').slice(2);
  const line = lines.findIndex((l) => l.includes('myspace')) + 1;
  assert.match(r.stderr, new RegExp(`content/site\\.yml:${line}:5: error: .*myspace.*whatsapp, telegram, x, facebook, email`));
  assert.ok(!/at .*\.js:\d+/.test(r.stderr), 'no stack trace');
});

test('featured: a value that is not true/false is an error at its place', async () => {
  const root = await makeSite(SITE_YML + article('a', 'خبر', '2026-02-20T09:00:00+03:00', 'economy', 'featured: "yes"\n') + article('b', 'خبر آخر', '2026-02-21T09:00:00+03:00', 'economy', 'featured: نعم\n'));
  const r = await runCli(['build', '--root', root], { now: '2026-03-01T12:00:00Z' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /content\/articles\/a\.md:6:11: error: .*featured.*true.*false/);
  assert.match(r.stderr, /content\/articles\/b\.md:6:11: error: .*featured.*true.*false/);
});

test('robots: every page allows large image previews, the 404 page stays out of the index', async () => {
  const root = await makeSite(SITE);
  const out = path.join(root, 'public');
  await buildSite(root);
  for (const page of await htmlPages(out)) {
    const html = await readOut(out, page);
    const metas = [...html.matchAll(/<meta name="robots" content="([^"]*)"/g)].map((m) => m[1]!);
    assert.equal(metas.length, 1, `${page}: one robots meta`);
    assert.match(metas[0]!, /max-image-preview:large/, page);
    if (page === '404.html') assert.match(metas[0]!, /noindex/);
  }
});

test('cards: a story of the last 24 hours shows its time of day, an older one only its date, in the site\'s timezone', async () => {
  const root = await makeSite(SITE_YML
    + article('fresh', 'خبر جديد', '2026-03-01T09:30:00+03:00', 'security')
    + article('older', 'خبر أقدم', '2026-02-20T09:30:00+03:00', 'economy')
    + article('lead', 'الخبر الرئيسي', '2026-02-10T08:00:00+03:00', 'economy', 'featured: true\n'));
  await buildSite(root, [], { now: '2026-03-01T12:00:00Z' });
  const home = await readOut(path.join(root, 'public'), 'index.html');
  const timeOf = (slug: string): string => {
    const i = home.indexOf(`/${slug}/"`);
    return /<time datetime="[^"]+">([^<]+)<\/time>/.exec(home.slice(i))![1]!;
  };
  assert.match(timeOf('fresh'), /09:30/, 'the time of day, in Asia/Baghdad');
  assert.doesNotMatch(timeOf('older'), /\d:\d\d/);
});
