// The article page of a newsroom: corrections (shown newest first, in JSON-LD, moving
// dateModified), the author box with bio and photo, and the Open Graph image's width.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { buildSite, exists, makeImage, makeSite, parseTextBlock, readOut, runCli } from '../helpers/site.js';
import { article, SITE_YML } from './newsroom-support.js';

/** The JSON-LD graph's NewsArticle of an article page. */
function newsArticle(html: string): Record<string, unknown> {
  const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const graph = (JSON.parse(json) as { '@graph': Array<Record<string, unknown>> })['@graph'];
  return graph.find((n) => n['@type'] === 'NewsArticle')!;
}

const CORRECTED = `corrections:
  - date: 2026-02-21T10:00:00+03:00
    text: صُحّح عدد الضحايا.
  - date: 2026-02-23
    text: صُحّح اسم المتحدث.
`;

test('corrections: shown newest first with <time datetime>, in JSON-LD, and dateModified not before the latest', async () => {
  const root = await makeSite(SITE_YML + article('a', 'خبر مصحح', '2026-02-20T09:00:00+03:00', CORRECTED) + article('b', 'خبر سليم', '2026-02-20T10:00:00+03:00'));
  const out = path.join(root, 'public');
  await buildSite(root);
  const html = await readOut(out, 'articles/2026/02/20/a/index.html');
  const box = /<aside class="corrections"[\s\S]*?<\/aside>/.exec(html)?.[0];
  assert.ok(box, 'a corrections box');
  const times = [...box.matchAll(/<time datetime="([^"]+)">[^<]+<\/time>/g)].map((m) => m[1]!);
  assert.deepEqual(times, ['2026-02-23T00:00:00+03:00', '2026-02-21T10:00:00+03:00'], 'newest first, in the site\'s timezone');
  assert.ok(box.indexOf('اسم المتحدث') < box.indexOf('عدد الضحايا'), 'the texts in the same order');
  const ld = newsArticle(html);
  assert.deepEqual(ld.correction, [
    { '@type': 'CorrectionComment', text: 'صُحّح اسم المتحدث.', datePublished: '2026-02-23T00:00:00+03:00' },
    { '@type': 'CorrectionComment', text: 'صُحّح عدد الضحايا.', datePublished: '2026-02-21T10:00:00+03:00' },
  ]);
  assert.ok(Date.parse(ld.dateModified as string) >= Date.parse('2026-02-23T00:00:00+03:00'), `dateModified ${String(ld.dateModified)}`);
  assert.match(html, /<meta property="article:modified_time" content="2026-02-23T00:00:00\+03:00">/);

  const plain = await readOut(out, 'articles/2026/02/20/b/index.html');
  assert.ok(!plain.includes('class="corrections"'), 'no box without corrections');
  assert.equal(newsArticle(plain).correction, undefined);
});

test('corrections: one without text and one dated before the article are errors at their places, nothing written', async () => {
  const files = SITE_YML + article('a', 'خبر', '2026-02-20T09:00:00+03:00', `corrections:
  - date: 2026-02-21
  - date: 2026-02-19
    text: تصحيح مبكر
`);
  const root = await makeSite(files);
  const r = await runCli(['build', '--root', root]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /content\/articles\/a\.md:7:5: error: .*(text|نص)/);
  assert.match(r.stderr, /content\/articles\/a\.md:8:11: error: .*(before|قبل)/);
  assert.ok(!/at .*\.js:\d+/.test(r.stderr), 'no stack trace');
  assert.equal(await exists(path.join(root, 'public')), false, 'nothing written');
});

test('og:image is 1200 px wide when the source is that wide, and the source width when it is narrower', async () => {
  const root = await makeSite({
    ...parseTextBlock(SITE_YML
      + article('wide/index', 'صورة عريضة', '2026-02-20T09:00:00+03:00', 'image:\n  src: hero.jpg\n  alt: صورة\n')
      + article('narrow/index', 'صورة ضيقة', '2026-02-20T10:00:00+03:00', 'image:\n  src: hero.jpg\n  alt: صورة\n')),
    'content/articles/wide/hero.jpg': await makeImage(2000, 1200),
    'content/articles/narrow/hero.jpg': await makeImage(900, 600),
  });
  const out = path.join(root, 'public');
  await buildSite(root);
  for (const [slug, width] of [['wide', 1200], ['narrow', 900]] as const) {
    const html = await readOut(out, `articles/2026/02/20/${slug}/index.html`);
    const url = /<meta property="og:image" content="([^"]+)">/.exec(html)![1]!;
    assert.match(html, new RegExp(`<meta property="og:image:width" content="${width}">`), slug);
    const file = path.join(out, new URL(url).pathname);
    assert.equal((await sharp(file).metadata()).width, width, `${slug}: the file itself is ${width} px wide`);
  }
});

const AUTHOR_YML = SITE_YML.replace('    bio: مراسلة الشؤون الأمنية في بغداد\n', '    bio: مراسلة الشؤون الأمنية في بغداد\n    photo: content/authors/layla.jpg\n    links:\n      x: https://x.com/layla\n      email: mailto:layla@example.org\n');

test('authors: bio and photo (WebP, no metadata, alt the name) on the author\'s page and in the box under the article', async () => {
  const photo = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#a4161a' } })
    .jpeg().withMetadata({ exif: { IFD0: { Copyright: 'secret camera owner' } } }).toBuffer();
  const root = await makeSite({ ...parseTextBlock(AUTHOR_YML + article('a', 'خبر', '2026-02-20T09:00:00+03:00')), 'content/authors/layla.jpg': photo });
  const out = path.join(root, 'public');
  await buildSite(root);
  for (const page of ['authors/layla/index.html', 'articles/2026/02/20/a/index.html']) {
    const html = await readOut(out, page);
    const box = /<section class="author-box"[\s\S]*?<\/section>/.exec(html)?.[0];
    assert.ok(box, `${page}: an author box`);
    assert.ok(box.includes('مراسلة الشؤون الأمنية في بغداد'), `${page}: the bio`);
    assert.ok(box.includes('href="https://x.com/layla"') && box.includes('href="mailto:layla@example.org"'), `${page}: the links`);
    const img = /<img src="([^"]+)"[^>]*alt="([^"]*)"/.exec(box);
    assert.ok(img, `${page}: the photo`);
    assert.equal(img[2], 'ليلى حسن', 'alt is the author\'s name');
    assert.match(img[1]!, /\.webp$/);
    const meta = await sharp(path.join(out, img[1]!)).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.exif, undefined, 'no EXIF');
    assert.ok(!(await readFile(path.join(out, img[1]!))).includes('secret camera owner'), 'the metadata is gone');
  }
});

test('authors: a missing photo, one that is not an image, and a link that is not a URL are errors in site.yml, in one run', async () => {
  const yml = AUTHOR_YML.replace('      x: https://x.com/layla', '      x: layla').replace('defaultAuthor: layla', '  - slug: omar\n    name: عمر\n    photo: content/authors/omar.jpg\ndefaultAuthor: layla');
  const root = await makeSite({ ...parseTextBlock(yml + article('a', 'خبر', '2026-02-20T09:00:00+03:00')), 'content/authors/omar.jpg': 'not a jpeg' });
  const r = await runCli(['build', '--root', root]);
  assert.equal(r.code, 1);
  const lines = yml.split('\n').slice(2);
  const at = (s: string): number => lines.findIndex((l) => l.includes(s)) + 1;
  assert.match(r.stderr, new RegExp(`content/site\\.yml:${at('layla.jpg')}:12: error: .*layla\\.jpg`), 'the missing photo, at its value');
  assert.match(r.stderr, new RegExp(`content/site\\.yml:${at('omar.jpg')}:12: error: .*omar\\.jpg`), 'not an image');
  assert.match(r.stderr, new RegExp(`content/site\\.yml:${at('x: layla')}:10: error: .*links\\.x`), 'a link that is not a URL');
  assert.equal(await exists(path.join(root, 'public')), false);
});

test('next-change: a build says when the breaking bar empties and when a card stops telling the time', async () => {
  // 10:00 +03:00 is 07:00Z: in the bar until 13:00Z; its cards show the time until 07:00Z the next day.
  const root = await makeSite(SITE_YML + article('a', 'عاجل', '2026-03-01T10:00:00+03:00', 'breaking: true\n'));
  await buildSite(root, [], { now: '2026-03-01T12:00:00Z' });
  const next = (): Promise<string> => readFile(path.join(root, '.midad-cache', 'next-change'), 'utf8');
  assert.match(await next(), / 2026-03-01T13:00:00\.000Z\n$/);
  await buildSite(root, [], { now: '2026-03-01T13:30:00Z' });
  assert.match(await next(), / 2026-03-02T07:00:00\.000Z\n$/);
});
