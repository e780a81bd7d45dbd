// content/site.yml read with positions: where a value stands, from the YAML's own node ranges.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { siteValuePosition } from '../../src/config/site.js';

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
