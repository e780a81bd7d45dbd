// The image stage on real files: sizes, formats and orientation read back with sharp, and no
// EXIF, GPS, XMP, IPTC or ICC data in any output.

import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { type ImageStageResult, processImages } from '../../src/images/index.js';
import type { ImageRef, Site } from '../../src/model.js';
import {
  exifHasGps, refTo, tempSite, write16BitPng, writeAlphaPng, writeCmykJpeg, writePhotoJpeg, writeRotatedGpsJpeg,
} from '../fixtures/images/generate.js';

let tmp: string;
let site: Site;
let result: ImageStageResult;
let bag: DiagnosticBag;
const refs: Record<string, ImageRef> = {};

before(async () => {
  const t = await tempSite();
  tmp = t.tmp;
  site = t.site;
  const a = t.articles;
  await writeRotatedGpsJpeg(path.join(a, 'rotated.jpg'));
  await writeCmykJpeg(path.join(a, 'cmyk.jpg'));
  await write16BitPng(path.join(a, 'deep.png'));
  await writeAlphaPng(path.join(a, 'alpha.png'));
  await writePhotoJpeg(path.join(a, 'tiny.jpg'), 40, 30);
  await writePhotoJpeg(path.join(a, 'large.jpg'), 4000, 3000);
  const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#808080' } });
  await writeFile(path.join(a, 'photo.webp'), await photo.clone().webp().toBuffer());
  await writeFile(path.join(a, 'photo.avif'), await photo.clone().avif().toBuffer());
  await writeFile(path.join(a, 'photo.gif'), await photo.clone().gif().toBuffer());
  const names = ['rotated.jpg', 'cmyk.jpg', 'deep.png', 'alpha.png', 'tiny.jpg', 'large.jpg', 'photo.webp', 'photo.avif', 'photo.gif'];
  names.forEach((n, i) => { refs[n] = refTo(site, n, i + 2, 8); });
  refs['large-body'] = refTo(site, 'large.jpg', 20, 1);
  bag = new DiagnosticBag();
  const heroes = new Set(['rotated.jpg', 'cmyk.jpg', 'alpha.png', 'tiny.jpg', 'large.jpg']);
  result = await processImages(
    Object.entries(refs).map(([name, ref]) => ({ ref, hero: heroes.has(name) })),
    site, { cacheDir: path.join(site.root, '.midad-cache', 'images'), clean: false }, bag,
  );
});

after(() => rm(tmp, { recursive: true, force: true }));

/** The cache file behind a published URL. */
function fileOf(url: string): string {
  const name = url.slice(url.lastIndexOf('/') + 1);
  const f = result.files.find((x) => x.path === `images/${name}`);
  assert.ok(f, `${name} is published`);
  return f.copyFrom;
}

function urls(view: NonNullable<ReturnType<ImageStageResult['lookup']>>): string[] {
  return [
    ...view.srcset.split(', ').map((s) => s.split(' ')[0]!),
    ...(view.card ? [view.card.src] : []),
    ...(view.social ?? []).map((s) => new URL(s.url).pathname),
  ];
}

test('every good image is processed without a diagnostic', () => {
  assert.deepEqual(bag.items, []);
  assert.deepEqual(result.stats, { ...result.stats, images: 9, encoded: 9, cached: 0 });
});

test('a large photo: four WebP widths, a 600×384 card and 1200-wide JPEG social crops', async () => {
  const v = result.lookup(refs['large.jpg']!)!;
  assert.equal(v.width, 1600);
  assert.equal(v.height, 1200);
  assert.match(v.src, /^\/news\/images\/[0-9a-f]{12}-800\.webp$/);
  assert.match(v.srcset, /^\/news\/images\/[0-9a-f]{12}-480\.webp 480w, \S+-800\.webp 800w, \S+-1200\.webp 1200w, \S+-1600\.webp 1600w$/);
  for (const entry of v.srcset.split(', ')) {
    const [url, w] = entry.split(' ');
    const m = await sharp(fileOf(url!)).metadata();
    assert.equal(m.format, 'webp');
    assert.equal(`${m.width}w`, w);
    assert.equal(m.height, Math.round((m.width * 3) / 4));
  }
  assert.deepEqual(v.card && { w: v.card.width, h: v.card.height }, { w: 600, h: 384 });
  const card = await sharp(fileOf(v.card!.src)).metadata();
  assert.deepEqual([card.format, card.width, card.height], ['webp', 600, 384]);
  assert.deepEqual(v.social!.map((s) => [s.width, s.height, s.type]), [
    [1200, 630, 'image/jpeg'], [1200, 675, 'image/webp'], [1200, 900, 'image/webp'], [1200, 1200, 'image/webp'],
  ]);
  for (const s of v.social!) {
    assert.match(s.url, /^https:\/\/example\.org\/news\/images\/[0-9a-f]{12}-(og\.jpg|(16x9|4x3|1x1)\.webp)$/);
    const m = await sharp(fileOf(s.url)).metadata();
    // Only the Open Graph card is JPEG (/images/ is WebP, social cards may be JPEG).
    assert.deepEqual([m.format, m.width, m.height], [s.url.endsWith('-og.jpg') ? 'jpeg' : 'webp', s.width, s.height]);
  }
  assert.equal(v.alt, 'alt of large.jpg');
});

test('a body use of a hero image shares its files; a body-only image gets no crops', () => {
  const hero = result.lookup(refs['large.jpg']!)!;
  const body = result.lookup(refs['large-body']!)!;
  assert.equal(body.srcset, hero.srcset);
  const webp = result.lookup(refs['photo.webp']!)!;
  assert.equal(webp.card, undefined);
  assert.equal(webp.social, undefined);
  const prefix = webp.src.match(/([0-9a-f]{12})-/)![1]!;
  assert.deepEqual(result.files.filter((f) => f.path.includes(prefix)).map((f) => f.path.replace(prefix, 'K')),
    ['images/K-480.webp', 'images/K-800.webp']);
});

test('EXIF orientation is applied: stored 1800×1200 with orientation 6 displays 1200×1800', async () => {
  const v = result.lookup(refs['rotated.jpg']!)!;
  assert.deepEqual([v.width, v.height], [1200, 1800]);
  const widest = fileOf(v.srcset.split(', ').at(-1)!.split(' ')[0]!);
  const m = await sharp(widest).metadata();
  assert.deepEqual([m.width, m.height, m.orientation], [1200, 1800, undefined]);
  // The stored top-left red block is displayed at the top-right.
  const { data, info } = await sharp(widest).raw().toBuffer({ resolveWithObject: true });
  const px = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
  const [r, g, b] = px(info.width - 50, 50);
  assert.ok(r! > 200 && g! < 60 && b! < 60, `top-right is red: ${px(info.width - 50, 50)}`);
  const [r2] = px(50, 50);
  assert.ok(r2! < 100, `top-left is not red: ${px(50, 50)}`);
});

test('the source really carries EXIF with GPS and XMP; no output carries any metadata', async () => {
  const src = await sharp(refs['rotated.jpg']!.path).metadata();
  assert.ok(exifHasGps(src.exif), 'the fixture has GPS');
  assert.ok(src.xmp, 'the fixture has XMP');
  assert.ok(result.files.length > 0);
  for (const f of result.files) {
    const m = await sharp(f.copyFrom).metadata();
    assert.equal(m.exif, undefined, `${f.path} has no EXIF`);
    assert.equal(m.xmp, undefined, `${f.path} has no XMP`);
    assert.equal(m.iptc, undefined, `${f.path} has no IPTC`);
    assert.equal(m.icc, undefined, `${f.path} has no ICC profile`);
    assert.equal(m.hasProfile, false);
    assert.equal(m.orientation, undefined);
    assert.equal(m.depth, 'uchar', `${f.path} is 8-bit`);
    assert.equal(m.space, 'srgb', `${f.path} is sRGB`);
    assert.ok(m.format === 'webp' || m.format === 'jpeg');
    assert.equal(m.format === 'jpeg', f.path.endsWith('.jpg'));
  }
});

async function meanColour(file: string): Promise<number[]> {
  const stats = await sharp(file).stats();
  return stats.channels.map((c) => Math.round(c.mean));
}

test('CMYK becomes 3-channel sRGB of about the same colour', async () => {
  const v = result.lookup(refs['cmyk.jpg']!)!;
  const m = await sharp(fileOf(v.src)).metadata();
  assert.deepEqual([m.space, m.channels], ['srgb', 3]);
  const [r, g, b] = await meanColour(fileOf(v.src));
  // #3366cc = 51, 102, 204; CMYK round trips are approximate.
  assert.ok(Math.abs(r! - 51) < 40 && Math.abs(g! - 102) < 40 && Math.abs(b! - 204) < 40, `${r},${g},${b}`);
});

test('16-bit PNG becomes 8-bit sRGB with its colour scaled, not clipped', async () => {
  const v = result.lookup(refs['deep.png']!)!;
  const m = await sharp(fileOf(v.src)).metadata();
  assert.deepEqual([m.format, m.depth, m.space], ['webp', 'uchar', 'srgb']);
  const [r, g, b] = await meanColour(fileOf(v.src));
  assert.ok(Math.abs(r! - 200) < 8 && Math.abs(g! - 10) < 8 && Math.abs(b! - 10) < 8, `${r},${g},${b}`);
});

test('alpha is kept in WebP and flattened on white in the JPEG social crops', async () => {
  const v = result.lookup(refs['alpha.png']!)!;
  const webp = await sharp(fileOf(v.src)).metadata();
  assert.equal(webp.hasAlpha, true);
  const { data, info } = await sharp(fileOf(v.src)).raw().toBuffer({ resolveWithObject: true });
  assert.equal(data[(10 * info.width + 10) * 4 + 3], 0, 'the left half stays transparent');
  assert.equal(data[(10 * info.width + info.width - 10) * 4 + 3], 255, 'the right half stays opaque');
  const og = fileOf(v.social![0]!.url);
  const jm = await sharp(og).metadata();
  assert.deepEqual([jm.channels, jm.hasAlpha], [3, false]);
  const j = await sharp(og).raw().toBuffer({ resolveWithObject: true });
  const left = [...j.data.subarray((10 * j.info.width + 10) * 3, (10 * j.info.width + 10) * 3 + 3)];
  assert.ok(left.every((c) => c > 240), `flattened on white: ${left}`);
});

test('a tiny 40×30 image is one 40 px rendition, never upscaled, crops shrunk to fit', async () => {
  const v = result.lookup(refs['tiny.jpg']!)!;
  assert.deepEqual([v.width, v.height], [40, 30]);
  assert.match(v.srcset, /^\S+-40\.webp 40w$/);
  assert.equal(v.src, v.srcset.split(' ')[0]);
  assert.deepEqual([v.card!.width, v.card!.height], [40, 26]);
  for (const url of urls(v)) {
    const m = await sharp(fileOf(url)).metadata();
    assert.ok(m.width <= 40 && m.height <= 30, `${url} is ${m.width}×${m.height}`);
  }
});

test('WebP, AVIF and GIF sources are accepted', async () => {
  for (const n of ['photo.webp', 'photo.avif', 'photo.gif']) {
    const v = result.lookup(refs[n]!);
    assert.ok(v, n);
    assert.deepEqual([v.width, v.height], [800, 533]);
    assert.equal((await sharp(fileOf(v.src)).metadata()).format, 'webp');
  }
});

test('published paths are unique, sorted, and all live in the cache folder', () => {
  const paths = result.files.map((f) => f.path);
  assert.deepEqual(paths, [...new Set(paths)].sort());
  for (const f of result.files) {
    assert.match(f.path, /^images\/[0-9a-f]{12}-[0-9a-z]+\.(webp|jpg)$/);
    assert.equal(path.dirname(f.copyFrom), path.join(site.root, '.midad-cache', 'images'));
  }
});
