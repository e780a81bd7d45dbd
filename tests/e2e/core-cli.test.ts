// The command line: help and version exit 0; unknown commands and flags and a
// missing root are usage errors (exit 2) with a hint; no stack trace for any of them.

import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makeSite, ROOT, runCli, tempDir } from '../helpers/site.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const noStack = (s: string): void => assert.doesNotMatch(s, /^\s+at .+:\d+:\d+\)?$/m, s);

describe('midad CLI', { concurrency: 8 }, () => {
  test('--help: usage on stdout, exit 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage/i);
    for (const c of ['build', 'check', 'dev', 'new']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  test('-h is --help', async () => {
    const r = await runCli(['-h']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage/i);
  });

  test('--version prints the package version, exit 0', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(version.replace(/\./g, '\\.')));
  });

  for (const cmd of ['build', 'check', 'dev', 'new']) {
    test(`${cmd} --help: its own usage, exit 0`, async () => {
      const r = await runCli([cmd, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`midad ${cmd}`));
    });
  }

  test('build --help lists every flag', async () => {
    const r = await runCli(['build', '--help']);
    for (const f of ['--root', '--out', '--base-url', '--drafts', '--future', '--clean']) assert.match(r.stdout, new RegExp(f));
  });

  test('an unknown command: exit 2, did-you-mean and a pointer to --help', async () => {
    const r = await runCli(['biuld']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /biuld/);
    assert.match(r.stderr, /did you mean "build"/);
    assert.match(r.stderr, /--help/);
    noStack(r.stderr);
  });

  test('a bad --base-url: wrong usage, exit 2, nothing written', async () => {
    const root = await makeSite({});
    const r = await runCli(['build', '--root', root, '--base-url', 'news.example.org']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--base-url/);
    assert.doesNotMatch(r.stderr, /site\.yml/);
    noStack(r.stderr);
    assert.equal(existsSync(path.join(root, 'public')), false);
  });

  test('--out naming a file, an empty --out and an empty --port: wrong usage, exit 2, the file untouched', async () => {
    const root = await makeSite({});
    const file = path.join(root, 'afile');
    writeFileSync(file, 'not a folder\n');
    for (const args of [['build', '--root', root, '--out', file], ['build', '--root', root, '--out', ''], ['dev', '--root', root, '--port', '']]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^midad: --(?:out|port)/m);
      noStack(r.stderr);
    }
    assert.equal(readFileSync(file, 'utf8'), 'not a folder\n');
    assert.equal(existsSync(path.join(root, 'public')), false);
  });

  test('a file in the way of the output: a plain message, exit 1, no stack trace', async () => {
    // A copy of the project's sample site.
    const root = await tempDir('midad-blocked-');
    cpSync(path.join(ROOT, 'content'), path.join(root, 'content'), { recursive: true });
    const out = path.join(root, 'out');
    const first = await runCli(['build', '--root', root, '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    const blocked = readdirSync(out, { withFileTypes: true }).find((e) => e.isDirectory() && e.name !== 'images')!.name;
    rmSync(path.join(out, blocked), { recursive: true });
    writeFileSync(path.join(out, blocked), 'not midad\'s');
    const r = await runCli(['build', '--root', root, '--out', out, '--clean']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^midad: cannot \w+ "[^"]+": a file is in the way where a folder must be; nothing was published$/m, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|^\s+at /m);
    assert.equal(readFileSync(path.join(out, blocked), 'utf8'), 'not midad\'s');
  });

  test('an unknown flag: exit 2, did-you-mean', async () => {
    const root = await makeSite({});
    const r = await runCli(['build', '--root', root, '--draft']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--draft/);
    assert.match(r.stderr, /did you mean "--drafts"/);
    noStack(r.stderr);
  });

  test('a flag of another command is unknown: check --out', async () => {
    const root = await makeSite({});
    const r = await runCli(['check', '--root', root, '--out', path.join(root, 'x')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--out/);
  });

  test('an unknown global flag: exit 2', async () => {
    const r = await runCli(['--frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--frobnicate/);
    noStack(r.stderr);
  });

  test('a stray argument: exit 2', async () => {
    const root = await makeSite({});
    const r = await runCli(['build', '--root', root, 'extra']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /extra/);
  });

  test('--root that does not exist: exit 2, for build and check', async () => {
    const missing = path.join(await tempDir(), 'no-such-site');
    for (const cmd of ['build', 'check']) {
      const r = await runCli([cmd, '--root', missing]);
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /no-such-site/);
      noStack(r.stderr);
    }
  });

  test('--root that is a file: exit 2', async () => {
    const root = await makeSite({ 'file.txt': 'x' });
    const r = await runCli(['build', '--root', path.join(root, 'file.txt')]);
    assert.equal(r.code, 2);
  });

  test('--root defaults to the working folder', async () => {
    const root = await makeSite({});
    const r = await runCli(['check'], { cwd: root });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^content\/site\.yml:1:1: error: /m);
  });

  test('a root without content/site.yml: error at content/site.yml:1:1, exit 1, nothing written', async () => {
    const root = await makeSite({ 'content/articles/.keep': '' });
    const r = await runCli(['build', '--root', root]);
    assert.equal(r.code, 1);
    assert.match(r.stderr.split('\n')[0]!, /^content\/site\.yml:1:1: error: /);
    noStack(r.stderr);
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync(path.join(root, 'public')), false);
  });
});

test('relative --root and --out are resolved against the working folder', async () => {
  const { writeFiles, exists, NOW } = await import('../helpers/site.js');
  const cwd = await tempDir();
  await writeFiles(cwd, {
    'site/content/site.yml': 'title: موقع\ndescription: وصف\nbaseUrl: https://example.org/\nsections:\n  - slug: news\n    name: أخبار\n',
    'site/content/articles/a.md': '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-01-10\nsection: news\n---\n\nنص.\n',
  });
  const r = await runCli(['build', '--root', 'site', '--out', 'built'], { cwd, now: NOW });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(await exists(path.join(cwd, 'built', 'articles/2026/01/10/a/index.html')));
  assert.equal(await exists(path.join(cwd, 'site', 'public')), false);
});
