// Fixture files in the markdown-it style, turned into node:test cases. A file holds blocks:
//
//     a description (one or more lines)
//     .
//     the input
//     .
//     the expected output
//     .
//
// separated by blank lines. With UPDATE_FIXTURES=1 the expectations are rewritten from what
// the code produces now (then read the diff before committing it).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';

export interface FixtureCase {
  title: string;
  input: string;
  expected: string;
  /** 1-based line of the description, for failure messages. */
  line: number;
}

export function parseFixtures(text: string): FixtureCase[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const cases: FixtureCase[] = [];
  let i = 0;
  const until = (): string => {
    const start = i;
    while (i < lines.length && lines[i] !== '.') i++;
    if (i >= lines.length) throw new Error(`fixture: unterminated block starting at line ${start + 1}`);
    return lines.slice(start, i++).join('\n');
  };
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const line = i + 1;
    const title = until().trim();
    const input = until();
    const expected = until();
    cases.push({ title, input, expected, line });
  }
  return cases;
}

export function formatFixtures(cases: FixtureCase[]): string {
  return cases.map((c) => `${c.title}\n.\n${c.input}\n.\n${c.expected}\n.\n`).join('\n');
}

/** One test per block of `file`; `render` turns an input into the output to compare. */
export function runFixtures(file: string, render: (input: string) => string): void {
  const cases = parseFixtures(readFileSync(file, 'utf8'));
  const name = file.split(/[\\/]/).pop()!;
  if (process.env.UPDATE_FIXTURES) {
    const updated = cases.map((c) => ({ ...c, expected: render(c.input).replace(/\n$/, '') }));
    writeFileSync(file, formatFixtures(updated));
  }
  describe(name, () => {
    for (const c of cases) {
      test(`${c.title} (${name}:${c.line})`, () => {
        if (process.env.UPDATE_FIXTURES) return;
        assert.equal(render(c.input).replace(/\n$/, ''), c.expected);
      });
    }
  });
}
