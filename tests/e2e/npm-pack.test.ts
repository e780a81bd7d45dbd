// midad as a package: `npm pack` of this repository gives a tarball that a newsroom's site
// repository installs and runs from. The tarball is installed into an empty folder (its
// dependencies from the local npm cache where it has them), `midad init` starts a site with
// it, the site installs the same tarball as its midad, and `midad build` builds it.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { NOW, ROOT, tempDir } from '../helpers/site.js';

interface Run { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const full: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIDAD_LANG: 'en', MIDAD_NOW: NOW, ...env };
    delete full.NODE_TEST_CONTEXT;
    execFile(cmd, args, { cwd, env: full, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** No audit, no funding notes; the cache first (the machine may be offline). */
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

describe('npm pack: a package a site installs and runs from', () => {
  test('pack → install into an empty folder → init → the site installs it → build', { timeout: 600_000 }, async () => {
    const work = await tempDir('midad-pack-');
    // The compiled dist/ is what the tests run from; packing must not compile it again meanwhile.
    const pack = await run(NPM, ['pack', '--pack-destination', work, '--ignore-scripts', '--loglevel=error'], ROOT);
    assert.equal(pack.code, 0, pack.stderr);
    const tarball = path.join(work, (await readdir(work)).find((f) => f.endsWith('.tgz'))!);
    const listing = await run('tar', ['tzf', tarball], work);
    const files = listing.stdout.split('\n');
    for (const f of ['package/dist/src/cli.js', 'package/dist/src/commands/init.js', 'package/templates/base.njk', 'package/.github/workflows/publish.yml', 'package/docs/guide.ar.md']) {
      assert.ok(files.includes(f), `the tarball holds ${f}`);
    }
    assert.ok(!files.some((f) => f.startsWith('package/dist/tests/') || f.startsWith('package/tests/') || f.startsWith('package/content/')), 'no tests or sample content in the package');

    // As `npx midad init` does: midad installed in a folder of its own, run from there.
    const tool = path.join(work, 'tool');
    await run('mkdir', ['-p', tool], work);
    const installTool = await run(NPM, [...INSTALL, tarball], tool);
    assert.equal(installTool.code, 0, installTool.stderr);
    const init = await run(path.join(tool, 'node_modules', '.bin', 'midad'), ['init', 'site'], work);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /^wrote package\.json$/m);

    const site = path.join(work, 'site');
    const installSite = await run(NPM, [...INSTALL, tarball], site);
    assert.equal(installSite.code, 0, installSite.stderr);
    const pkg = JSON.parse(await readFile(path.join(site, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.ok(pkg.dependencies.midad, 'the site depends on midad');

    const build = await run(NPM, ['exec', '--offline', '--', 'midad', 'build'], site);
    assert.equal(build.code, 0, build.stderr + build.stdout);
    assert.match(build.stdout, /midad build: 1 article, /);
    const home = await readFile(path.join(site, 'public', 'index.html'), 'utf8');
    assert.match(home, /<html lang="ar" dir="rtl"/);
    assert.match(home, /أهلًا بكم في موقعنا/);
    const page = await readFile(path.join(site, 'public', 'articles', '2026', '03', '01', 'welcome', 'index.html'), 'utf8');
    assert.match(page, /<h1[^>]*>أهلًا بكم في موقعنا<\/h1>/);
  });
});
