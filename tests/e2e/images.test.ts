// Images through the real CLI: a site whose article uses an
// EXIF-rotated photo with GPS as its hero and more images in its body is built; what is
// published is read back. Then the cache across builds, and bad images in one run with
// front-matter errors.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import {
  buildSite, exists, FIXTURES, listFiles, mtimes, NOW, readOut, removeOnExit, runCli, tempDir, writeFiles,
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
      // WebP, but for the Open Graph card (social cards may be JPEG).
      assert.match(f, /^images\/[0-9a-f]{12}-([0-9a-z]+\.webp|og\.jpg)$/);
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

describe('a site moved to another folder', () => {
  test('builds from its cache as it did in its old place', async () => {
    // The parsed-article cache holds absolute paths (images, linked files): a renamed site
    // must not look for them in the old folder.
    const root = await imageSite();
    await writeFiles(root, { 'content/articles/2026/01/21/next.md': `---
title: خبر لاحق
summary: يحيل إلى خبر المداهمة.
date: 2026-01-21T10:00:00+03:00
section: security
---

راجع [خبر المداهمة](../20/raid/index.md).
` });
    await buildSite(root);
    const moved = `${root}-moved`;
    await rename(root, moved);
    removeOnExit(moved);
    const r = await runCli(['build', '--root', moved], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(await readFile(path.join(moved, 'public/articles/2026/01/21/next/index.html'), 'utf8'), /href="\/newsroom\/articles\/2026\/01\/20\/raid\/"/);
  });
});

describe('the first image of a page', () => {
  test('is never lazy and every other image is, also when the lead story or the article has no photo', async () => {
    // Six newest articles without a photo, then one with: the home page's lead has no photo
    // (its first image is a card further down), and an article without a photo shows the
    // photo only in its related cards.
    const root = await tempDir('midad-images-first-');
    const day = (d: number): string => `2026-02-${String(d).padStart(2, '0')}T10:00:00+03:00`;
    const files: Record<string, string> = { 'content/site.yml': SITE_YML };
    for (let d = 1; d <= 7; d++) {
      files[`content/articles/2026/02/a${d}/index.md`] = `---
title: خبر رقم ${d}
summary: ملخص الخبر رقم ${d}.
date: ${day(d)}
section: security
tags: [الموصل]
${d === 1 ? 'image:\n  src: photo.jpg\n  alt: صورة\n' : ''}---

نص الخبر.
`;
    }
    await writeFiles(root, files);
    await writePhotoJpeg(path.join(root, 'content/articles/2026/02/a1/photo.jpg'), 1600, 1000);
    await buildSite(root);
    const out = path.join(root, 'public');
    const pages = (await listFiles(out)).filter((f) => f.endsWith('.html'));
    let checked = 0;
    for (const page of pages) {
      const imgs = imgTags(await readFile(path.join(out, page), 'utf8'));
      if (imgs.length === 0) continue;
      checked++;
      assert.notEqual(attr(imgs[0]!, 'loading'), 'lazy', `${page}: its first image is not lazy`);
      for (const img of imgs.slice(1)) assert.equal(attr(img, 'loading'), 'lazy', `${page}: ${img}`);
    }
    assert.ok(pages.includes('index.html') && pages.includes('articles/2026/02/07/a7/index.html'), pages.join(' '));
    assert.ok(checked >= 4, `${checked} pages with images`);
    const home = imgTags(await readFile(path.join(out, 'index.html'), 'utf8'));
    assert.ok(home.length >= 1 && !/fetchpriority/.test(home[0]!), 'the home page\'s first image is a card, not the lead');
  });
});

describe('bad images', () => {
  /** The error fixtures' valid base site with `files` written over it. */
  const brokenSite = async (files: Record<string, string>): Promise<string> => {
    const root = await tempDir('midad-images-bad-');
    await cp(path.join(FIXTURES, 'errors', '_base'), root, { recursive: true });
    await writeFiles(root, files);
    return root;
  };
  const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => /^\S.*:\d+:\d+: error: /.test(l));

  test('in a file whose front matter cannot be read are still reported, in the same run', async () => {
    const dir = 'content/articles/2026/01/13';
    const root = await brokenSite({
      [`${dir}/broken.md`]: `---
title: "عنوان لم يُغلق
summary: ملخص.
---

نص.

![مفقودة](missing-a.jpg)
`,
      [`${dir}/nofm.md`]: `نص بلا مقدمة.

![مفقودة](missing-b.jpg)
`,
    });
    const r = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(r.code, 1);
    const lines = errorLines(r.stderr);
    assert.ok(lines.some((l) => l.startsWith(`${dir}/broken.md:`) && !/image/.test(l)), r.stderr);
    assert.ok(lines.includes(`${dir}/nofm.md:1:1: error: an article must start with front matter: a line "---", the keys (title, summary, date, section), and "---"`), r.stderr);
    assert.ok(lines.some((l) => l.startsWith(`${dir}/broken.md:8:11: error: image "missing-a.jpg" not found`)), r.stderr);
    assert.ok(lines.some((l) => l.startsWith(`${dir}/nofm.md:3:11: error: image "missing-b.jpg" not found`)), r.stderr);
  });

  test('are errors at their references, reported with another file\'s front-matter error, and nothing is written', async () => {
    const dir = 'content/articles/2026/01/12';
    const root = await brokenSite({
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

![مفقودة](صورة-مفقودة.jpg)

![بمسافة](<صورة مفقودة.jpg>)
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
    const lines = errorLines(r.stderr);
    const f = `${dir}/bad.md`;
    const text = (await readFile(path.join(root, f), 'utf8')).split('\n');
    // The first character of the target, after `](` and an opening `<`.
    const srcColumn = (line: number): number => {
      const t = text[line - 1]!;
      const at = t.indexOf('](') + 2;
      return (t[at] === '<' ? at + 1 : at) + 1;
    };
    // Columns count code points; the lines here are Arabic in the BMP, so UTF-16 indexes do.
    assert.deepEqual(lines.map((l) => l.replace(/: error: .*/, '')), [
      `${f}:7:8`, ...[11, 13, 15, 17, 19, 21].map((n) => `${f}:${n}:${srcColumn(n)}`), `${dir}/typo.md:5:10`,
    ], r.stderr);
    assert.match(lines[0]!, /image "missing\.jpg" not found/);
    assert.match(lines[1]!, /SVG images are not supported/);
    assert.match(lines[2]!, /truncated or damaged/);
    assert.match(lines[3]!, /outside the site root/);
    assert.match(lines[4]!, /is a URL/);
    // Named as written, not as markdown-it percent-encodes them.
    assert.match(lines[5]!, /image "صورة-مفقودة\.jpg" not found/);
    assert.match(lines[6]!, /image "صورة مفقودة\.jpg" not found/);
    assert.match(lines[7]!, /section "securty" is not defined/);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m);
    assert.equal(await exists(out), false, 'no output folder');
  });
});
