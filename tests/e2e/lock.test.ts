// Two builds at once on the same site root or the same output folder: the second waits for the
// first (MIDAD_LOCK_WAIT bounds the wait) or stops with a plain message and exit 1, and the
// output is never a mix of the two. A lock left by a build that is gone is taken over.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { startDev, until } from './dev-support.js';
import { manyArticleSite, outputDifferences, run, writeArticles } from './fault-support.js';

const ARTICLES = 400;

/** Waits until `file` exists (the first build holds its lock). */
async function appears(file: string): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(existsSync(file), `${file} never appeared`);
}

/** A pid no process has: one that has just exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('one build at a time', () => {
  test('a second build on the same site stops with a plain message while the first runs; the first publishes whole', async (t) => {
    const root = await manyArticleSite(ARTICLES);
    t.after(() => rm(root, { recursive: true, force: true }));
    const first = run(['build', '--root', root]);
    await appears(path.join(root, '.midad-cache', 'lock'));
    const second = await run(['build', '--root', root], { MIDAD_LOCK_WAIT: '0' });
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /another build is writing this site \(process \d+ on .+\); waited 0 s/);
    assert.doesNotMatch(second.stderr, /internal error/);
    assert.equal((await first).code, 0);
    assert.equal((await run(['build', '--root', root, '--clean', '--out', path.join(root, 'ref')])).code, 0);
    assert.deepEqual(await outputDifferences(path.join(root, 'public'), path.join(root, 'ref')), []);
  });

  test('two builds at once, each of a different version: the second waits, and the output is the second version whole', async (t) => {
    const root = await manyArticleSite(ARTICLES);
    t.after(() => rm(root, { recursive: true, force: true }));
    // Two checkouts of one site building into one folder (two CI jobs sharing a runner's workspace).
    const other = await manyArticleSite(ARTICLES);
    t.after(() => rm(other, { recursive: true, force: true }));
    await writeArticles(other, ARTICLES, 'b');
    const out = path.join(root, 'public');
    const first = run(['build', '--root', root]);
    await appears(path.join(root, '.public.midad-lock'));
    const second = await run(['build', '--root', other, '--out', out]);
    assert.equal((await first).code, 0);
    assert.equal(second.code, 0, second.stderr);
    assert.equal((await run(['build', '--root', other, '--clean', '--out', path.join(other, 'ref')])).code, 0);
    assert.deepEqual(await outputDifferences(out, path.join(other, 'ref')), []);
  });

  test('midad dev holds the site while it builds: a build beside it stops with the plain message, then runs once dev is done', async (t) => {
    const root = await manyArticleSite(ARTICLES);
    const lock = path.join(root, '.midad-cache', 'lock');
    const dev = startDev(root);
    // The server first, then its site.
    t.after(async () => {
      await (await dev.catch(() => undefined))?.stop();
      await rm(root, { recursive: true, force: true });
    });
    await appears(lock);
    const beside = await run(['build', '--root', root], { MIDAD_LOCK_WAIT: '0' });
    assert.equal(beside.code, 1, beside.stderr);
    assert.match(beside.stderr, /another build is writing this site/);
    await dev;
    await until('dev to finish its build', 60_000, () => (existsSync(lock) ? undefined : true));
    const after = await run(['build', '--root', root], { MIDAD_LOCK_WAIT: '0' });
    assert.equal(after.code, 0, after.stderr);
  });

  test("a dead build's lock, or a damaged one, is taken over", async (t) => {
    const root = await manyArticleSite(5);
    t.after(() => rm(root, { recursive: true, force: true }));
    const lock = path.join(root, '.midad-cache', 'lock');
    await mkdir(path.dirname(lock), { recursive: true });
    for (const held of [JSON.stringify({ pid: await deadPid(), host: os.hostname(), since: '2026-01-01T00:00:00Z' }), randomBytes(40)]) {
      await writeFile(lock, held);
      await writeFile(path.join(root, '.public.midad-lock'), held);
      const r = await run(['build', '--root', root], { MIDAD_LOCK_WAIT: '0' });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!existsSync(lock) && !existsSync(path.join(root, '.public.midad-lock')), 'the locks are released');
    }
  });
});
