// content/site.yml read with positions: where a value stands, from the YAML's own node ranges,
// and its values read by the same reader as front matter (the same mistake in the same words).

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSite, siteValuePosition } from '../../src/config/site.js';
import { FieldReader } from '../../src/content/yaml-fields.js';
import { LineIndex } from '../../src/content/positions.js';
import { parseYamlSegment } from '../../src/content/yaml-source.js';
import { DiagnosticBag, formatDiagnosticIn } from '../../src/diagnostics.js';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function siteWith(text: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'midad-site-'));
  roots.push(root);
  await mkdir(path.join(root, 'content'));
  await writeFile(path.join(root, 'content', 'site.yml'), text);
  return root;
}

describe('siteValuePosition', () => {
  const cases: Array<[name: string, text: string, line: number, column: number]> = [
    ['a plain value', 'title: x\nlogo: content/logo.png\n', 2, 7],
    ['spaces and quotes before the value', 'title: x\nlogo:    "content/logo.png"  # the masthead\n', 2, 10],
    ['after a byte-order mark and CRLF lines', '\uFEFFtitle: x\r\nlogo: a.png\r\n', 2, 7],
    ['a key that only looks like it in a block text', 'description: |\n  logo: not this\nlogo: a.png\n', 3, 7],
    ['a quoted key', 'title: x\n"logo": a.png\n', 2, 9],
    ['no such key', 'title: x\n', 1, 1],
  ];
  for (const [name, text, line, column] of cases) {
    test(name, async () => {
      assert.deepEqual(await siteValuePosition(await siteWith(text), 'logo'), { line, column });
    });
  }
  test('no site.yml at all', async () => {
    assert.deepEqual(await siteValuePosition(path.join(os.tmpdir(), 'midad-no-such-root'), 'logo'), { line: 1, column: 1 });
  });
});

describe('one reader for site.yml and front matter', () => {
  /** The messages for `title` and `description` read out of `yaml` as front matter. */
  function frontMatterWords(yaml: string): string[] {
    const bag = new DiagnosticBag();
    const y = parseYamlSegment('a.md', new LineIndex(yaml), 0, yaml.length, bag);
    const r = new FieldReader('a.md', y, bag);
    const fields = r.knownKeys(y.doc.contents as never, ['title', 'description'], (key) => ({ id: 'unknown-key', params: { key } }));
    r.text(fields.get('title'), 'title');
    r.text(fields.get('description'), 'description');
    return bag.sorted().map((d) => `${d.severity}: ${d.message}`);
  }

  for (const [mistake, yaml] of [
    ['no value', 'title:\ndescription: [a, b]\n'],
    ['a control character', 'title: "a\\u0007b"\ndescription: ""\n'],
  ] as const) {
    test(`${mistake}: the same words in both`, async () => {
      const bag = new DiagnosticBag();
      const root = await siteWith(`${yaml}baseUrl: https://example.org/\nsections: [{ slug: news, name: أخبار }]\n`);
      await loadSite(root, bag, new Map());
      const site = bag.sorted().map((d) => `${d.severity}: ${d.message}`);
      assert.deepEqual(site, frontMatterWords(yaml));
      assert.equal(site.length, 2);
    });
  }

  test('a key with nothing after it: at the value, in the article\'s words', async () => {
    const bag = new DiagnosticBag();
    await loadSite(await siteWith('title:\ndescription: d\nbaseUrl: https://example.org/\nsections: [{ slug: news, name: أخبار }]\n'), bag, new Map());
    assert.deepEqual(bag.sorted().map((d) => formatDiagnosticIn(d, 'en')), ['content/site.yml:1:7: error: title must be a string, not empty']);
  });
});
