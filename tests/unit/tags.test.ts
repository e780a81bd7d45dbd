// Tag keys, rule by rule: NFC; tashkeel U+064B–U+065F and U+0670 and tatweel
// U+0640 removed; أ إ آ ٱ → ا; ى → ي; ة → ه; Latin lower-cased; runs of spaces → `-`; every
// other character that is not a letter, a digit or `-` removed; an empty key is an error.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tagKey } from '../../src/content/tags.js';

const cases: Array<[rule: string, input: string, key: string]> = [
  // Plain text is its own key.
  ['Arabic word unchanged', 'العراق', 'العراق'],
  ['ي (U+064A, just below the tashkeel range) kept', 'سوريي', 'سوريي'],

  // NFC first: a composed letter stays composed even though U+0654 is in the tashkeel range.
  ['NFC: و + hamza above (U+0654) → ؤ', 'مو\u0654تمر', 'مؤتمر'],
  ['NFC: ي + hamza above (U+0654) → ئ', 'ر\u064A\u0654يس', 'رئيس'],
  ['NFC: ا + hamza above → أ → ا', 'ا\u0654من', 'امن'],
  ['NFC: ا + madda (U+0653) → آ → ا', 'ا\u0653فاق', 'افاق'],
  ['NFC: Latin e + combining acute → é', 'cafe\u0301', 'café'],

  // Tashkeel, each end of the range and the superscript alef.
  ['fathatan U+064B', 'شكرا\u064B', 'شكرا'],
  ['fatha, sukun, damma', 'الأَمْنُ', 'الامن'],
  ['shadda U+0651', 'الشّرطة', 'الشرطه'],
  ['U+065F wavy hamza below (end of range)', 'ب\u065Fت', 'بت'],
  ['U+0670 superscript alef', 'هٰذا', 'هذا'],
  ['Arabic-Indic digits (U+0660…, right after the range) kept', '٢٠٢٦', '٢٠٢٦'],

  // Tatweel.
  ['tatweel U+0640', 'أمـــن', 'امن'],

  // Alef forms.
  ['أ → ا', 'أمن', 'امن'],
  ['إ → ا', 'إرهاب', 'ارهاب'],
  ['آ → ا', 'آمال', 'امال'],
  ['ٱ (alef wasla) → ا', 'ٱلله', 'الله'],

  // Alef maqsura and ta marbuta.
  ['ى → ي', 'مستشفى', 'مستشفي'],
  ['ة → ه', 'مدرسة', 'مدرسه'],

  // Latin letters.
  ['Latin lower-cased', 'ISIS', 'isis'],
  ['Latin with accents lower-cased', 'ÉTÉ', 'été'],
  ['only Latin is lower-cased (Greek kept as written)', 'ΑΒΓ', 'ΑΒΓ'],

  // Spaces.
  ['space → -', 'التحالف الدولي', 'التحالف-الدولي'],
  ['a run of spaces → one -', 'التحالف   الدولي', 'التحالف-الدولي'],
  ['tab and no-break space are spaces too', 'a\tb\u00a0c', 'a-b-c'],
  ['surrounding spaces ignored', '  أمن  ', 'امن'],
  ['hyphens kept as they are', 'covid-19', 'covid-19'],
  ['mixed Latin, digits and spaces', 'COVID 19', 'covid-19'],
  ['Arabic with Latin digits', 'انتخابات 2026', 'انتخابات-2026'],
  ['Arabic and Latin words', 'قوات SDF', 'قوات-sdf'],

  // Everything else removed.
  ['punctuation removed', 'أمن!', 'امن'],
  ['hash removed', '#داعش', 'داعش'],
  ['Arabic comma and question mark removed', 'ماذا؟،', 'ماذا'],
  ['guillemets removed', '«العراق»', 'العراق'],
  ['underscore removed (not a letter, digit or -)', 'a_b', 'ab'],
  ['plus signs removed', 'C++', 'c'],
  ['emoji removed', '🔥أمن', 'امن'],
  ['zero-width non-joiner removed', 'می\u200Cخواهم', 'میخواهم'],
  ['markup removed to its letters', '<script>x</script>', 'scriptxscript'],

  // Several rules at once.
  ['all together', '  الأَمْـنُ   القوميّ  ', 'الامن-القومي'],

  // Empty keys (an error in front matter).
  ['only punctuation → empty', '!!!', ''],
  ['only tatweel → empty', 'ـــ', ''],
  ['only tashkeel → empty', '\u064B\u064C\u0670', ''],
  ['only spaces → empty', '   ', ''],
  ['empty string → empty', '', ''],
];

describe('tagKey', () => {
  for (const [rule, input, key] of cases) {
    test(`${rule}: ${JSON.stringify(input)} → ${JSON.stringify(key)}`, () => {
      assert.equal(tagKey(input), key);
    });
  }

  test('spellings that differ only in the normalised characters share one key', () => {
    const spellings = ['الأمن', 'الامن', 'الأَمْن', 'الإمن'.replace('إ', 'أ'), 'الأمـــن', 'ٱلأمن'];
    const keys = new Set(spellings.map(tagKey));
    assert.deepEqual([...keys], ['الامن']);
  });

  test('the key is idempotent', () => {
    for (const [, input] of cases) assert.equal(tagKey(tagKey(input)), tagKey(input), JSON.stringify(input));
  });

  test('a key contains only letters, digits and -', () => {
    for (const [, input] of cases) assert.match(tagKey(input), /^[\p{L}\p{Nd}-]*$/u, JSON.stringify(input));
  });
});
