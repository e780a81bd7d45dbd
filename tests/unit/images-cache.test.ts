// The image cache: a warm build neither reads nor decodes unchanged images,
// changing one image encodes only that one, --clean encodes everything, writes are whole.

import assert from 'node:assert/strict';
import { copyFile, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { type ImageStageResult, processImages } from '../../src/images/index.js';
import type { Site } from '../../src/model.js';
import { refTo, tempSite, writePhotoJpeg } from '../fixtures/images/generate.js';

let tmp: string;
let site: Site;
let articles: string;
let cacheDir: string;
const NAMES = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'];

before(async () => {
  const t = await tempSite();
  ({ tmp, site, articles } = t);
  cacheDir = path.join(site.root, '.midad-cache', 'images');
  for (const [i, n] of NAMES.entries()) await writePhotoJpeg(path.join(articles, n), 1000 + i * 200, 800);
});

after(() => rm(tmp, { recursive: true, force: true }));

async function run(
  opts: { clean?: boolean; hero?: (name: string) => boolean; names?: string[]; site?: Site } = {},
): Promise<ImageStageResult & { bag: DiagnosticBag }> {
  const s = opts.site ?? site;
  const bag = new DiagnosticBag();
  const refs = (opts.names ?? NAMES).map((n, i) => ({ ref: refTo(s, n, i + 1, 1), hero: opts.hero?.(n) ?? false }));
  const r = await processImages(refs, s, { cacheDir, clean: opts.clean ?? false }, bag);
  return { ...r, bag };
}

/** Files under the cache whose names show a write in progress. */
async function temps(): Promise<string[]> {
  return (await readdir(cacheDir)).filter((n) => n.endsWith('.tmp'));
}

test('cold: every image is encoded; warm: none is, with the same files', async () => {
  const cold = await run();
  assert.deepEqual(cold.bag.items, []);
  assert.deepEqual([cold.stats.images, cold.stats.encoded, cold.stats.cached], [4, 4, 0]);
  const warm = await run();
  assert.deepEqual([warm.stats.images, warm.stats.encoded, warm.stats.cached], [4, 0, 4]);
  assert.deepEqual(warm.files, cold.files);
  assert.deepEqual(warm.lookup(refTo(site, 'b.jpg')), cold.lookup(refTo(site, 'b.jpg')));
  assert.deepEqual(await temps(), []);
});

test('a warm run does not even read an unchanged image', async () => {
  const file = path.join(articles, 'a.jpg');
  const when = 1_700_000_000; // whole seconds, so utimes can put back exactly the same mtime
  await utimes(file, when, when);
  await run();
  const original = await readFile(file);
  // Same size and mtime, but bytes that would fail to decode: a warm run must not notice.
  await writeFile(file, Buffer.alloc(original.length, 0x42));
  await utimes(file, when, when);
  try {
    const warm = await run();
    assert.deepEqual(warm.bag.items, []);
    assert.equal(warm.stats.encoded, 0);
    assert.ok(warm.lookup(refTo(site, 'a.jpg')));
  } finally {
    await writeFile(file, original);
    await utimes(file, when, when);
  }
});

test('changing one image re-encodes only that one', async () => {
  await run();
  const old = (await run()).lookup(refTo(site, 'c.jpg'))!;
  await writePhotoJpeg(path.join(articles, 'c.jpg'), 1400, 800);
  const r = await run();
  assert.deepEqual([r.stats.encoded, r.stats.cached], [1, 3]);
  const now = r.lookup(refTo(site, 'c.jpg'))!;
  assert.notEqual(now.src, old.src, 'new bytes, new file names');
  assert.equal((await run()).stats.encoded, 0);
});

test('touching an image without changing it costs a hash, not an encode', async () => {
  await run();
  const file = path.join(articles, 'b.jpg');
  const later = new Date(Date.now() + 5_000);
  await utimes(file, later, later);
  assert.equal((await run()).stats.encoded, 0);
});

test('--clean ignores the cache and encodes everything', async () => {
  await run();
  const r = await run({ clean: true });
  assert.deepEqual([r.stats.encoded, r.stats.cached], [4, 0]);
  assert.equal((await run()).stats.encoded, 0);
});

test('a body image that becomes a hero encodes only its crops', async () => {
  await run();
  const body = await run();
  const srcsetFile = body.files.find((f) => f.path.endsWith('-480.webp'))!.copyFrom;
  const mtime = (await stat(srcsetFile)).mtimeMs;
  const hero = await run({ hero: (n) => n === 'a.jpg' });
  assert.deepEqual([hero.stats.encoded, hero.stats.cached], [1, 3]);
  const view = hero.lookup(refTo(site, 'a.jpg'))!;
  assert.ok(view.card && view.social?.length === 4);
  assert.equal(hero.files.length, body.files.length + 5);
  assert.equal((await stat(srcsetFile)).mtimeMs, mtime, 'srcset renditions were not re-encoded');
  // And back: crops are no longer published, though they stay cached.
  const again = await run();
  assert.equal(again.stats.encoded, 0);
  assert.deepEqual(again.files, body.files);
  assert.equal((await run({ hero: (n) => n === 'a.jpg' })).stats.encoded, 0);
});

test('the same bytes under two names are encoded once and share files', async () => {
  await copyFile(path.join(articles, 'd.jpg'), path.join(articles, 'd-copy.jpg'));
  const r = await run({ names: ['d.jpg', 'd-copy.jpg'], clean: true });
  assert.deepEqual([r.stats.images, r.stats.encoded, r.stats.cached], [2, 1, 1]);
  assert.equal(r.lookup(refTo(site, 'd.jpg'))!.srcset, r.lookup(refTo(site, 'd-copy.jpg'))!.srcset);
});

test('another quality gives other names and encodes again', async () => {
  const q75 = await run();
  const q60 = await run({ site: { ...site, imageQuality: 60 } });
  assert.equal(q60.stats.encoded, 4);
  const names = new Set(q75.files.map((f) => f.path));
  assert.ok(q60.files.every((f) => !names.has(f.path)));
});

test('a lost rendition or a damaged record is made again, for that image only', async () => {
  const r = await run();
  const lost = r.files.find((f) => f.path.endsWith('-800.webp'))!;
  await rm(lost.copyFrom);
  const used = new Set(r.files.map((f) => f.path.slice('images/'.length, 'images/'.length + 12)));
  const records = (await readdir(cacheDir)).filter((n) => /^[0-9a-f]{64}\.json$/.test(n) && used.has(n.slice(0, 12)));
  const other = records.find((n) => !lost.path.includes(n.slice(0, 12)))!;
  await writeFile(path.join(cacheDir, other), '{"key": "trunc');
  const again = await run();
  assert.deepEqual(again.bag.items, []);
  assert.equal(again.stats.encoded, 2);
  await stat(lost.copyFrom);
});

test('a damaged index is only a slower build', async () => {
  await writeFile(path.join(cacheDir, 'index.json'), 'not json');
  const r = await run();
  assert.deepEqual([r.bag.items.length, r.stats.encoded], [0, 0]);
  JSON.parse(await readFile(path.join(cacheDir, 'index.json'), 'utf8'));
});

test('a lowered pixel limit applies to cached images too', async () => {
  await run();
  const r = await run({ site: { ...site, maxImagePixels: 1_000_000 } });
  assert.deepEqual(r.bag.items.map((d) => d.code), ['image-too-large', 'image-too-large']);
  assert.equal(r.stats.encoded, 0);
});

test('progress counts every source file', async () => {
  const seen: Array<[number, number]> = [];
  const bag = new DiagnosticBag();
  await processImages(NAMES.map((n) => ({ ref: refTo(site, n), hero: false })), site,
    { cacheDir, clean: false, progress: (d, t) => seen.push([d, t]) }, bag);
  assert.deepEqual(seen, [[1, 4], [2, 4], [3, 4], [4, 4]]);
});
