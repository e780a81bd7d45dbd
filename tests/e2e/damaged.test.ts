// Damaged state: every file of .midad-cache/ and the output manifest cut short, emptied or
// overwritten with random bytes. The next build must not crash, must make what a --clean build
// makes, and must not delete a file midad did not write. A full disk or a folder midad may not
// write (MIDAD_TEST_FAIL_WRITE / MIDAD_TEST_FAIL_COMMIT in src/faults.ts: tests may run as root,
// where a read-only folder does not stop a write) is a plain message, exit 1, and the
// previous output exactly as it was.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hashTree, listFiles, ROOT } from '../helpers/site.js';
import { MANIFEST, manyArticleSite, outputDifferences, run, writeArticles } from './fault-support.js';

const damages: Record<string, (file: string) => Promise<void>> = {
  'cut short': async (f) => truncate(f, Math.floor((await stat(f)).size / 2)),
  emptied: (f) => truncate(f, 0),
  'random bytes': async (f) => writeFile(f, randomBytes(Math.max(64, (await stat(f)).size))),
};

describe('damaged state', () => {
  for (const [name, damage] of Object.entries(damages)) {
    test(`every cache file and the manifest ${name}: the build repairs them and keeps the user's file`, async (t) => {
      const root = await manyArticleSite(120);
      t.after(() => rm(root, { recursive: true, force: true }));
      const out = path.join(root, 'public');
      assert.equal((await run(['build', '--root', root])).code, 0);
      const cache = path.join(root, '.midad-cache');
      const cached = await listFiles(cache);
      assert.ok(cached.some((f) => f.endsWith('.webp')) && cached.some((f) => f.endsWith('bodies.pack')), cached.join(', '));
      for (const f of [...cached.map((c) => path.join(cache, c)), path.join(out, MANIFEST)]) await damage(f);
      await writeFile(path.join(out, 'mine.txt'), 'a file the newsroom put here');

      const r = await run(['build', '--root', root]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
      assert.equal(await readFile(path.join(out, 'mine.txt'), 'utf8'), 'a file the newsroom put here');
      await rm(path.join(out, 'mine.txt'));
      const ref = path.join(root, 'ref');
      assert.equal((await run(['build', '--root', root, '--clean', '--out', ref])).code, 0);
      assert.deepEqual(await outputDifferences(out, ref), []);
    });
  }

  test('each cache file alone overwritten with random bytes of its size: noticed, made again, the same site', { timeout: 600_000 }, async (t) => {
    const root = await manyArticleSite(120);
    t.after(() => rm(root, { recursive: true, force: true }));
    const out = path.join(root, 'public');
    const ref = path.join(root, 'ref');
    assert.equal((await run(['build', '--root', root, '--clean', '--out', ref])).code, 0);
    assert.equal((await run(['build', '--root', root])).code, 0);
    const cache = path.join(root, '.midad-cache');
    const base = await readFile(path.join(ROOT, 'templates', 'base.njk'), 'utf8');
    await mkdir(path.join(root, 'templates'), { recursive: true });
    for (const [i, f] of (await listFiles(cache)).entries()) {
      const file = path.join(cache, f);
      if (!existsSync(file)) continue;
      await writeFile(file, randomBytes((await stat(file)).size));
      // Every page is made again (a template changed, its output did not): what the cache holds is used.
      await writeFile(path.join(root, 'templates', 'base.njk'), `{# round ${i} #}${base}`);
      const r = await run(['build', '--root', root]);
      assert.equal(r.code, 0, `${f}: ${r.stderr}`);
      assert.deepEqual(await outputDifferences(out, ref), [], f);
    }
  });

  for (const [hook, code, reason] of [['MIDAD_TEST_FAIL_WRITE', 'ENOSPC', 'the disk is full'], ['MIDAD_TEST_FAIL_COMMIT', 'EACCES', 'permission denied']] as const) {
    test(`${code} while ${hook.endsWith('WRITE') ? 'staging' : 'committing'}: a plain message, exit 1, the previous output as it was`, async (t) => {
      const root = await manyArticleSite(60);
      t.after(() => rm(root, { recursive: true, force: true }));
      const out = path.join(root, 'public');
      assert.equal((await run(['build', '--root', root])).code, 0);
      const before = await hashTree(out);
      await writeArticles(root, 60, 'b');
      const r = await run(['build', '--root', root], { [hook]: `${code}:20` });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`${reason}; nothing was published`));
      assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
      assert.deepEqual(await hashTree(out), before);
      assert.deepEqual((await readdir(root)).filter((n) => n.includes('midad-') && n !== '.midad-cache'), []);
      // And the next build, with the disk freed, publishes.
      assert.equal((await run(['build', '--root', root])).code, 0);
      assert.notDeepEqual(await hashTree(out), before);
    });
  }

  test('an output folder that is a file: a plain usage message (exit 2), the file untouched', async (t) => {
    const root = await manyArticleSite(5);
    t.after(() => rm(root, { recursive: true, force: true }));
    await writeFile(path.join(root, 'public'), 'not a folder');
    const r = await run(['build', '--root', root]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /is a file, not a folder|file/);
    assert.equal(await readFile(path.join(root, 'public'), 'utf8'), 'not a folder');
  });
});
