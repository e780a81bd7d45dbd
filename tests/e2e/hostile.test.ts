// Hostile sizes and shapes: each article below ends in a positioned error or a good build, in
// bounded time and memory (the CLI runs with a capped heap and a timeout), never a hang, a
// crash or a stack trace. Each case is a fresh two-article site in a temp folder, removed after.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { CLI, hashTree, listFiles, makeSite, NOW, readOut } from '../helpers/site.js';

const SITE_YML = `title: الفاصل
description: موقع لاختبار المدخلات العدائية
baseUrl: https://example.org/
sections:
  - slug: news
    name: أخبار
authors:
  - slug: team
    name: الفريق
defaultAuthor: team
`;
const X = 'content/articles/x.md';
const front = (extra = '', title = 'خبر'): string => `---\ntitle: ${title}\nsummary: ملخص\ndate: 2026-01-24\nsection: news\n${extra}---\n\n`;

/** Each build must end within this (the machine may be shared: it is generous, a hang is not). */
const TIME_LIMIT_MS = 90_000;
/** The heap the CLI may use: a build that needs more dies with "heap out of memory" and fails. */
const HEAP_MB = 768;

interface Run {
  code: number | null;
  signal: string | null;
  stderr: string;
  ms: number;
}

/** `midad build` (or another command) on `root`, with a heap cap and a timeout. */
function run(root: string, command = 'build', opts: { uid?: number; gid?: number } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIDAD_LANG: 'en', MIDAD_NOW: NOW, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` };
  delete env.NODE_TEST_CONTEXT;
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, command, '--root', root], { env, cwd: os.tmpdir(), timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 64 << 20, ...opts }, (err, _stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stderr, ms: Date.now() - start });
    });
  });
}

/** A site with one sound article and `x` (text, or a function that makes something at its path). */
async function site(t: TestContext, x: string | ((file: string) => Promise<void> | void)): Promise<string> {
  const root = await makeSite({ 'content/site.yml': SITE_YML, 'content/articles/ok.md': `${front()}نص.\n` });
  t.after(() => rm(root, { recursive: true, force: true }));
  const file = path.join(root, ...X.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  if (typeof x === 'string') await writeFile(file, x);
  else await x(file);
  return root;
}

/** No hang, no crash, no stack trace, whatever the outcome. */
function assertCalm(r: Run): void {
  assert.equal(r.signal, null, `killed by ${r.signal} after ${r.ms} ms (a hang?)\n${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace:\n${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /internal error|FATAL ERROR|heap out of memory|Maximum call stack/i, r.stderr.slice(0, 2000));
}

/** Fails with exactly the errors matched, each `path:line:col: error: …` at its position. */
function assertErrors(r: Run, expected: Array<[string, RegExp]>): void {
  assertCalm(r);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
  const errors = r.stderr.split('\n').filter((l) => /^\S+:\d+:\d+: error: /.test(l));
  for (const [where, what] of expected) {
    assert.ok(errors.some((l) => l.startsWith(`${where}: error: `) && what.test(l)), `no error ${where}: ${what}\nerrors:\n${errors.slice(0, 10).join('\n')}`);
  }
  assert.equal(errors.length, expected.length, `errors:\n${errors.slice(0, 10).join('\n')}`);
}

/** Builds, and the article x (slug `x`) has its page. */
async function assertBuilt(r: Run, root: string, slug = 'x'): Promise<string> {
  assertCalm(r);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
  return readOut(path.join(root, 'public'), `articles/2026/01/24/${slug}/index.html`);
}

describe('hostile sizes: a positioned error or a build, in bounded time and memory', { concurrency: false, timeout: 900_000 }, () => {
  test('a 20 MB article is refused before it is read', async (t) => {
    const root = await site(t, front() + `${'كلمة عربية وword '.repeat(12)}\n\n`.repeat(64_000));
    assertErrors(await run(root), [[`${X}:1:1`, /this article file is 20 MB; an article may be at most 4 MB: split it/]]);
  });

  // markdown-it stops at 100 levels and would drop the text inside without a word.
  test('10,000 nested blockquotes are one error where they start', async (t) => {
    const root = await site(t, front() + '> '.repeat(10_000) + 'نص في العمق\n');
    assertErrors(await run(root), [[`${X}:8:1`, /quotes or lists are nested inside each other more than 100 levels deep here/]]);
  });

  test('a list nested 5,000 levels deep is one error where it starts', async (t) => {
    const root = await site(t, front() + 'تمهيد.\n\n' + '- '.repeat(5000) + 'بند عميق\n');
    assertErrors(await run(root), [[`${X}:10:1`, /nested inside each other more than 100 levels deep/]]);
  });

  test('quotes and lists nested 30 levels deep build, every word kept', async (t) => {
    const root = await site(t, front() + '> '.repeat(30) + 'نص في العمق\n\n' + '- '.repeat(30) + 'بند عميق\n');
    const html = await assertBuilt(await run(root), root);
    assert.match(html, /نص في العمق/);
    assert.match(html, /بند عميق/);
  });

  test('100,000 list items build', async (t) => {
    const root = await site(t, front() + Array.from({ length: 100_000 }, (_, i) => `- بند ${i}`).join('\n') + '\n');
    const html = await assertBuilt(await run(root), root);
    assert.equal(html.split('<li>بند ').length - 1, 100_000);
  });

  test('a 1 MB line of links, emphasis and code builds', async (t) => {
    const line = 'كلمة *مائلة* و[رابط](https://example.org/) `code` '.repeat(25_000).slice(0, 1_000_000);
    const root = await site(t, front() + line + '\n');
    const html = await assertBuilt(await run(root), root);
    assert.match(html, /<em>مائلة<\/em>/);
  });

  test('a line of 300,000 open brackets, asterisks and backticks builds', async (t) => {
    const root = await site(t, front() + '['.repeat(100_000) + '*'.repeat(100_000) + '`'.repeat(100_000) + ' آخر السطر\n');
    const html = await assertBuilt(await run(root), root);
    assert.match(html, /آخر السطر/);
  });

  test('80,000 refused links on one line: a build, with the warnings summed up', async (t) => {
    const root = await site(t, front() + '[a](ftp://x) '.repeat(80_000) + '\n');
    const r = await run(root);
    await assertBuilt(r, root);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith(`${X}:8:`));
    assert.equal(warnings.length, 21, warnings.slice(0, 3).join('\n'));
    assert.match(warnings[20]!, /: warning: 79980 more like this \(unsafe-link\) in this file, not shown$/);
  });

  test('50,000 headings of the same words build, each with its own id', async (t) => {
    const root = await site(t, front() + '## عنوان فرعي\n\nنص.\n\n'.repeat(50_000));
    const html = await assertBuilt(await run(root), root);
    assert.match(html, /id="عنوان-فرعي-49999"/);
  });

  test('a billion laughs in front matter is not expanded', async (t) => {
    const levels = ['&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [i, name] of [...'bcdefghi'].entries()) levels.push(`&${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`);
    const root = await site(t, `---\ntitle: خبر\nsummary: ملخص\ndate: 2026-01-24\nsection: news\ntags: [${levels.join(', ')}]\n---\n\nنص.\n`);
    const r = await run(root);
    assertCalm(r);
    assert.equal(r.code, 1);
    // Each nested list where a tag should be is one error at its place; nothing is expanded.
    assert.match(r.stderr, new RegExp(`^${X}:6:11: error: tag must be a string`, 'm'));
    assert.ok(r.ms < TIME_LIMIT_MS);
  });

  test('50,000 aliases are refused at the first one past the limit', async (t) => {
    const root = await site(t, `---\ntitle: &t خبر\nsummary: ملخص\ndate: 2026-01-24\nsection: news\ntags: [${Array(50_000).fill('*t').join(', ')}]\n---\n\nنص.\n`);
    assertErrors(await run(root), [[`${X}:6:${8 + 4 * 100}`, /more than 100 aliases \(\*name\) in this YAML/]]);
  });

  test('front matter nested 10,000 levels deep', async (t) => {
    const root = await site(t, front(`tags: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`) + 'نص.\n');
    const r = await run(root);
    assertCalm(r);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${X}:6:\\d+: error: (lists or maps are nested too deeply here|tag must be a string)`, 'm'));
  });

  test('50,000 tags are one error at the list', async (t) => {
    const root = await site(t, front(`tags: [${Array.from({ length: 50_000 }, (_, i) => `وسم${i}`).join(', ')}]\n`) + 'نص.\n');
    assertErrors(await run(root), [[`${X}:6:7`, /50000 tags; an article may have at most 100/]]);
  });

  test('a 10,000-character title, a 600-character tag and a 190-character slug', async (t) => {
    const root = await site(t, front(`tags: [${'وسم'.repeat(200)}]\nslug: ${'ع'.repeat(190)}\n`, 'ع'.repeat(10_000)) + 'نص.\n');
    assertErrors(await run(root), [
      [`${X}:2:8`, /title is 10000 characters long; at most 200 are allowed/],
      [`${X}:6:8`, /this tag is 600 characters long; a tag may have at most 120/],
      [`${X}:7:7`, /slug is 190 characters long; at most 100 are allowed/],
    ]);
  });

  test('a named pipe called x.md is an error, never opened', async (t) => {
    const root = await site(t, (file) => {
      execFileSync('mkfifo', [file]);
    });
    assertErrors(await run(root), [[`${X}:1:1`, /this is not an ordinary file \(a named pipe/]]);
  });

  test('a folder called x.md is a folder: its articles build', async (t) => {
    const root = await site(t, async (file) => {
      await mkdir(file);
      await writeFile(path.join(file, 'inner.md'), `${front()}نص.\n`);
    });
    const html = await assertBuilt(await run(root), root, 'inner');
    assert.match(html, /<h1[^>]*>خبر<\/h1>/);
  });

  test('symbolic-link loops: a folder that contains itself, two links to each other', async (t) => {
    const root = await site(t, async (file) => {
      const dir = path.dirname(file);
      await symlink('.', path.join(dir, 'again'));
      await symlink('b.md', path.join(dir, 'a.md'));
      await symlink('a.md', path.join(dir, 'b.md'));
    });
    assertErrors(await run(root), [
      ['content/articles/a.md:1:1', /this symbolic link leads back to itself/],
      ['content/articles/b.md:1:1', /this symbolic link leads back to itself/],
    ]);
  });

  test('an unreadable article and an unreadable folder', async (t) => {
    const root = await site(t, `${front()}نص.\n`);
    await mkdir(path.join(root, 'content', 'articles', 'locked'));
    await writeFile(path.join(root, 'content', 'articles', 'locked', 'y.md'), `${front()}نص.\n`);
    await chmod(path.join(root, X), 0o000);
    await chmod(path.join(root, 'content', 'articles', 'locked'), 0o000);
    // Permissions do not stop root: run midad as nobody then, on a site that nobody may read
    // except for the two entries locked above.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      execFileSync('chmod', ['-R', 'a+rX', path.join(root, 'content', 'site.yml'), path.join(root, 'content', 'articles', 'ok.md')]);
      for (const d of [root, path.join(root, 'content'), path.join(root, 'content', 'articles')]) await chmod(d, 0o777);
    }
    let r: Run;
    try {
      r = await run(root, 'check', asRoot ? { uid: 65534, gid: 65534 } : {});
    } finally {
      // Unlocked again, so the folder can be removed by any user.
      await chmod(path.join(root, X), 0o644);
      await chmod(path.join(root, 'content', 'articles', 'locked'), 0o755);
    }
    if (asRoot && /EACCES.*cli\.js|Cannot find module/.test(r.stderr)) {
      t.skip('running as root, and user nobody cannot reach midad itself to run it');
      return;
    }
    assertErrors(r, [
      [`${X}:1:1`, /cannot read this file \(EACCES\)/],
      ['content/articles/locked:1:1', /cannot read this folder \(EACCES\)/],
    ]);
  });
});

describe('hostile sizes leave nothing behind', () => {
  test('a refused build writes no output', async (t) => {
    const root = await site(t, front(`tags: [${Array.from({ length: 500 }, (_, i) => `t${i}`).join(', ')}]\n`) + 'نص.\n');
    const r = await run(root);
    assert.equal(r.code, 1);
    assert.deepEqual(await listFiles(path.join(root, 'public')), []);
  });

  test('an article that grows past the limit after a good build: refused, the output as it was', async (t) => {
    const root = await site(t, `${front()}نص.\n`);
    assert.equal((await run(root)).code, 0);
    const before = await hashTree(path.join(root, 'public'));
    await writeFile(path.join(root, X), front() + 'كلمة '.repeat(500_000));
    assertErrors(await run(root), [[`${X}:1:1`, /this article file is 4\.\d MB; an article may be at most 4 MB/]]);
    assert.deepEqual(await hashTree(path.join(root, 'public')), before);
  });
});
