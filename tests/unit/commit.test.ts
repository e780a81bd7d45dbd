// The commit journal (src/output/commit.ts): a commit that fails at any move is undone, and a
// half-done commit found by the next build (the process was killed) is undone from wherever it
// stopped, again if that undo was itself cut short.

import assert from 'node:assert/strict';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { commitStaged, recoverOutput, stagingDirOf, type Journal } from '../../src/output/commit.js';
import { hashTree, tempDir } from '../helpers/site.js';

async function setup(): Promise<{ out: string; staging: string; journal: Journal; before: Map<string, string> }> {
  const dir = await tempDir('midad-commit-');
  const out = path.join(dir, 'public');
  const staging = stagingDirOf(out);
  await mkdir(path.join(out, 'a'), { recursive: true });
  await writeFile(path.join(out, 'a', 'index.html'), 'old a');
  await writeFile(path.join(out, 'gone.html'), 'old gone');
  await writeFile(path.join(out, '.midad-manifest.json'), '{"old":true}');
  await mkdir(path.join(staging, 'new'), { recursive: true });
  await writeFile(path.join(staging, 'new', '1'), 'new a');
  await writeFile(path.join(staging, 'new', '2'), 'new b');
  await writeFile(path.join(staging, 'manifest.json'), '{"new":true}');
  const journal: Journal = { version: 1, moves: [['new/1', 'a/index.html'], ['new/2', 'b/c/index.html']], stale: ['gone.html'], manifest: ['manifest.json', '.midad-manifest.json'] };
  return { out, staging, journal, before: await hashTree(out) };
}

test('a commit that fails at any of its moves leaves the output folder as it was', async () => {
  for (let k = 1; k <= 3; k++) {
    const { out, staging, journal, before } = await setup();
    process.env.MIDAD_TEST_FAIL_COMMIT = `EACCES:${k}`;
    try {
      await assert.rejects(commitStaged(out, staging, journal, true), /EACCES/);
    } finally {
      delete process.env.MIDAD_TEST_FAIL_COMMIT;
    }
    assert.deepEqual(await hashTree(out), before, `failed at move ${k}`);
    assert.ok(!existsSync(path.join(out, 'b')), 'the folder made for a new file is gone again');
  }
});

test('a commit runs to the end: new files in, stale ones out, the manifest last', async () => {
  const { out, staging, journal } = await setup();
  assert.deepEqual(await commitStaged(out, staging, journal, true), { removed: 1 });
  assert.equal(await readFile(path.join(out, 'a', 'index.html'), 'utf8'), 'new a');
  assert.equal(await readFile(path.join(out, 'b', 'c', 'index.html'), 'utf8'), 'new b');
  assert.ok(!existsSync(path.join(out, 'gone.html')));
  assert.equal(await readFile(path.join(out, '.midad-manifest.json'), 'utf8'), '{"new":true}');
  assert.ok(!existsSync(path.join(staging, 'journal.json')), 'committed');
});

test('a commit killed half-way is undone by the next build, and so is an undo killed half-way', async () => {
  const { out, staging, journal, before } = await setup();
  // What a kill after the first move and the first removal's backup leaves.
  await writeFile(path.join(staging, 'journal.json'), JSON.stringify(journal));
  await mkdir(path.join(staging, 'old'));
  await link(path.join(out, 'a', 'index.html'), path.join(staging, 'old', 'm0'));
  await rename(path.join(staging, 'new', '1'), path.join(out, 'a', 'index.html'));
  await link(path.join(out, 'gone.html'), path.join(staging, 'old', 's0'));
  await rm(path.join(out, 'gone.html'));
  // …and an undo killed after it put the first new file back, before it restored the old one.
  await rename(path.join(out, 'a', 'index.html'), path.join(staging, 'new', '1'));
  assert.deepEqual(await recoverOutput(out), { interrupted: true, unsure: false });
  assert.deepEqual(await hashTree(out), before);
  assert.ok(!existsSync(staging), 'nothing staged is left');
  assert.deepEqual(await recoverOutput(out), { interrupted: false, unsure: false });
});

test('a damaged journal: nothing is undone blindly, and the build is told not to trust the output', async () => {
  const { out, staging } = await setup();
  await writeFile(path.join(staging, 'journal.json'), '{"version":1,"moves":[["new/1","../../etc/x"]]');
  assert.deepEqual(await recoverOutput(out), { interrupted: true, unsure: true });
  assert.equal(await readFile(path.join(out, 'a', 'index.html'), 'utf8'), 'old a');
  assert.ok(!existsSync(staging));
});
