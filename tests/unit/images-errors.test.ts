// Bad images are content errors at the reference's position, all reported in one run, never
// a crash.

import assert from 'node:assert/strict';
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { damageReason } from '../../src/images/process.js';
import { DiagnosticBag, formatDiagnostic } from '../../src/diagnostics.js';
import { type ImageStageResult, processImages } from '../../src/images/index.js';
import type { ImageRef, Site } from '../../src/model.js';
import { refTo, SVG, tempSite, writePhotoJpeg, writeTruncatedJpeg } from '../fixtures/images/generate.js';

let tmp: string;
let site: Site;
let result: ImageStageResult;
let bag: DiagnosticBag;
let cacheDir: string;

/** src as written → [expected code, a fragment of the message]. Line n+2 of content/articles/a.md. */
const CASES: Array<[string, string, RegExp]> = [
  ['missing.jpg', 'image-not-found', /^image "missing\.jpg" not found$/],
  ['phot.jpg', 'image-not-found', /not found \(did you mean "photo\.jpg"\?\)/],
  ['../../../outside/secret.jpg', 'image-outside-root', /is outside the site root/],
  ['escape.jpg', 'image-outside-root', /links to a file outside the site root/],
  ['notes.jpg', 'image-not-image', /"notes\.jpg" is not an image/],
  // libvips's reason, or none when its shared error buffer lost it (never "Unknown error").
  ['truncated.jpg', 'image-corrupt', /truncated or damaged(?: \(premature end of JPEG image\))?$/],
  ['logo.svg', 'image-unsupported-format', /^SVG images are not supported/],
  ['svg-inside.png', 'image-unsupported-format', /^SVG images are not supported/],
  ['scan.tiff', 'image-unsupported-format', /is a TIFF image, which is not supported/],
  ['huge.jpg', 'image-too-large', /is 1200×1000 pixels \(1\.2 megapixels\), over the limit of 1 megapixels/],
  ['/etc/passwd.jpg', 'image-absolute-path', /is absolute/],
  ['http://example.com/a.jpg', 'image-url', /is a URL: images must be files inside the site/],
  ['https://evil.example/track.png', 'image-url', /nothing is fetched/],
  ['data:image/png;base64,AAAA', 'image-url', /is a URL/],
  ['//cdn.example/a.jpg', 'image-url', /is a URL/],
  ['folder.jpg', 'image-not-image', /is a folder, not an image file/],
  ['', 'image-not-found', /src is empty/],
];

before(async () => {
  const t = await tempSite({ maxImagePixels: 1_000_000 });
  tmp = t.tmp;
  site = t.site;
  const a = t.articles;
  await writePhotoJpeg(path.join(a, 'photo.jpg'), 900, 600);
  await writePhotoJpeg(path.join(tmp, 'outside', 'secret.jpg'), 300, 200);
  await symlink(path.join(tmp, 'outside', 'secret.jpg'), path.join(a, 'escape.jpg'));
  await writeFile(path.join(a, 'notes.jpg'), 'these are my notes, not a photo\n');
  await writeTruncatedJpeg(path.join(a, 'truncated.jpg'));
  await writeFile(path.join(a, 'logo.svg'), SVG);
  await writeFile(path.join(a, 'svg-inside.png'), SVG);
  await writeFile(path.join(a, 'scan.tiff'), await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).tiff().toBuffer());
  await writePhotoJpeg(path.join(a, 'huge.jpg'), 1200, 1000);
  await mkdir(path.join(a, 'folder.jpg'));
  const refs: Array<{ ref: ImageRef; hero: boolean }> = CASES.map(([src], i) => ({ ref: refTo(site, src, i + 2, 8), hero: i % 2 === 0 }));
  refs.push({ ref: refTo(site, 'photo.jpg', 40, 3), hero: true });
  refs.push({ ref: refTo(site, 'truncated.jpg', 41, 5), hero: false });
  bag = new DiagnosticBag();
  cacheDir = path.join(site.root, '.midad-cache', 'images');
  result = await processImages(refs, site, { cacheDir, clean: false }, bag);
});

after(() => rm(tmp, { recursive: true, force: true }));

test('every bad reference is an error at its own position, all in one run', () => {
  const got = bag.sorted().map((d) => [d.line, d.column, d.code]);
  const want = CASES.map(([, code], i) => [i + 2, 8, code]);
  want.push([41, 5, 'image-corrupt']);
  assert.deepEqual(got, want);
  for (const d of bag.items) {
    assert.equal(d.file, 'content/articles/a.md');
    assert.equal(d.severity, 'error');
  }
});

test('messages name the src as written and say what is wrong', () => {
  const byLine = new Map(bag.items.map((d) => [d.line, d.message]));
  CASES.forEach(([src, , pattern], i) => {
    const msg = byLine.get(i + 2)!;
    assert.match(msg, pattern, `${src}: ${msg}`);
    assert.ok(!/\n|    at /.test(msg), 'one line, no stack trace');
  });
  assert.equal(
    formatDiagnostic(bag.items.find((d) => d.line === 3)!),
    'content/articles/a.md:3:8: error: image "phot.jpg" not found (did you mean "photo.jpg"?)',
  );
});

test('good images in the same run still get views; bad ones get none and publish nothing', () => {
  const good = result.lookup(refTo(site, 'photo.jpg', 40, 3));
  assert.ok(good?.card && good.social);
  assert.equal(result.lookup(refTo(site, 'truncated.jpg')), undefined);
  assert.equal(result.lookup(refTo(site, 'escape.jpg')), undefined);
  assert.deepEqual(result.stats, { ...result.stats, images: 1, encoded: 1, cached: 0 });
  const prefix = good.src.match(/([0-9a-f]{12})-/)![1]!;
  assert.ok(result.files.every((f) => f.path.includes(prefix)), 'only the good image is published');
});

test('no half-written file is left in the cache', async () => {
  const names = await readdir(cacheDir);
  assert.ok(names.every((n) => !n.endsWith('.tmp')), names.join(' '));
});

test('a warm run reports the same errors again', async () => {
  const again = new DiagnosticBag();
  await processImages(CASES.map(([src], i) => ({ ref: refTo(site, src, i + 2, 8), hero: false })), site, { cacheDir, clean: false }, again);
  assert.deepEqual(again.sorted().map((d) => d.code), CASES.map(([, code]) => code));
});

test('a damaged file\'s reason is shown only when it can be that file\'s (libvips shares one error buffer between threads)', () => {
  assert.equal(damageReason('VipsJpeg: premature end of JPEG image', 'jpeg'), 'premature end of JPEG image');
  assert.equal(damageReason('pngload_buffer: libpng read error', 'png'), 'libpng read error');
  // Another decoder's message, given while this JPEG failed: not this file's reason.
  assert.equal(damageReason('pngload_buffer: libpng read error', 'jpeg'), '');
  assert.equal(damageReason('gifload_buffer: Unexpected end of GIF source data', 'webp'), '');
  // Gone or cut short.
  assert.equal(damageReason('Unknown error', 'jpeg'), '');
  assert.equal(damageReason('Input buffer has corrupt header:', 'gif'), '');
  // Naming no decoder at all: kept.
  assert.equal(damageReason('Input file has corrupt header: bad seek', 'png'), 'Input file has corrupt header: bad seek');
});
