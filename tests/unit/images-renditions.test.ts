// The rendition plan: srcset widths, crop sizes, the one decode size, names carrying the key.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cacheKey, cropSize, decodeSize, planRenditions, recipe, srcsetWidths,
} from '../../src/images/renditions.js';

const KEY = 'abcdef0123456789'.repeat(4);

test('srcset widths never exceed the source', () => {
  const cases: Array<[number, number[]]> = [
    [4000, [480, 800, 1200, 1600]],
    [1600, [480, 800, 1200, 1600]],
    [1590, [480, 800, 1200, 1590]],
    [1300, [480, 800, 1200]],
    [1000, [480, 800]],
    [801, [480, 800]],
    [700, [480, 700]],
    [600, [480, 600]],
    [500, [480, 500]],
    [480, [480]],
    [40, [40]],
    [1, [1]],
  ];
  for (const [width, want] of cases) assert.deepEqual(srcsetWidths(width), want, `width ${width}`);
});

test('crops shrink with the source, keeping their aspect, never upscaled', () => {
  assert.deepEqual(cropSize({ width: 600, height: 384 }, { width: 4000, height: 3000 }), { width: 600, height: 384 });
  assert.deepEqual(cropSize({ width: 600, height: 384 }, { width: 40, height: 30 }), { width: 40, height: 26 });
  assert.deepEqual(cropSize({ width: 1200, height: 1200 }, { width: 1600, height: 900 }), { width: 900, height: 900 });
  assert.deepEqual(cropSize({ width: 1200, height: 630 }, { width: 1, height: 1 }), { width: 1, height: 1 });
});

test('a body image gets srcset renditions only; a hero adds the card and four social crops', () => {
  const body = planRenditions(KEY, { width: 4000, height: 3000 }, false);
  assert.deepEqual(body.map((r) => [r.file, r.width, r.height]), [
    ['abcdef012345-480.webp', 480, 360],
    ['abcdef012345-800.webp', 800, 600],
    ['abcdef012345-1200.webp', 1200, 900],
    ['abcdef012345-1600.webp', 1600, 1200],
  ]);
  const hero = planRenditions(KEY, { width: 4000, height: 3000 }, true);
  assert.deepEqual(hero.slice(4).map((r) => [r.file, r.kind, r.format, r.width, r.height]), [
    ['abcdef012345-card.webp', 'card', 'webp', 600, 384],
    ['abcdef012345-og.jpg', 'social', 'jpeg', 1200, 630],
    ['abcdef012345-16x9.webp', 'social', 'webp', 1200, 675],
    ['abcdef012345-4x3.webp', 'social', 'webp', 1200, 900],
    ['abcdef012345-1x1.webp', 'social', 'webp', 1200, 1200],
  ]);
  assert.equal(new Set(hero.map((r) => r.file)).size, hero.length);
});

test('a source too tall for WebP at its width (a long infographic) gets the widths that fit, none taller than 16383 px', () => {
  for (const source of [{ width: 1080, height: 17000 }, { width: 1200, height: 20000 }, { width: 800, height: 16500 }, { width: 100, height: 40000 }]) {
    const plan = planRenditions(KEY, source, true);
    for (const r of plan) assert.ok(r.width <= 16383 && r.height <= 16383, `${source.width}×${source.height}: ${r.file} is ${r.width}×${r.height}`);
    assert.ok(plan.filter((r) => r.kind === 'srcset').length >= 1);
  }
  assert.deepEqual(planRenditions(KEY, { width: 1080, height: 17000 }, false).map((r) => [r.width, r.height]), [[480, 7556], [800, 12593], [1040, 16370]]);
  // A source within the limit is not touched.
  assert.deepEqual(planRenditions(KEY, { width: 1000, height: 8000 }, false).map((r) => [r.width, r.height]), [[480, 3840], [800, 6400]]);
});

test('the decode size covers every rendition and is the widest rendition when that decides', () => {
  const src = { width: 4000, height: 3000 };
  assert.deepEqual(decodeSize(src, planRenditions(KEY, src, false)), { width: 1600, height: 1200 });
  assert.deepEqual(decodeSize(src, planRenditions(KEY, src, true)), { width: 1600, height: 1200 });
  // A panorama's 1:1 crop needs all 1200 rows of height.
  const pano = { width: 6000, height: 1500 };
  const size = decodeSize(pano, planRenditions(KEY, pano, true));
  assert.equal(size.height, 1200);
  assert.equal(size.width, 4800);
  // Small sources are decoded at their own size.
  assert.deepEqual(decodeSize({ width: 40, height: 30 }, planRenditions(KEY, { width: 40, height: 30 }, true)), { width: 40, height: 30 });
  // Crops alone (a body image later used as a hero) need no more than the crops.
  const cropsOnly = planRenditions(KEY, src, true).filter((r) => r.crop);
  assert.deepEqual(decodeSize(src, cropsOnly), { width: 1600, height: 1200 });
});

test('the cache key changes with the bytes and with the quality', () => {
  const a = cacheKey('a'.repeat(64), 75);
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(a, cacheKey('a'.repeat(64), 75));
  assert.notEqual(a, cacheKey('b'.repeat(64), 75));
  assert.notEqual(a, cacheKey('a'.repeat(64), 76));
  assert.match(recipe(75), /q75 w480,800,1200,1600/);
});
