// Diagnostics: the compiler-style line, did-you-mean, sorting, code frames.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeFrame, DiagnosticBag, didYouMean, formatDiagnostic, formatDiagnosticIn, formatReport, suggestion } from '../../src/diagnostics.js';
import { ARTICLE_KEYS } from '../../src/content/article.js';
import { msg } from '../../src/messages/index.js';

describe('didYouMean', () => {
  const sections = ['security', 'politics', 'society', 'economy'];
  const cases: Array<[value: string, candidates: readonly string[], expected: string | undefined]> = [
    ['securty', sections, 'security'], // one letter dropped
    ['secuirty', sections, 'security'], // two letters swapped
    ['politcs', sections, 'politics'],
    ['Security', sections, 'security'], // case only
    ['economics', sections, 'economy'],
    ['sports', sections, undefined], // nothing close
    ['x', sections, undefined],
    ['titel', ARTICLE_KEYS, 'title'],
    ['summery', ARTICLE_KEYS, 'summary'],
    ['tag', ARTICLE_KEYS, 'tags'],
    ['authors', ARTICLE_KEYS, 'author'],
    ['drafts', ARTICLE_KEYS, 'draft'],
    ['updatd', ARTICLE_KEYS, 'updated'],
    ['imgae', ARTICLE_KEYS, 'image'],
    ['category', ARTICLE_KEYS, undefined],
    ['anything', [], undefined],
  ];
  for (const [value, candidates, expected] of cases) {
    test(`${value} → ${expected ?? '(none)'}`, () => {
      assert.equal(didYouMean(value, candidates), expected);
    });
  }

  test('picks the closest of several near candidates', () => {
    assert.equal(didYouMean('layla', ['laila', 'layla-hassan', 'layla']), 'layla');
    assert.equal(didYouMean('laylaa', ['laila', 'layla']), 'layla');
  });

  test('suggestion text', () => {
    assert.equal(suggestion('securty', ['security']), ' (did you mean "security"?)');
    assert.equal(suggestion('zzz', ['security']), '');
  });
});

describe('formatDiagnostic', () => {
  test('path:line:col: error: message, as compilers print it', () => {
    assert.equal(
      formatDiagnostic({ file: 'content/articles/2026/01/24/partners.md', line: 3, column: 10, code: 'unknown-section', severity: 'error', message: 'section "securty" is not defined in content/site.yml (did you mean "security"?)' }),
      'content/articles/2026/01/24/partners.md:3:10: error: section "securty" is not defined in content/site.yml (did you mean "security"?)',
    );
  });
  test('warnings say warning', () => {
    assert.equal(formatDiagnostic({ file: 'a.md', line: 1, column: 1, code: 'yaml-syntax', severity: 'warning', message: 'm' }), 'a.md:1:1: warning: m');
  });
});

describe('expected values', () => {
  test('a did-you-mean is kept as the expected value, and worded from it in each language', () => {
    const bag = new DiagnosticBag();
    bag.error('a.md', 3, 10, 'unknown-section', msg('unknown-section', { section: 'securty', suggestion: 'security' }));
    bag.error('a.md', 4, 9, 'unknown-author', msg('author-by-name', { name: 'ليلى', suggestion: 'layla' }));
    bag.error('a.md', 5, 1, 'unknown-key', msg('unknown-key', { key: 'zzz' }));
    const [section, author, key] = bag.items;
    assert.deepEqual(section!.expected, ['security']);
    assert.deepEqual(author!.expected, ['layla']);
    assert.equal(key!.expected, undefined);
    assert.equal(formatDiagnosticIn(section!, 'en'), 'a.md:3:10: error: section "securty" is not defined in content/site.yml (did you mean "security"?)');
    assert.match(formatDiagnosticIn(section!, 'ar'), /\(هل تقصد "security"؟\)$/);
    assert.match(formatDiagnosticIn(author!, 'en'), /write the slug: layla \(did you mean "layla"\?\)$/);
  });
});

describe('DiagnosticBag', () => {
  test('sorted by file, then line, then column; exact repeats dropped', () => {
    const bag = new DiagnosticBag();
    bag.error('content/b.md', 2, 1, 'yaml-syntax', 'b2');
    bag.error('content/a.md', 10, 1, 'yaml-syntax', 'a10');
    bag.error('content/a.md', 2, 5, 'yaml-syntax', 'a2:5');
    bag.error('content/a.md', 2, 3, 'yaml-syntax', 'a2:3');
    bag.error('content/a.md', 2, 3, 'yaml-syntax', 'a2:3');
    assert.deepEqual(bag.sorted().map((d) => d.message), ['a2:3', 'a2:5', 'a10', 'b2']);
    assert.equal(bag.errorCount, 5);
    assert.equal(bag.hasErrors, true);
  });
  test('warnings alone are not errors', () => {
    const bag = new DiagnosticBag();
    bag.warn('a.md', 1, 1, 'yaml-syntax', 'w');
    assert.equal(bag.hasErrors, false);
  });
});

describe('codeFrame', () => {
  const src = '---\ntitle: x\nsection: securty\ndate: 2026-01-24\n---\n';
  test('the line, its neighbours, and a caret under the column', () => {
    assert.equal(codeFrame(src, 3, 10), [
      '  2 | title: x',
      '> 3 | section: securty',
      '    |          ^',
      '  4 | date: 2026-01-24',
    ].join('\n'));
  });
  test('BOM and CRLF do not move the caret', () => {
    assert.equal(codeFrame('\uFEFF' + src.replace(/\n/g, '\r\n'), 3, 10), codeFrame(src, 3, 10));
  });
  test('a caret under Arabic text counts code points', () => {
    const frame = codeFrame('tags: [أمن, "!!!"]\n', 1, 13);
    assert.equal(frame.split('\n')[1], '    |             ^');
  });
  test('a line out of range gives no frame', () => {
    assert.equal(codeFrame(src, 99, 1), '');
  });
  test('formatReport: the line, then the frame', () => {
    const out = formatReport([{ file: 'a.md', line: 3, column: 10, code: 'yaml-syntax', severity: 'error', message: 'm' }], () => src);
    assert.equal(out.split('\n')[0], 'a.md:3:10: error: m');
    assert.match(out, /> 3 \| section: securty/);
  });
});

describe('formatDiagnostic on hostile names', () => {
  test('a line break or control character in a file name or message is escaped: one diagnostic, one line', () => {
    const line = formatDiagnostic({ file: 'content/articles/evil\nfake.md:1:1: error: injected.md', line: 1, column: 1, code: 'yaml-syntax', severity: 'error', message: 'the file name "evil\nfake\u0007\u2028" is not allowed\t(here)' });
    assert.equal(line.split('\n').length, 1);
    assert.equal(line, 'content/articles/evil\\nfake.md:1:1: error: injected.md:1:1: error: the file name "evil\\nfake\\u0007\\u2028" is not allowed\\t(here)');
  });
});
