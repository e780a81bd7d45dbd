// The editor's guide (docs/guide.ar.md) and the README keep their examples true. In the guide,
// a ```yaml site``` block is the site, each ```markdown example=NAME``` block an article
// (content/articles/NAME.md; marked `ok` when it must pass), and each ```text output=NAME```
// block what `midad check --lang ar` prints for it: every line of it is printed, and an example
// with an output has exactly that one error. The README's site.yml example is a valid site.yml.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { makeSite, NOW, ROOT, runCli, type SiteFiles } from '../helpers/site.js';

interface Block { info: string; text: string }

function codeBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push({ info: m[1]!.trim(), text: m[2]! });
  return out;
}

const attr = (info: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(info)?.[1];

/** The images an article names (hero src and body images), to be made beside it. */
function imagesOf(article: string): string[] {
  const srcs = [...article.matchAll(/^\s*src:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
  const body = [...article.matchAll(/!\[(?:[^\]]|\[[^\]]*\])*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return [...srcs, ...body].filter((s) => !/^[a-z]+:|^\/|\\/i.test(s));
}

describe('docs/guide.ar.md: every example does what the guide says', () => {
  let blocks: Block[] = [];
  let printed = '';
  const diagnostics = new Map<string, string[]>();

  before(async () => {
    blocks = codeBlocks(await readFile(path.join(ROOT, 'docs', 'guide.ar.md'), 'utf8'));
    const site = blocks.find((b) => /^yaml\s+site\b/.test(b.info));
    assert.ok(site, 'the guide shows a site.yml');
    const files: SiteFiles = { 'content/site.yml': site.text };
    for (const b of blocks.filter((x) => attr(x.info, 'example'))) {
      const name = attr(b.info, 'example')!;
      files[`content/articles/${name}.md`] = b.text;
      for (const img of imagesOf(b.text)) files[`content/articles/${img}`] = { image: { width: 1200, height: 800 } };
    }
    const root = await makeSite(files);
    const r = await runCli(['check', '--root', root, '--lang', 'ar'], { now: NOW });
    // The summary (and what was held back) is printed when there is no error: a second run
    // with the examples that pass.
    const sound: SiteFiles = Object.fromEntries(Object.entries(files).filter(([f]) => {
      const name = /^content\/articles\/(.+)\.md$/.exec(f)?.[1];
      return name === undefined || blocks.some((b) => attr(b.info, 'example') === name && /\bok\b/.test(b.info));
    }));
    const ok = await runCli(['check', '--root', await makeSite(sound), '--lang', 'ar'], { now: NOW });
    assert.equal(ok.code, 0, ok.stderr);
    printed = `${r.stdout}\n${r.stderr}\n${ok.stdout}`;
    for (const line of r.stderr.split('\n')) {
      const m = /^content\/articles\/([^:]+)\.md:\d+:\d+: (?:error|warning): /.exec(line);
      if (m) diagnostics.set(m[1]!, [...(diagnostics.get(m[1]!) ?? []), line]);
    }
  });

  test('the guide has examples of articles that pass and of mistakes with their output', () => {
    assert.ok(blocks.filter((b) => attr(b.info, 'example') && /\bok\b/.test(b.info)).length >= 3);
    assert.ok(blocks.filter((b) => attr(b.info, 'output')).length >= 10);
  });

  test('the examples marked ok have no error and no warning', () => {
    for (const b of blocks.filter((x) => attr(x.info, 'example') && /\bok\b/.test(x.info))) {
      const name = attr(b.info, 'example')!;
      assert.deepEqual(diagnostics.get(name) ?? [], [], `${name} passes`);
    }
  });

  test('each output block is what midad prints, and a mistake is one error', () => {
    for (const b of blocks.filter((x) => attr(x.info, 'output'))) {
      const name = attr(b.info, 'output')!;
      const lines = b.text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      for (const l of lines) assert.ok(printed.split('\n').some((p) => p.trim() === l), `${name}: midad prints ${JSON.stringify(l)}\n${printed}`);
      if (blocks.some((x) => attr(x.info, 'example') === name)) {
        assert.equal((diagnostics.get(name) ?? []).length, 1, `${name}: exactly one error, got ${JSON.stringify(diagnostics.get(name))}`);
      }
    }
  });
});

describe('README: its site.yml example is a site.yml midad accepts', () => {
  test('check passes with it', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const at = readme.indexOf('### content/site.yml');
    const yml = codeBlocks(readme.slice(at)).find((b) => b.info === 'yaml');
    assert.ok(yml, 'the README shows a site.yml');
    const root = await makeSite({
      'content/site.yml': yml.text,
      'content/articles/a.md': '---\ntitle: خبر\nsummary: ملخص\ndate: 2026-01-24\nsection: security\n---\n\nنص.\n',
    });
    const r = await runCli(['check', '--root', root], { now: NOW });
    assert.equal(r.code, 0, r.stderr);
  });
});
