// Validation, one broken site per rule (contract §1, §2): tests/fixtures/errors/<case>/ holds
// the files of a site (written over tests/fixtures/errors/_base/, a valid site), and
// expected.txt, the exact `path:line:col: severity: message` lines stderr must show, in order,
// and no others. An optional case.json sets:
//   base: false        do not start from _base
//   command: "check"   run `midad check` instead of `midad build`
//   args: [...]        extra arguments
//   exit: 1            the expected exit status (default 1)
//   bom: [...], crlf: [...]   files to save with a byte-order mark / CRLF line ends
//                             (done here, so no tool on the way can normalise them)
// Every case also checks: no stack trace, the output folder not created.

import assert from 'node:assert/strict';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { exists, FIXTURES, runCli, tempDir, NOW, type CliResult } from '../helpers/site.js';

interface CaseOptions {
  base?: boolean;
  command?: 'build' | 'check';
  args?: string[];
  exit?: number;
  bom?: string[];
  crlf?: string[];
}

const ERRORS = path.join(FIXTURES, 'errors');
const DIAGNOSTIC = /^[^\s>|].*?:\d+:\d+: (?:error|warning): /;

/** The diagnostic lines of stderr (code frames and the summary line left out). */
function diagnosticLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => DIAGNOSTIC.test(l));
}

async function prepare(name: string, opts: CaseOptions): Promise<string> {
  const root = await tempDir(`midad-err-${name}-`);
  if (opts.base !== false) await cp(path.join(ERRORS, '_base'), root, { recursive: true });
  const dir = path.join(ERRORS, name);
  for (const entry of await readdir(dir)) {
    if (entry === 'expected.txt' || entry === 'case.json') continue;
    await cp(path.join(dir, entry), path.join(root, entry), { recursive: true });
  }
  for (const rel of new Set([...(opts.crlf ?? []), ...(opts.bom ?? [])])) {
    const file = path.join(root, ...rel.split('/'));
    let text = await readFile(file, 'utf8');
    if (opts.crlf?.includes(rel)) text = text.replace(/\r?\n/g, '\r\n');
    if (opts.bom?.includes(rel)) text = '\uFEFF' + text;
    await writeFile(file, text);
  }
  return root;
}

const cases = readdirSync(ERRORS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
  .map((e) => e.name)
  .sort();

describe('error fixtures', { concurrency: 6 }, () => {
  test('the base site itself builds without errors', async () => {
    const root = await tempDir('midad-err-base-');
    await cp(path.join(ERRORS, '_base'), root, { recursive: true });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  for (const name of cases) {
    test(name, async () => {
      const dir = path.join(ERRORS, name);
      const opts: CaseOptions = existsSync(path.join(dir, 'case.json')) ? JSON.parse(await readFile(path.join(dir, 'case.json'), 'utf8')) : {};
      const expected = (await readFile(path.join(dir, 'expected.txt'), 'utf8')).split('\n').filter((l) => l.trim() !== '');
      const root = await prepare(name, opts);
      const out = path.join(root, 'out');
      const r: CliResult = await runCli([opts.command ?? 'build', '--root', root, ...(opts.command === 'check' ? [] : ['--out', out]), ...(opts.args ?? [])], { now: NOW });
      const context = `\n--- stderr ---\n${r.stderr}--- stdout ---\n${r.stdout}`;
      assert.deepEqual(diagnosticLines(r.stderr), expected, `diagnostics differ${context}`);
      assert.equal(r.code, opts.exit ?? 1, `exit status${context}`);
      assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace for a content error${context}`);
      assert.doesNotMatch(r.stderr, /internal error/i, context);
      assert.equal(await exists(out), false, 'a failed build creates no output folder');
      assert.equal(await exists(path.join(root, 'public')), false, 'nor the default one');
    });
  }
});
