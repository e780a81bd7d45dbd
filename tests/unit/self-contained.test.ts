// A fresh clone has nothing beside it: no test or source file may read a folder outside the
// repository (such as a `shared` folder next to the checkout).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/site.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sourceFiles(p);
    return /\.(ts|js|mjs|sh)$/.test(e.name) ? [p] : [];
  });
}

test('no source, test or benchmark file reaches outside the repository', () => {
  const outside = /['"`](\.\.\/)+shared\b/;
  const found = ['src', 'tests', 'bench', '.ci'].flatMap((d) => sourceFiles(path.join(ROOT, d)))
    .filter((f) => !f.endsWith('self-contained.test.ts') && outside.test(readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f));
  assert.deepEqual(found, []);
});

test('the sitemap schemas the tests validate against are in the repository', () => {
  for (const f of ['sitemap.xsd', 'sitemap-news.xsd', 'news-sitemap.xsd', 'README.md']) {
    assert.ok(readFileSync(path.join(ROOT, 'tests', 'fixtures', 'xsd', f), 'utf8').length > 100, f);
  }
});
