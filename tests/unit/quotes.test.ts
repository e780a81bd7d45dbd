// One quotation style per run of text: «» around Arabic, “” around Latin, in titles and
// bodies alike, whatever marks the editor typed or pasted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMarkdown, renderMarkdown } from '../../src/markdown/index.js';
import { normalizeQuotes } from '../../src/markdown/quotes.js';

test('normalizeQuotes: the words inside a pair choose its marks', () => {
  const cases: Array<[input: string, expected: string]> = [
    ['قال "منع وصول الأكسجين".', 'قال «منع وصول الأكسجين».'],
    ['Gen. Michael "Erik" Kurilla', 'Gen. Michael “Erik” Kurilla'],
    ['Gen. Michael «Erik» Kurilla', 'Gen. Michael “Erik” Kurilla'],
    ['الجنرال مايكل "إريك" كوريلا', 'الجنرال مايكل «إريك» كوريلا'],
    ['قال “مرحبا” للصحفيين', 'قال «مرحبا» للصحفيين'],
    // Pasted from a right-to-left editor, the marks come reversed.
    ['قال ”مرحبا“ للصحفيين', 'قال «مرحبا» للصحفيين'],
    ['صحيفة "New York Times" الأمريكية', 'صحيفة “New York Times” الأمريكية'],
    ['قال: «أخبرني “بكل شيء” أمس»', 'قال: «أخبرني “بكل شيء” أمس»'],
    ['رقم "2026" في الخبر', 'رقم «2026» في الخبر'],
    ['The figure "2026" stands', 'The figure “2026” stands'],
    ['بلا علامات', 'بلا علامات'],
    ['علامة " وحيدة', 'علامة " وحيدة'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeQuotes(input, true), expected, input);
});

test('normalizeQuotes: a pair with no letters inside and none around follows the site\'s direction', () => {
  assert.equal(normalizeQuotes('"2026"', true), '«2026»');
  assert.equal(normalizeQuotes('"2026"', false), '“2026”');
});

test('Markdown bodies: the same rule, across emphasis, with the Arabic default kept', () => {
  const md = createMarkdown({ language: 'ar' });
  const html = (src: string): string => renderMarkdown(md, src).html.trim();
  assert.equal(html('قال الجنرال مايكل "Erik" كوريلا "كلمة"'), '<p>قال الجنرال مايكل “Erik” كوريلا «كلمة»</p>');
  assert.equal(html('Gen. Michael “Erik” Kurilla said "*no*".'), '<p>Gen. Michael “Erik” Kurilla said “<em>no</em>”.</p>');
  assert.equal(html('قال "*لا* شيء" أمس'), '<p>قال «<em>لا</em> شيء» أمس</p>');
  assert.equal(html("قال: \"أخبرني 'بكل شيء' أمس\""), '<p>قال: «أخبرني “بكل شيء” أمس»</p>');
  assert.equal(html('`"code"` يبقى'), '<p><code>&quot;code&quot;</code> يبقى</p>', 'code is never touched');
});

test('Markdown captions: an image\'s caption and credit follow the rule too', () => {
  const md = createMarkdown({ language: 'ar' });
  const { env } = renderMarkdown(md, '![الجنرال "Erik" في "بغداد". [القيادة المركزية الأمريكية (CENTCOM)]](a.jpg)');
  assert.equal(env.images[0]!.alt, 'الجنرال “Erik” في «بغداد».');
  assert.equal(env.images[0]!.credit, 'القيادة المركزية الأمريكية (CENTCOM)');
});
