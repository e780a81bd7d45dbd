// textDirection runs over every title, summary and article body, so it is written as one pass
// over the characters. This checks it against the plain definition it replaced (markup and
// character references removed, split on whitespace, a word is RTL or LTR by most letters)
// on many random texts mixing Arabic, Latin, digits, tags, entities, spaces and surrogates.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { textDirection } from '../../src/render/bidi.js';

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const LETTER = /\p{L}/u;

function reference(text: string, fallback: string): string {
  let rtl = 0;
  let ltr = 0;
  for (const word of text.replace(/<[^>]*>|&#?\w+;/g, ' ').split(/\s+/)) {
    let r = 0;
    let l = 0;
    for (const ch of word) {
      if (RTL_LETTER.test(ch)) r++;
      else if (LETTER.test(ch)) l++;
    }
    if (r > l) rtl++;
    else if (l > r) ltr++;
  }
  if (rtl === ltr) return fallback === 'ltr' ? 'ltr' : 'rtl';
  return rtl > ltr ? 'rtl' : 'ltr';
}

const PIECES = [
  'أمن', 'القاعدة', 'ـ', 'ً', 'Microsoft', 'GPS', 'é', 'Ωmega', '١٢', '42', '%', '،', '؟', '«', '»',
  ' ', '  ', '\n', '\t', '\u00a0', '\u2003', '\u202f', '\ufeff', '\u200f', '<p>', '</p>', '<a href="x y">', '<', '>',
  '&amp;', '&#1575;', '&nbsp;', '&', ';', 'ﻻ', 'עברית', '\u{10900}', '\u{1e900}', '\u{1d400}', '😀', '\ud800', '\udc00', 'x',
];

function randomText(seed: number): string {
  let s = seed;
  const next = (): number => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let out = '';
  const n = Math.floor(next() * 30);
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

describe('textDirection', () => {
  test('agrees with the plain definition on 20,000 random texts', () => {
    for (let seed = 1; seed <= 20_000; seed++) {
      const text = randomText(seed);
      for (const fallback of ['rtl', 'ltr']) {
        assert.equal(textDirection(text, fallback), reference(text, fallback), `text ${JSON.stringify(text)}, fallback ${fallback}`);
      }
    }
  });

  test('an Arabic headline that opens with a brand name is right to left', () => {
    assert.equal(textDirection('Microsoft تحذّر من ثغرة خطيرة في ويندوز', 'ltr'), 'rtl');
    assert.equal(textDirection('<p>Breaking news from <a href="https://example.org/أمن">Baghdad</a></p>', 'rtl'), 'ltr');
  });
});
