// Validation, one broken site per rule: tests/fixtures/errors/<case>/ holds
// the files of a site (written over tests/fixtures/errors/_base/, a valid site), and
// expected.txt, the exact `path:line:col: severity: message` lines stderr must show, in order,
// and no others. An optional case.json sets:
//   base: false        do not start from _base
//   command: "check"   run `midad check` instead of `midad build`
//   cli: true          also run the real CLI (exit status 1, stderr, no stack trace); the other
//                      cases call build() in-process with the CLI's formatting, to stay fast
//   bom: [...], crlf: [...]   files to save with a byte-order mark / CRLF line ends
//                             (done here, so no tool on the way can normalise them)
// Every case also checks that the output folder was not created.

import assert from 'node:assert/strict';
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { build } from '../../src/build.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { exists, FIXTURES, hashTree, makeImage, ROOT, runCli, tempDir, NOW, type CliResult } from '../helpers/site.js';

interface CaseOptions {
  base?: boolean;
  command?: 'build' | 'check';
  cli?: boolean;
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

describe('error fixtures', () => {
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
      const command = opts.command ?? 'build';

      // In-process: the diagnostics, formatted as the CLI prints them.
      const root = await prepare(name, opts);
      const out = path.join(root, 'out');
      const result = await build({ root, out, drafts: false, future: false, clean: false, write: command === 'build', now: new Date(NOW) });
      assert.deepEqual(result.diagnostics.map(formatDiagnostic), expected);
      assert.equal(result.ok, false);
      assert.equal(await exists(out), false, 'a failed build creates no output folder');

      if (!opts.cli) return;
      // The real CLI, on a fresh copy.
      const cliRoot = await prepare(name, opts);
      const cliOut = path.join(cliRoot, 'out');
      const r: CliResult = await runCli([command, '--root', cliRoot, ...(command === 'check' ? [] : ['--out', cliOut])], { now: NOW });
      const context = `\n--- stderr ---\n${r.stderr}--- stdout ---\n${r.stdout}`;
      assert.deepEqual(diagnosticLines(r.stderr), expected, `CLI diagnostics differ${context}`);
      assert.equal(r.code, 1, `exit status${context}`);
      assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace for a content error${context}`);
      assert.doesNotMatch(r.stderr, /internal error/i, context);
      assert.equal(await exists(cliOut), false, 'a failed build creates no output folder');
      assert.equal(await exists(path.join(cliRoot, 'public')), false, 'nor the default one');
    });
  }
});

// Errors that a fixture folder cannot hold (links, bytes that are not UTF-8) or that concern
// the site's own templates. Each runs the real CLI.
describe('more broken input', { concurrency: 4 }, () => {
  const ARTICLE = '---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-01-24\nsection: security\n---\n\nنص.\n';

  async function site(extra: Record<string, string | Buffer> = {}): Promise<string> {
    const root = await tempDir('midad-err-more-');
    await cp(path.join(ERRORS, '_base'), root, { recursive: true });
    for (const [rel, content] of Object.entries(extra)) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), content);
    }
    return root;
  }

  /** `midad check` of a site with these files: it must fail; its diagnostic lines. */
  async function failedCheck(files: Record<string, string | Buffer>): Promise<string[]> {
    const r = await runCli(['check', '--root', await site(files)], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    return diagnosticLines(r.stderr);
  }

  test('an article file that links outside the site root is an error at that file', async () => {
    const outside = await tempDir('midad-outside-');
    await writeFile(path.join(outside, 'secret.md'), ARTICLE);
    const root = await site();
    await symlink(path.join(outside, 'secret.md'), path.join(root, 'content/articles/linked.md'));
    const r = await runCli(['build', '--root', root, '--out', path.join(root, 'out')], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^content\/articles\/linked\.md:1:1: error: /m);
    assert.equal(await exists(path.join(root, 'out')), false);
  });

  test('a link to a file inside the root is fine', async () => {
    const root = await site({ 'drafts/inside.md': ARTICLE });
    await symlink(path.join(root, 'drafts/inside.md'), path.join(root, 'content/articles/inside.md'));
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
  });

  test('an article that is not UTF-8 (Windows-1256 Arabic) is an error, not silent mojibake', async () => {
    // "title: أمن" in Windows-1256: أ = C3, م = E3, ن = E4.
    const bytes = Buffer.concat([Buffer.from('---\ntitle: '), Buffer.from([0xc3, 0xe3, 0xe4]), Buffer.from('\nsummary: ملخص\ndate: 2026-01-24\nsection: security\n---\n\nنص.\n')]);
    const root = await site({ 'content/articles/cp1256.md': bytes });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1, `exit status; stderr:\n${r.stderr}`);
    assert.match(r.stderr, /^content\/articles\/cp1256\.md:\d+:\d+: error: .*(UTF-8|encoding)/im);
  });

  test('a site template with a syntax error: positioned error, exit 1, output untouched', async () => {
    const root = await site();
    const out = path.join(root, 'out');
    const ok = await runCli(['build', '--root', root, '--out', out], { now: NOW });
    assert.equal(ok.code, 0, ok.stderr);
    const before = await hashTree(out);
    await mkdir(path.join(root, 'templates'));
    await writeFile(path.join(root, 'templates/article.njk'), '{% extends "base.njk" %}\n{% block main %}\n<h1>{{ article.title }</h1>\n{% endblock %}\n');
    const r = await runCli(['build', '--root', root, '--out', out], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^templates\/article\.njk:3:\d+: error: /m);
    assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m);
    assert.deepEqual(await hashTree(out), before);
  });

  test('a syntax error in an included partial: a positioned error per broken file, no stack trace, in the same run as a content error', async () => {
    const root = await site({
      'templates/partials/card.njk': '<article>\n{% if a.title %}\n<h2>{{ a.title }}</h2>\n',
      'templates/partials/pagination.njk': '<nav>\n{% for %}\n</nav>\n',
      'content/articles/2026/01/11/bad.md': ARTICLE.replace('section: security', 'section: securty'),
    });
    for (const command of ['build', 'check']) {
      const r = await runCli([command, '--root', root], { now: NOW });
      assert.equal(r.code, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /^\s+at |Template render error|node_modules/m, r.stderr);
      const lines = diagnosticLines(r.stderr);
      assert.ok(lines.some((l) => /^templates\/partials\/card\.njk:\d+:\d+: error: template: .*endif/.test(l)), r.stderr);
      assert.ok(lines.some((l) => /^templates\/partials\/pagination\.njk:2:\d+: error: template: /.test(l)), r.stderr);
      assert.ok(lines.some((l) => l.startsWith('content/articles/2026/01/11/bad.md:5:10: error: section "securty"')), r.stderr);
    }
    assert.equal(existsSync(path.join(root, 'public')), false);
  });

  test('a broken template nobody uses does not hide another template\'s error; a partial named .html is checked too', async () => {
    const card = (await readFile(path.join(ROOT, 'templates/partials/card.njk'), 'utf8')) + '{{ nope() }}\n';
    const root = await site({
      'templates/partials/card.njk': card,
      'templates/unused.njk': '{% if x %}\n',
      'templates/partials/extra.html': '<p>\n{% for %}\n',
      'templates/search.njk': (await readFile(path.join(ROOT, 'templates/search.njk'), 'utf8')).replace('{% block main %}', '{% block main %}{% include "partials/extra.html" %}'),
    });
    const r = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at |node_modules/m, r.stderr);
    const lines = diagnosticLines(r.stderr);
    assert.ok(lines.some((l) => /^templates\/partials\/card\.njk:\d+:\d+: error: template: .*nope/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^templates\/unused\.njk:\d+:\d+: error: template: /.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^templates\/partials\/extra\.html:2:\d+: error: template: /.test(l)), r.stderr);
  });

  test('a permalink pattern with a folder named like one of the site\'s files is an error at the pattern, in check as in build', async () => {
    for (const [pattern, folder] of [['/{section}/feed.xml/{slug}/', 'feed.xml'], ['/robots.txt/{slug}/', 'robots.txt'], ['/a/index.html/{slug}/', 'index.html']]) {
      const root = await site();
      const yml = path.join(root, 'content/site.yml');
      await writeFile(yml, `${await readFile(yml, 'utf8')}permalink: "${pattern}"\n`);
      const lines = (await readFile(yml, 'utf8')).split('\n').length - 1;
      for (const command of ['check', 'build']) {
        const r = await runCli([command, '--root', root], { now: NOW });
        assert.equal(r.code, 1, r.stderr);
        assert.deepEqual(diagnosticLines(r.stderr), [`content/site.yml:${lines}:12: error: permalink "${pattern}" has a folder named ${folder}, a file the site writes itself`]);
      }
      assert.equal(existsSync(path.join(root, 'public')), false);
    }
  });

  test('an article whose permalink is a section\'s page is an error in the same run as the others, and nothing is written', async () => {
    const root = await site({
      'content/articles/2026/01/11/clash.md': ARTICLE.replace('title:', 'slug: security\ntitle:'),
      'content/articles/2026/01/11/bad.md': ARTICLE.replace('section: security', 'section: securty'),
    });
    const yml = path.join(root, 'content/site.yml');
    await writeFile(yml, `${await readFile(yml, 'utf8')}permalink: "/{slug}/"\n`);
    for (const command of ['check', 'build']) {
      const r = await runCli([command, '--root', root], { now: NOW });
      assert.equal(r.code, 1, r.stderr);
      const lines = diagnosticLines(r.stderr);
      assert.ok(lines.includes('content/articles/2026/01/11/clash.md:1:1: error: this article\'s permalink /security/ is the section page of "security": change the slug or the permalink pattern'), r.stderr);
      assert.ok(lines.some((l) => l.startsWith('content/articles/2026/01/11/bad.md:5:10: error: section "securty"')), r.stderr);
    }
    assert.equal(existsSync(path.join(root, 'public')), false);
  });

  test('front matter with old Mac line endings (CR alone) reads as lines; an alias of a text is that text', async () => {
    const root = await site({
      'content/articles/2026/01/11/cr.md': ARTICLE.replace(/\n/g, '\r'),
      'content/articles/2026/01/11/alias.md': ARTICLE.replace('summary: ملخص', 'summary: *t').replace('title: عنوان', 'title: &t عنوان'),
    });
    const ok = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(ok.code, 0, ok.stderr);
    await writeFile(path.join(root, 'content/articles/2026/01/11/cr.md'), ARTICLE.replace('section: security', 'section: securty').replace(/\n/g, '\r'));
    // An error about an aliased value points at the alias; an alias as a key is no second title.
    await writeFile(path.join(root, 'content/articles/2026/01/11/alias.md'), ARTICLE.replace('title: عنوان', 'title: &t عنوان').replace('section: security', 'section: *t'));
    await writeFile(path.join(root, 'content/articles/2026/01/11/key.md'), ARTICLE.replace('title: عنوان', '&k title: عنوان').replace('summary: ملخص', 'summary: ملخص\n*k : ثان'));
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(diagnosticLines(r.stderr).map((l) => l.replace(/ \(did you mean.*$/, '')), [
      'content/articles/2026/01/11/alias.md:5:10: error: section "عنوان" is not defined in content/site.yml',
      'content/articles/2026/01/11/cr.md:5:10: error: section "securty" is not defined in content/site.yml',
      'content/articles/2026/01/11/key.md:4:1: error: unknown key "*k"',
    ]);
  });

  test('an image whose file name is in another Unicode form (decomposed, from a Mac or a zip) is found', async () => {
    const root = await site({
      [`content/articles/${'صورة-أمس.jpg'.normalize('NFD')}`]: await makeImage(300, 200),
      'content/articles/nfd.md': `${ARTICLE}\n![صورة](صورة-أمس.jpg)\n`,
    });
    assert.notEqual('صورة-أمس.jpg'.normalize('NFD'), 'صورة-أمس.jpg', 'the test needs a name that decomposes');
    const r = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(await readFile(path.join(root, 'public/articles/2026/01/24/nfd/index.html'), 'utf8'), /<img [^>]*srcset="[^"]*\.webp/);
  });

  test('an animated GIF is published as its first frame, with a warning at the reference (also when its renditions are cached)', async () => {
    const { default: sharp } = await import('sharp');
    const frame = 60;
    const pixels = Buffer.alloc(frame * frame * 3 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 255;
    const gif = await sharp(pixels, { raw: { width: frame, height: frame * 3, channels: 3, pageHeight: frame } }).gif().toBuffer();
    const root = await site({ 'content/articles/anim.gif': gif, 'content/articles/anim.md': `${ARTICLE}\n![متحركة](anim.gif)\n` });
    const warning = 'content/articles/anim.md:10:11: warning: image "anim.gif" is animated: only its first frame is published';
    for (const args of [['build', '--root', root], ['build', '--root', root, '--out', path.join(root, 'again')], ['check', '--root', root]]) {
      const r = await runCli(args, { now: NOW });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(diagnosticLines(r.stderr), [warning], args.join(' '));
    }
  });

  test('a hero whose alt is empty or misspelled still has its file checked, in the same run', async () => {
    assert.deepEqual(await failedCheck({
      'content/articles/noalt.md': ARTICLE.replace('section: security', 'section: security\nimage: {src: missing-hero.jpg, alt: ""}'),
      'content/articles/typo.md': ARTICLE.replace('section: security', 'section: security\nimage: {src: missing2.jpg, altt: "x"}'),
    }), [
      'content/articles/noalt.md:6:14: error: image "missing-hero.jpg" not found',
      'content/articles/noalt.md:6:37: error: image.alt must not be empty',
      'content/articles/typo.md:6:1: error: image is missing required key "alt"',
      'content/articles/typo.md:6:14: error: image "missing2.jpg" not found',
      'content/articles/typo.md:6:28: error: unknown key "altt" in image (did you mean "alt"?)',
    ]);
  });

  test('a link or image error points at its target, not at the same words in the prose, and each reference at its own', async () => {
    assert.deepEqual(await failedCheck({
      'content/articles/p.md': `${ARTICLE}\nSee a.jpg here ![x](a.jpg)\n\n![x](m.jpg) and again ![y](m.jpg)\n\n[a.md](a.md)\n`,
      // A reference-style image points at its definition, the inline one at its own target.
      'content/articles/q.md': `${ARTICLE}\n![a][r]\n\n![b](m.jpg)\n\n[r]: m.jpg\n\n[two](gone.md) and [x][g]\n\n[g]: gone2.md\n`,
    }), [
      'content/articles/p.md:10:21: error: image "a.jpg" not found',
      'content/articles/p.md:12:6: error: image "m.jpg" not found',
      'content/articles/p.md:12:28: error: image "m.jpg" not found',
      'content/articles/p.md:14:8: error: link to "a.md": that article does not exist',
      'content/articles/q.md:12:6: error: image "m.jpg" not found',
      'content/articles/q.md:14:6: error: image "m.jpg" not found',
      'content/articles/q.md:16:7: error: link to "gone.md": that article does not exist',
      'content/articles/q.md:18:6: error: link to "gone2.md": that article does not exist',
    ]);
  });

  test('with a broken site.yml, the articles\' image and broken-link errors still come in the same run', async () => {
    const root = await site({ 'content/articles/2026/01/11/pic.md': `${ARTICLE}\n![صورة](مفقودة.jpg)\n\n[ر](nope.md)\n` });
    const yml = path.join(root, 'content/site.yml');
    await writeFile(yml, (await readFile(yml, 'utf8')).replace(/^timezone: .*$/m, 'timezone: Mars/Olympus'));
    const r = await runCli(['build', '--root', root], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    const lines = diagnosticLines(r.stderr);
    assert.ok(lines.some((l) => /^content\/site\.yml:\d+:\d+: error: .*Mars\/Olympus/.test(l)), r.stderr);
    assert.ok(lines.includes('content/articles/2026/01/11/pic.md:10:9: error: image "مفقودة.jpg" not found'), r.stderr);
    assert.ok(lines.includes('content/articles/2026/01/11/pic.md:12:5: error: link to "nope.md": that article does not exist'), r.stderr);
    assert.equal(existsSync(path.join(root, 'public')), false);
  });

  test('a broken template is reported in the same run as a content error, and nothing is written', async () => {
    const root = await site({
      'templates/article.njk': '{% extends "base.njk" %}\n{% block main %}\n<h1>{{ article.title | nosuchfilter }}</h1>\n{% endblock %}\n',
      'content/articles/2026/01/11/bad.md': ARTICLE.replace('section: security', 'section: securty'),
    });
    const out = path.join(root, 'out');
    const r = await runCli(['build', '--root', root, '--out', out], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    const lines = diagnosticLines(r.stderr);
    assert.ok(lines.some((l) => l.startsWith('content/articles/2026/01/11/bad.md:5:10: error: section "securty"')), r.stderr);
    assert.ok(lines.some((l) => /^templates\/article\.njk:3:\d+: error: .*nosuchfilter/.test(l)), r.stderr);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(path.join(root, '.midad-cache', 'related.bin')), false, 'no cache written');
  });

  test('a site template with an unknown filter: the error names the file, the line and the filter, without absolute paths', async () => {
    const root = await site({ 'templates/article.njk': '{% extends "base.njk" %}\n{% block main %}\n<h1>{{ article.title | nosuchfilter }}</h1>\n{% endblock %}\n' });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 1, r.stderr);
    const line = diagnosticLines(r.stderr)[0] ?? '';
    assert.match(line, /nosuchfilter/);
    assert.ok(!line.includes(root), `absolute path in: ${line}`);
    assert.ok((line.match(/Template render error/g) ?? []).length <= 1, `nested wrappers in: ${line}`);
    assert.match(line, /^templates\/article\.njk:3:\d+: error: /, line);
  });
});
