// The incremental build's article cache (src/cache/article-cache.ts): written whole, then as a
// small delta beside it while few entries change, and whole again once many have.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DELTA_FILE, INDEX_FILE, loadBuildCache, saveBuildCache, type BuildCacheData, type CachedArticle } from '../../src/cache/article-cache.js';
import { tempDir } from '../helpers/site.js';

const KEY = 'key-1';

function entry(i: number, version = 1): CachedArticle {
  return {
    size: 100 + i, mtimeMs: 1_000 * version, sourceHash: `src-${i}-${version}`, warnings: [],
    article: { file: `content/articles/a${i}.md`, title: `مقال ${i} (${version})`, bodyHash: `body-${i}-${version}` } as CachedArticle['article'],
  };
}

function site(n: number): BuildCacheData {
  const data: BuildCacheData = { key: KEY, articles: {}, bodies: {} };
  for (let i = 0; i < n; i++) {
    const e = entry(i);
    data.articles[e.article.file] = e;
    data.bodies[e.article.bodyHash] = { offset: i * 10, length: 10 };
  }
  return data;
}

describe('article cache: base and delta', () => {
  test('a few changes are written as a delta; loading applies it; many changes write the whole cache again', async () => {
    const dir = await tempDir('midad-cache-');
    await saveBuildCache(dir, site(100));
    assert.equal(existsSync(path.join(dir, DELTA_FILE)), false);
    const baseBytes = await readFile(path.join(dir, INDEX_FILE));

    // One article edited, one removed: a delta; the base file is not rewritten.
    const first = (await loadBuildCache(dir, KEY))!;
    assert.equal(Object.keys(first.articles).length, 100);
    const next: BuildCacheData = { key: KEY, articles: { ...first.articles }, bodies: { ...first.bodies } };
    const edited = entry(3, 2);
    next.articles[edited.article.file] = edited;
    next.bodies[edited.article.bodyHash] = { offset: 5000, length: 12 };
    delete next.articles['content/articles/a7.md'];
    await saveBuildCache(dir, next, first.base);
    assert.ok(existsSync(path.join(dir, DELTA_FILE)), 'a delta is written');
    assert.deepEqual(await readFile(path.join(dir, INDEX_FILE)), baseBytes, 'the base is left as it was');

    const second = (await loadBuildCache(dir, KEY))!;
    assert.equal(Object.keys(second.articles).length, 99);
    assert.equal(second.articles['content/articles/a3.md']!.sourceHash, 'src-3-2');
    assert.equal(second.articles['content/articles/a7.md'], undefined);
    assert.deepEqual(second.bodies['body-3-2'], { offset: 5000, length: 12 });
    assert.equal(second.articles['content/articles/a4.md']!.sourceHash, 'src-4-1');

    // The delta holds everything since the base: a second edit keeps the first.
    const third: BuildCacheData = { key: KEY, articles: { ...second.articles }, bodies: { ...second.bodies } };
    third.articles['content/articles/a5.md'] = entry(5, 3);
    await saveBuildCache(dir, third, second.base);
    const fourth = (await loadBuildCache(dir, KEY))!;
    assert.equal(fourth.articles['content/articles/a3.md']!.sourceHash, 'src-3-2');
    assert.equal(fourth.articles['content/articles/a5.md']!.sourceHash, 'src-5-3');
    assert.equal(fourth.articles['content/articles/a7.md'], undefined);

    // Past 5% of the entries: the whole cache again, and no delta.
    const many: BuildCacheData = { key: KEY, articles: { ...fourth.articles }, bodies: { ...fourth.bodies } };
    for (let i = 10; i < 20; i++) many.articles[`content/articles/a${i}.md`] = entry(i, 4);
    await saveBuildCache(dir, many, fourth.base);
    assert.equal(existsSync(path.join(dir, DELTA_FILE)), false, 'the delta is folded in');
    assert.notDeepEqual(await readFile(path.join(dir, INDEX_FILE)), baseBytes);
    const fifth = (await loadBuildCache(dir, KEY))!;
    assert.equal(Object.keys(fifth.articles).length, 99);
    assert.equal(fifth.articles['content/articles/a12.md']!.sourceHash, 'src-12-4');
    assert.equal(fifth.articles['content/articles/a3.md']!.sourceHash, 'src-3-2');
  });

  test('a damaged cache file is no cache, never a crash', async () => {
    const dir = await tempDir('midad-cache-');
    await saveBuildCache(dir, site(50));
    const loaded = (await loadBuildCache(dir, KEY))!;
    await saveBuildCache(dir, { ...loaded, articles: { ...loaded.articles, 'content/articles/a1.md': entry(1, 2) } }, loaded.base);
    // A damaged delta: the base alone.
    await writeFile(path.join(dir, DELTA_FILE), Buffer.from([0xff, 0x0d, 0x6f, 0x22, 0x03]));
    const base = (await loadBuildCache(dir, KEY))!;
    assert.equal(base.articles['content/articles/a1.md']!.sourceHash, 'src-1-1');
    // A damaged base: nothing.
    await writeFile(path.join(dir, INDEX_FILE), 'not a cache');
    assert.equal(await loadBuildCache(dir, KEY), undefined);
  });

  test('another key (a new midad or site.yml) finds nothing, delta or not', async () => {
    const dir = await tempDir('midad-cache-');
    await saveBuildCache(dir, site(50));
    const loaded = (await loadBuildCache(dir, KEY))!;
    await saveBuildCache(dir, { ...loaded, articles: { ...loaded.articles, 'content/articles/a1.md': entry(1, 2) } }, loaded.base);
    assert.equal(await loadBuildCache(dir, 'key-2'), undefined);
  });
});
