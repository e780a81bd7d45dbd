// Images through the real CLI (contract §2, issue 3): a site whose article uses an
// EXIF-rotated photo with GPS as its hero and more images in its body is built; what is
// published is read back. Then the cache across builds, and bad images in one run with
// front-matter errors.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import {
  buildSite, exists, FIXTURES, listFiles, mtimes, NOW, readOut, runCli, tempDir, writeFiles,
} from '../helpers/site.js';
import {
  SVG, writeAlphaPng, writePhotoJpeg, writeRotatedGpsJpeg, writeTruncatedJpeg,
} from '../fixtures/images/generate.js';

const SITE_YML = `title: الفاصل
description: موقع إخباري
baseUrl: https://example.org/newsroom/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
authors:
  - slug: fassel-team
    name: فريق عمل الفاصل
defaultAuthor: fassel-team
`;

const RAID = 'content/articles/2026/01/20/raid';

const article = (hero: boolean): string => `---
title: مداهمة في الموصل
summary: قوات الأمن تداهم مخبأ في الموصل.
date: 2026-01-20T10:00:00+03:00
section: security
${hero ? `image:
  src: rotated.jpg
  alt: عناصر الأمن أمام المبنى
  credit: المصور
` : ''}---

نص المقال الأول.

![شعار شفاف. [الوكالة]](alpha.png)

نص آخر.

![](photos/wide.jpg)
`;

/** A site whose one article has a hero (EXIF orientation 6, GPS) and two body images. */
async function imageSite(hero = true): Promise<string> {
  const root = await tempDir('midad-images-e2e-');
  await writeFiles(root, { 'content/site.yml': SITE_YML, [`${RAID}/index.md`]: article(hero) });
  await writeRotatedGpsJpeg(path.join(root, RAID, 'rotated.jpg'));
  await writeAlphaPng(path.join(root, RAID, 'alpha.png'), 600, 400);
  await writePhotoJpeg(path.join(root, RAID, 'photos', 'wide.jpg'), 2400, 1600);
  await writePhotoJpeg(path.join(root, RAID, 'unused.jpg'), 900, 600);
  return root;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const imgTags = (html: string): string[] => html.match(/<img\b[^>]*>/g) ?? [];
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe('images in a built site', () => {
  test('only WebP renditions and JPEG social crops are published, none with metadata', async () => {
    const root = await imageSite();
    const out = path.join(root, 'public');
    await buildSite(root);
    const files = await listFiles(out);
    const images = files.filter((f) => f.startsWith('images/'));
    assert.ok(images.length >= 9, images.join(' '));
    const sources = new Set<string>();
    for (const f of ['rotated.jpg', 'alpha.png', 'photos/wide.jpg', 'unused.jpg']) sources.add(sha(await readFile(path.join(root, RAID, f))));
    for (const f of files) {
      assert.ok(!sources.has(sha(await readFile(path.join(out, f)))), `${f} is not an original`);
      assert.ok(!/rotated|alpha|wide|unused/.test(f), `${f} does not carry a source name`);
    }
    for (const f of images) {
      assert.match(f, /^images\/[0-9a-f]{12}-[0-9a-z]+\.(webp|jpg)$/);
      const m = await sharp(path.join(out, f)).metadata();
      assert.equal(m.format, f.endsWith('.jpg') ? 'jpeg' : 'webp');
      assert.deepEqual([m.exif, m.xmp, m.iptc, m.icc, m.orientation], [undefined, undefined, undefined, undefined, undefined], f);
    }
  });

  test('the article shows orientation-corrected sizes, srcsets under the base path, and an absolute og:image', async () => {
    const root = await imageSite();
    const out = path.join(root, 'public');
    await buildSite(root);
    const page = (await listFiles(out)).find((f) => f.startsWith('articles/') && f.endsWith('/index.html'))!;
    const html = await readOut(out, page);
    const tags = imgTags(html);
    assert.equal(tags.length, 3, tags.join('\n'));
    const [hero, logo, wide] = tags as [string, string, string];
    assert.deepEqual([attr(hero, 'width'), attr(hero, 'height')], ['1200', '1800']);
    assert.equal(attr(hero, 'loading'), undefined, 'the hero is not lazy');
    assert.equal(attr(logo, 'loading'), 'lazy');
    assert.equal(attr(wide, 'loading'), 'lazy');
    assert.deepEqual([attr(wide, 'width'), attr(wide, 'height')], ['1600', '1067']);
    for (const tag of tags) {
      const srcset = attr(tag, 'srcset')!;
      for (const entry of srcset.split(', ')) {
        const [url] = entry.split(' ');
        assert.match(url!, /^\/newsroom\/images\//);
        assert.ok(await exists(path.join(out, url!.slice('/newsroom/'.length))), `${url} is published`);
      }
    }
    const og = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
    assert.match(og ?? '', /^https:\/\/example\.org\/newsroom\/images\/[0-9a-f]{12}-og\.jpg$/);
    const m = await sharp(path.join(out, new URL(og!).pathname.slice('/newsroom/'.length))).metadata();
    assert.deepEqual([m.format, m.width, m.height], ['jpeg', 1200, 630]);
  });

  test('a rebuild encodes nothing; changing one image encodes only that one; unused crops are unpublished', async () => {
    const root = await imageSite();
    const out = path.join(root, 'public');
    const cache = path.join(root, '.midad-cache', 'images');
    await buildSite(root);
    const first = await mtimes(cache);
    const published = (await listFiles(out)).filter((f) => f.startsWith('images/'));
    await buildSite(root);
    assert.deepEqual(await mtimes(cache), first, 'no cache file was written again');
    assert.deepEqual((await listFiles(out)).filter((f) => f.startsWith('images/')), published);

    await writePhotoJpeg(path.join(root, RAID, 'photos', 'wide.jpg'), 2000, 1500);
    await buildSite(root);
    const after = await mtimes(cache);
    const changed = [...after.keys()].filter((f) => first.get(f) !== after.get(f) && f !== 'index.json');
    const prefixes = new Set(changed.map((f) => f.slice(0, 12)));
    assert.equal(prefixes.size, 1, `only one image's files are new: ${changed.join(' ')}`);

    // Without the hero, its card and social crops leave the site (they stay cached).
    await writeFiles(root, { [`${RAID}/index.md`]: article(false) });
    await buildSite(root);
    const now = (await listFiles(out)).filter((f) => f.startsWith('images/'));
    assert.ok(!now.some((f) => /-(card|og|16x9|4x3|1x1)\./.test(f)), now.join(' '));
    assert.ok(await stat(path.join(cache, [...after.keys()].find((f) => f.endsWith('-og.jpg'))!)));
  });
});

describe('bad images', () => {
  test('are errors at their references, reported with another file\'s front-matter error, and nothing is written', async () => {
    const root = await tempDir('midad-images-bad-');
    await cp(path.join(FIXTURES, 'errors', '_base'), root, { recursive: true });
    const dir = 'content/articles/2026/01/12';
    await writeFiles(root, {
      [`${dir}/bad.md`]: `---
title: صور معطوبة
summary: مقال صوره كلها معطوبة.
date: 2026-01-12T10:00:00+03:00
section: security
image:
  src: missing.jpg
  alt: غير موجودة
---

![شعار](logo.svg)

![مقطوعة](cut.jpg)

![سرية](../../../../../../secret.jpg)

![بعيدة](https://example.com/a.jpg)
`,
      [`${dir}/logo.svg`]: SVG,
      [`${dir}/typo.md`]: `---
title: قسم خاطئ
summary: مقال قسمه غير معرف.
date: 2026-01-12T11:00:00+03:00
section: securty
---

نص.
`,
    });
    await writeTruncatedJpeg(path.join(root, dir, 'cut.jpg'));
    const out = path.join(root, 'out');
    const r = await runCli(['build', '--root', root, '--out', out], { now: NOW });
    const lines = r.stderr.split('\n').filter((l) => /^\S.*:\d+:\d+: error: /.test(l));
    const f = `${dir}/bad.md`;
    const text = (await readFile(path.join(root, f), 'utf8')).split('\n');
    const srcColumn = (line: number): number => text[line - 1]!.indexOf('](') + 3;
    assert.deepEqual(lines.map((l) => l.replace(/: error: .*/, '')), [
      `${f}:7:8`, ...[11, 13, 15, 17].map((n) => `${f}:${n}:${srcColumn(n)}`), `${dir}/typo.md:5:10`,
    ], r.stderr);
    assert.match(lines[0]!, /image "missing\.jpg" not found/);
    assert.match(lines[1]!, /SVG images are not supported/);
    assert.match(lines[2]!, /truncated or damaged/);
    assert.match(lines[3]!, /outside the site root/);
    assert.match(lines[4]!, /is a URL/);
    assert.match(lines[5]!, /section "securty" is not defined/);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m);
    assert.equal(await exists(out), false, 'no output folder');
  });
});
