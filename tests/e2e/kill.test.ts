// A build killed (SIGKILL: no clean-up of any kind) while parsing, encoding images, rendering,
// indexing or in the middle of its commit leaves no temporary file and no truncated page in the
// output folder, and the next plain build makes, file for file, what a fresh --clean build
// makes. The site has a thousand articles, so each stage has work in flight when it dies, and
// the builds switch between two versions of it (a third of the pages change, ten articles go,
// ten come), so the commit has files to move and files to remove. The kill comes from the
// MIDAD_TEST_KILL_AT hook (src/faults.ts).

import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { hashTree, listFiles } from '../helpers/site.js';
import { freshPhoto, manyArticleSite, outputDifferences, run, writeArticles } from './fault-support.js';

const ARTICLES = 1000;

/** Where each build is killed: the stage and how many of its steps are done first. */
const KILLS = ['parse:200', 'images:1', 'render:300', 'index:200', 'commit:1', 'commit:150', 'commit:420'];

test(`a build of ${ARTICLES} articles killed at any stage is repaired by the next plain build`, { timeout: 900_000 }, async (t) => {
  const root = await manyArticleSite(ARTICLES);
  t.after(() => rm(root, { recursive: true, force: true }));
  const out = path.join(root, 'public');
  const ref = path.join(root, 'ref');
  const first = await run(['build', '--root', root]);
  assert.equal(first.code, 0, first.stderr);
  // Every file either version's output may hold: after a kill, each file in the folder must be one of them, whole.
  const known = new Map<string, Set<string>>();
  const remember = async (dir: string): Promise<void> => {
    for (const [f, h] of await hashTree(dir)) {
      if (!known.has(f)) known.set(f, new Set());
      known.get(f)!.add(h);
    }
  };
  await remember(out);

  for (const [round, kill] of KILLS.entries()) {
    await writeArticles(root, ARTICLES, round % 2 === 0 ? 'b' : 'a');
    await freshPhoto(root, round);
    const killed = await run(['build', '--root', root], { MIDAD_TEST_KILL_AT: kill, MIDAD_THREADS: '2' });
    assert.equal(killed.signal, 'SIGKILL', `${kill}: the build was not killed (exit ${killed.code}):\n${killed.stderr}`);

    // The reference: a fresh --clean build of the same site into another folder.
    await rm(ref, { recursive: true, force: true });
    const clean = await run(['build', '--root', root, '--clean', '--out', ref]);
    assert.equal(clean.code, 0, clean.stderr);
    await remember(ref);

    // Straight after the kill (the clean build above does not touch `out`): nothing half-written in it.
    for (const [f, h] of await hashTree(out)) {
      if (f === '.midad-manifest.json') continue;
      assert.ok(known.get(f)?.has(h), `${kill}: ${f} in the output folder is neither version's file (a temporary or truncated file)`);
    }

    const repair = await run(['build', '--root', root]);
    assert.equal(repair.code, 0, `${kill}: ${repair.stderr}`);
    assert.deepEqual(await outputDifferences(out, ref), [], `${kill}: the plain build after the kill differs from a --clean build`);
    // Nothing left beside the output folder either (the staging folder, the lock), nor a temporary file in the cache.
    assert.deepEqual((await readdir(root)).filter((n) => n.includes('midad-') && n !== '.midad-cache'), [], kill);
    assert.deepEqual((await listFiles(path.join(root, '.midad-cache'))).filter((f) => /\.tmp$|\.tmp-\d+$|\.new-\d+$/.test(f)), [], kill);
  }
});
