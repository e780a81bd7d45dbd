// Front matter split by gray-matter where it agrees with midad's fences, by hand where it
// cannot: the same offsets and body line for every line ending, blank-trailed or `...` fence.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFrontMatter } from '../../src/content/front-matter.js';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { LineIndex } from '../../src/content/positions.js';

describe('readFrontMatter', () => {
  const cases: Array<[name: string, text: string, yaml: string, body: string, bodyLine: number]> = [
    ['LF', '---\na: 1\n---\nbody', 'a: 1\n', 'body', 4],
    ['CRLF', '---\r\na: 1\r\n---\r\nbody', 'a: 1\r\n', 'body', 4],
    ['CR only', '---\ra: 1\r---\rbody', 'a: 1\r', 'body', 4],
    ['a closing fence with blanks after it', '---\na: 1\n---  \nbody', 'a: 1\n', 'body', 4],
    ['a "..." closing fence', '---\na: 1\n...\nbody', 'a: 1\n', 'body', 4],
    ['a "----" line is not a fence', '---\na: |\n  ----\n---\nbody', 'a: |\n  ----\n', 'body', 5],
    ['a line "---x" is not a fence (YAML then finds it wrong)', '---\na: 1\n---x\n---\nbody', 'a: 1\n---x\n', 'body', 5],
    ['an empty front matter', '---\n---\nbody', '', 'body', 3],
    ['comments only', '---\n# note\n---\nbody', '# note\n', 'body', 4],
    ['no body', '---\na: 1\n---', 'a: 1\n', '', 4],
    ['a lone CR inside LF lines', '---\na: 1\r---\nb: 2\n---\nbody', 'a: 1\r', 'b: 2\n---\nbody', 4],
  ];
  for (const [name, text, yaml, body, bodyLine] of cases) {
    test(name, () => {
      const bag = new DiagnosticBag();
      const fm = readFrontMatter('a.md', new LineIndex(text), bag);
      assert.ok(fm, 'split');
      assert.equal(text.slice(fm.yamlStart, fm.yamlEnd), yaml);
      assert.equal(text.slice(fm.bodyStart), body);
      assert.equal(fm.bodyLine, bodyLine);
      assert.deepEqual(bag.items.filter((d) => d.code.endsWith('front-matter')), []);
    });
  }

  test('the keys are read with positions on the file\'s lines', () => {
    const fm = readFrontMatter('a.md', new LineIndex('---\r\ntitle: x\r\nsummary: y\r\n---\r\n'), new DiagnosticBag());
    const pair = fm!.yaml.doc.contents as { items: Array<{ key: unknown }> };
    assert.deepEqual(fm!.yaml.pos(pair.items[1] as never), { line: 3, column: 1 });
    assert.deepEqual(fm!.yaml.doc.toJS(), { title: 'x', summary: 'y' });
  });

  test('an unclosed front matter of a megabyte of blank lines is one error, found at once', { timeout: 20_000 }, () => {
    const bag = new DiagnosticBag();
    assert.equal(readFrontMatter('a.md', new LineIndex(`---\n${' \n'.repeat(500_000)}`), bag), undefined);
    assert.deepEqual(bag.items.map((d) => d.code), ['unclosed-front-matter']);
  });

  test('blank lines before the keys are kept as lines, whoever splits', () => {
    for (const n of [10, 5_000]) {
      const fm = readFrontMatter('a.md', new LineIndex(`---\n${' \n'.repeat(n)}title: x\n---\nbody`), new DiagnosticBag());
      assert.deepEqual(fm?.yaml.doc.toJS(), { title: 'x' });
      assert.equal(fm?.bodyLine, n + 4);
    }
  });

  test('an unclosed front matter is reported at its long-dash line, and nothing is split', () => {
    const bag = new DiagnosticBag();
    assert.equal(readFrontMatter('a.md', new LineIndex('---\na: 1\n—-\nbody'), bag), undefined);
    assert.deepEqual(bag.items.map((d) => [d.line, d.column, d.code]), [[3, 1, 'unclosed-front-matter']]);
  });
});
