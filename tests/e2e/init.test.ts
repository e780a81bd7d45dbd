// `midad init [DIR]`: a new site that builds at once. From an empty folder, init → new →
// check → build works; init never overwrites a file and names each one it left; its words
// are in Arabic or English.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { exists, NOW, readOut, runCli, tempDir } from '../helpers/site.js';

const WRITTEN = [
  'content/site.yml', 'content/articles/2026/03/01/welcome.md', 'package.json', '.gitignore',
  '.github/workflows/publish.yml', '.github/workflows/check.yml',
];

describe('midad init', () => {
  test('init → new → check → build, from an empty folder', async () => {
    const parent = await tempDir();
    const dir = path.join(parent, 'alfassel');
    const init = await runCli(['init', dir, '--lang', 'en'], { now: NOW });
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(init.stdout.split('\n').filter((l) => l.startsWith('wrote ')), WRITTEN.map((f) => `wrote ${f}`));
    assert.match(init.stdout, /the site is ready\. Next:\n {2}cd .*alfassel\n {2}npm install\n/);

    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    assert.equal(pkg.name, 'alfassel');
    assert.match(pkg.dependencies.midad ?? '', /^\^\d+\.\d+\.\d+/);
    // Every key of site.yml is explained, in Arabic and in English, on the lines above it.
    const yml = await readFile(path.join(dir, 'content/site.yml'), 'utf8');
    const lines = yml.split('\n');
    for (const key of Object.keys(parse(yml) as object)) {
      const at = lines.findIndex((l) => l.startsWith(`${key}:`));
      const above = lines.slice(Math.max(0, at - 4), at).filter((l) => l.startsWith('#')).join('\n');
      assert.match(above, /\p{Script=Arabic}/u, `${key}: an Arabic comment`);
      assert.match(above, /[A-Za-z]{4,}/, `${key}: an English comment`);
    }
    assert.match(await readFile(path.join(dir, '.gitignore'), 'utf8'), /^public\/$/m);

    const made = await runCli(['new', 'first-story', '--root', dir, '--title', 'خبر أول'], { now: NOW });
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.stdout, 'content/articles/2026/03/01/first-story.md\n');

    const check = await runCli(['check', '--root', dir], { now: NOW });
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /^midad check: 1 article, .*no errors/);
    assert.match(check.stdout, /held back: 1 draft \(draft: true\)/);

    // The editor publishes the new article by removing its draft line.
    const file = path.join(dir, 'content/articles/2026/03/01/first-story.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('draft: true\n', '').replace(/^اكتب هنا الفقرة الأولى.*$/m, 'الفقرة الأولى.'));
    const publish = await runCli(['check', '--root', dir], { now: NOW });
    // The placeholder summary is still there: one error, the fix in it.
    assert.equal(publish.code, 1);
    assert.match(publish.stderr, /first-story\.md:3:10: error: summary still holds the placeholder text/);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^summary: .*$/m, 'summary: موجز الخبر الأول'));

    const build = await runCli(['build', '--root', dir], { now: NOW });
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /^midad build: 2 articles, /);
    const home = await readOut(path.join(dir, 'public'), 'index.html');
    assert.match(home, /<html lang="ar" dir="rtl"/);
    assert.match(home, /خبر أول/);
    assert.match(home, /أهلًا بكم في موقعنا/);
    assert.ok(await exists(path.join(dir, 'public/articles/2026/03/01/welcome/index.html')));
  });

  test('never overwrites: each file already there is named and left byte for byte', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'package.json'), '{"name":"ours"}\n');
    const r = await runCli(['init', dir, '--lang', 'ar'], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^تُرك package\.json: موجود من قبل ولم يُغيَّر$/m);
    assert.match(r.stdout, /^كُتب content\/site\.yml$/m);
    assert.equal(await readFile(path.join(dir, 'package.json'), 'utf8'), '{"name":"ours"}\n');
    const again = await runCli(['init', dir, '--lang', 'en'], { now: NOW });
    assert.equal(again.code, 0);
    assert.equal(again.stdout.split('\n').filter((l) => l.startsWith('skipped ')).length, WRITTEN.length);
    assert.doesNotMatch(again.stdout, /^wrote /m);
  });

  test('a DIR that is a file is wrong usage', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    const r = await runCli(['init', path.join(dir, 'notes.txt'), '--lang', 'en'], { now: NOW });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a file, not a folder/);
  });
});
