// Pagefind dying in the middle of a build (killed, out of memory): the build fails with a plain
// message, no content error pointing at site.yml and no stack trace of midad's, and the output
// folder stays exactly as the previous build left it.

import assert from 'node:assert/strict';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { hashTree, runCli } from '../helpers/site.js';
import { NOW as CLOCK, writeSite } from './discovery-support.js';

const NOW = CLOCK.toISOString();

describe('a Pagefind that dies', () => {
  const made: string[] = [];
  after(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it('fails the build plainly and leaves the previous output as it was', async () => {
    const root = await writeSite();
    made.push(root);
    const out = path.join(root, 'public');
    const first = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(first.code, 0, first.stderr);
    const before = await hashTree(out);
    // Stands in for the Pagefind binary: a process killed as soon as it starts (as the kernel's
    // out-of-memory killer would).
    const killed = path.join(root, 'killed-pagefind.sh');
    await writeFile(killed, '#!/bin/sh\nkill -9 $$\n');
    await chmod(killed, 0o755);
    const r = await runCli(['build', '--root', root, '--clean'], { now: NOW, env: { PAGEFIND_BINARY_PATH: killed } });
    assert.equal(r.code, 1, r.stderr);
    // Pagefind's API either reports the death or never answers; either way the build fails plainly.
    assert.match(r.stderr, /^midad: (the search index could not be built: .*|the build stopped before it finished: .*); nothing was published/m);
    assert.doesNotMatch(r.stderr, /site\.yml:1:1/, 'no content error: no site file is at fault');
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(await hashTree(out), before, 'the output folder is byte for byte as before');
  });

  it('makes the index again from a damaged record in .midad-cache, without a crash', async () => {
    const root = await writeSite();
    made.push(root);
    const first = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(first.code, 0, first.stderr);
    const recordFile = path.join(root, '.midad-cache', 'search-shards.json');
    const record = JSON.parse(await readFile(recordFile, 'utf8')) as { shards: Array<{ docs: unknown[] }> };
    record.shards[0]!.docs[0] = null;
    await writeFile(recordFile, JSON.stringify(record));
    // An edit, so that the build does not stop at "nothing changed".
    const article = path.join(root, 'content/articles/2026/11/28/hostile.md');
    await writeFile(article, `${await readFile(article, 'utf8')}\nكلمة مضافة للتحقق.\n`);
    const r = await runCli(['build', '--root', root, '--verbose'], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
    const fresh = JSON.parse(await readFile(recordFile, 'utf8')) as { shards: Array<{ docs: unknown[] }> };
    assert.ok(fresh.shards[0]!.docs.every((d) => Array.isArray(d)), 'the record is whole again');
  });
});
