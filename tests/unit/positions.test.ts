// Line and column as on disk: 1-based, CRLF/CR/LF all end a line, columns count
// Unicode code points, and a BOM does not shift line 1.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex, stripBom } from '../../src/content/positions.js';

describe('LineIndex', () => {
  const cases: Array<[name: string, text: string, offset: number, line: number, column: number]> = [
    ['start of text', 'abc', 0, 1, 1],
    ['inside line 1', 'abc', 2, 1, 3],
    ['end of text', 'abc', 3, 1, 4],
    ['LF: start of line 2', 'ab\ncd', 3, 2, 1],
    ['LF: the newline itself is on line 1', 'ab\ncd', 2, 1, 3],
    ['CRLF: start of line 2', 'ab\r\ncd', 4, 2, 1],
    ['CRLF: inside line 2', 'ab\r\ncd', 5, 2, 2],
    ['CRLF: the CR is on line 1', 'ab\r\ncd', 2, 1, 3],
    ['CRLF: line 3', 'a\r\nb\r\nc', 6, 3, 1],
    ['CR alone ends a line', 'ab\rcd', 3, 2, 1],
    ['empty lines', 'a\n\n\nb', 4, 4, 1],
    ['Arabic letters are one column each', 'section: أمن x', 13, 1, 14],
    ['astral characters count as one column', '😀😀x', 4, 1, 3],
    ['astral characters on a later line', 'a\r\n𝐀𝐁: v', 9, 2, 5],
    ['combining marks are code points of their own', 'أَمْن x', 5, 1, 6],
  ];
  for (const [name, text, offset, line, column] of cases) {
    test(`${name}: offset ${offset} → ${line}:${column}`, () => {
      assert.deepEqual(new LineIndex(text).at(offset), { line, column });
    });
  }

  test('offsets past either end are clamped', () => {
    const idx = new LineIndex('ab\ncd');
    assert.deepEqual(idx.at(-5), { line: 1, column: 1 });
    assert.deepEqual(idx.at(99), { line: 2, column: 3 });
  });

  test('lineText drops the line break of every kind', () => {
    const idx = new LineIndex('one\r\ntwo\nthree\rfour');
    assert.equal(idx.lineCount, 4);
    assert.deepEqual([1, 2, 3, 4].map((n) => idx.lineText(n)), ['one', 'two', 'three', 'four']);
  });

  test('lineStart points at the first character of a line', () => {
    const text = '---\r\ntitle: x\r\n---\r\n';
    const idx = new LineIndex(text);
    assert.equal(text.slice(idx.lineStart(2), idx.lineStart(2) + 6), 'title:');
    assert.equal(idx.lineCount, 4);
    assert.equal(idx.lineText(4), '');
  });

  test('a trailing newline starts one more (empty) line', () => {
    assert.equal(new LineIndex('a\n').lineCount, 2);
    assert.equal(new LineIndex('a').lineCount, 1);
  });
});

describe('stripBom', () => {
  test('removes one leading BOM', () => {
    assert.equal(stripBom('\uFEFF---\n'), '---\n');
  });
  test('leaves text without a BOM alone', () => {
    assert.equal(stripBom('---\n'), '---\n');
  });
  test('keeps a U+FEFF that is not at the start', () => {
    assert.equal(stripBom('a\uFEFF'), 'a\uFEFF');
  });
  test('after stripping, line 1 columns count from the first visible character', () => {
    const text = stripBom('\uFEFFsection: securty\r\n');
    assert.deepEqual(new LineIndex(text).at(text.indexOf('securty')), { line: 1, column: 10 });
  });
});
