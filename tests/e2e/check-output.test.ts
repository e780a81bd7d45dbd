// Output a person reads: a summary after each build and check, a progress
// line on a terminal, --quiet (errors only), --verbose (each step and where the time went),
// and no colour when NO_COLOR is set or the output is not a terminal. Terminal runs go
// through util-linux `script`, which gives the CLI a real pseudo-terminal.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CLI, makeSite, NOW, runCli } from '../helpers/site.js';

const SITE = {
  'content/site.yml': 'title: الفاصل\ndescription: وصف\nbaseUrl: https://example.org/\nsections:\n  - slug: security\n    name: أمن\nauthors:\n  - slug: team\n    name: الفريق\ndefaultAuthor: team\n',
  'content/articles/a.md': '---\ntitle: أ\nsummary: ملخص\ndate: 2026-01-24\nsection: security\n---\n\nنص.\n',
  'content/articles/b.md': '---\ntitle: ب\nsummary: ملخص\ndate: 2026-01-25\nsection: security\n---\n\nنص.\n',
};
const BROKEN = { ...SITE, 'content/articles/b.md': '---\ntitle: ب\nsummary: ملخص\ndate: 2026-01-25\nsection: securty\n---\n\nنص.\n' };

/** Any SGR (colour, bold) escape sequence. */
const SGR = /\x1b\[[0-9;]*m/;
const SCRIPT = '/usr/bin/script';

/** Runs the CLI with `env` unchanged apart from `extra` (NO_COLOR is not set unless given). */
function runPlain(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MIDAD_LANG: "en", MIDAD_NOW: NOW, ...extra };
  delete env.NODE_TEST_CONTEXT;
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }));
  });
}

/** Runs the CLI on a pseudo-terminal; stdout and stderr arrive together, as on a screen. */
function runOnTty(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; screen: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MIDAD_LANG: "en", MIDAD_NOW: NOW, TERM: "xterm", ...extra };
  delete env.NODE_TEST_CONTEXT;
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve) => {
    execFile(SCRIPT, ['-q', '-e', '-c', cmd, '/dev/null'], { env, timeout: 120_000 }, (err, stdout) =>
      resolve({ code: err ? Number(err.code) : 0, screen: stdout }));
  });
}

describe('what a person reads', { concurrency: 4 }, () => {
  test('build: one summary line on stdout (articles, pages, images, time, files), nothing on stderr', async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['build', '--root', root], { now: NOW, cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^midad build: 2 articles, \d+ pages, 0 images \(0 encoded\) → public in \d+\.\d\d s; files: \d+ written, 0 unchanged, 0 removed\n$/);
    // A second build: everything unchanged.
    const again = await runCli(['build', '--root', root], { now: NOW, cwd: root });
    assert.match(again.stdout, /files: 0 written, \d+ unchanged, 0 removed\n$/);
  });

  test('check: a summary that says there are no errors', async () => {
    const root = await makeSite(SITE);
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^midad check: 2 articles, \d+ pages, 0 images: no errors \(\d+\.\d\d s\)\n$/);
  });

  test('--quiet: nothing at all on success; on errors, the errors alone', async () => {
    const root = await makeSite(SITE);
    for (const cmd of ['build', 'check']) {
      for (const flag of ['--quiet', '-q']) {
        const r = await runCli([cmd, '--root', root, flag], { now: NOW });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout + r.stderr, '', `${cmd} ${flag}`);
      }
    }
    const broken = await makeSite(BROKEN);
    const r = await runCli(['build', '--root', broken, '--quiet'], { now: NOW });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^content\/articles\/b\.md:5:10: error: section "securty"/m);
  });

  test('--verbose: each step with its time, then where the work went', async () => {
    const root = await makeSite(SITE);
    for (const flag of ['--verbose', '-v']) {
      // --clean: a second build with nothing changed would skip every step.
      const r = await runCli(['build', '--root', root, flag, '--clean'], { now: NOW });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^ {2}pages: \d+ in \d+\.\d\d s$/m);
      assert.match(r.stdout, /^midad build: /m);
      assert.match(r.stdout, /^ {2}articles: 2 published; \d+ files? parsed this run/m);
      assert.match(r.stdout, /^ {2}pages: \d+; \d+ rendered, \d+ unchanged$/m);
      assert.match(r.stdout, /^ {2}images: 0; 0 encoded, 0 from the cache$/m);
    }
    const again = await runCli(['build', '--root', root, '--verbose'], { now: NOW });
    assert.match(again.stdout, /^ {2}nothing changed since the last build/m);
    const check = await runCli(['check', '--root', root, '--verbose'], { now: NOW });
    assert.match(check.stdout, /^midad check: .*\n {2}articles: /m);
  });

  test('--help of every command lists --quiet and --verbose', async () => {
    for (const cmd of ['build', 'check', 'dev', 'new']) {
      const r = await runCli([cmd, '--help']);
      assert.match(r.stdout, /--quiet/, cmd);
      assert.match(r.stdout, /--verbose/, cmd);
    }
  });

  test('no colour when the output is not a terminal, even without NO_COLOR', async () => {
    const root = await makeSite(SITE);
    const good = await runPlain(['build', '--root', root, '--verbose']);
    assert.equal(good.code, 0, good.stderr);
    assert.doesNotMatch(good.stdout + good.stderr, /\x1b/);
    const broken = await makeSite(BROKEN);
    const bad = await runPlain(['check', '--root', broken]);
    assert.equal(bad.code, 1);
    assert.doesNotMatch(bad.stdout + bad.stderr, /\x1b/);
  });

  describe('on a terminal', { skip: existsSync(SCRIPT) ? false : `no ${SCRIPT} (util-linux) to make a terminal` }, () => {
    test('colour (bold) and a progress line', async () => {
      const root = await makeSite(SITE);
      const r = await runOnTty(['build', '--root', root]);
      assert.equal(r.code, 0, r.screen);
      assert.match(r.screen, /\x1b\[1mmidad build\x1b\[22m: 2 articles/);
      // The progress line is drawn and then cleared.
      assert.match(r.screen, /\r\x1b\[2Kpages: \d+/);
    });

    test('NO_COLOR: no colour on a terminal either', async () => {
      const root = await makeSite(SITE);
      const r = await runOnTty(['build', '--root', root], { NO_COLOR: '1' });
      assert.equal(r.code, 0, r.screen);
      assert.match(r.screen, /midad build: 2 articles/);
      assert.doesNotMatch(r.screen, SGR);
    });

    test('--quiet on a terminal: no progress line, no summary', async () => {
      const root = await makeSite(SITE);
      const r = await runOnTty(['build', '--root', root, '--quiet']);
      assert.equal(r.code, 0, r.screen);
      assert.equal(r.screen, '');
    });
  });
});
