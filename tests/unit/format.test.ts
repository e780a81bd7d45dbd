// What a reader sees of numbers and dates: Arabic plural forms (Intl.PluralRules), the site's
// digits (latn 0-9 or arab ٠-٩, set explicitly), dates in the site's timezone.

import { listJoiners } from '../../src/render/views.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFormatter, WORDS_PER_MINUTE } from '../../src/render/format.js';
import { uiStrings } from '../../src/render/i18n.js';
import type { Site } from '../../src/model.js';

function site(over: Partial<Site> = {}): Site {
  return {
    root: '/tmp', title: 't', description: 'd', baseUrl: 'https://example.org/', language: 'ar', direction: 'rtl',
    timezone: 'Asia/Baghdad', digits: 'latn', pageSize: 20, permalink: '/articles/{yyyy}/{mm}/{dd}/{slug}/',
    sections: [{ slug: 'security', name: 'أمن' }], authors: [], imageQuality: 75, maxImagePixels: 50_000_000, ...over,
  };
}

const latn = createFormatter(site());
const arab = createFormatter(site({ digits: 'arab' }));
const words = (minutes: number): number => minutes * WORDS_PER_MINUTE;

describe('reading time: Arabic plural forms', () => {
  const cases: Array<[minutes: number, latin: string, arabic: string]> = [
    [1, 'دقيقة واحدة للقراءة', 'دقيقة واحدة للقراءة'], // one
    [2, 'دقيقتان للقراءة', 'دقيقتان للقراءة'], // two (dual)
    [3, '3 دقائق للقراءة', '٣ دقائق للقراءة'], // few: 3–10
    [10, '10 دقائق للقراءة', '١٠ دقائق للقراءة'],
    [11, '11 دقيقة للقراءة', '١١ دقيقة للقراءة'], // many: 11–99
    [99, '99 دقيقة للقراءة', '٩٩ دقيقة للقراءة'],
    [100, '100 دقيقة للقراءة', '١٠٠ دقيقة للقراءة'], // other
    [103, '103 دقائق للقراءة', '١٠٣ دقائق للقراءة'], // few again (n % 100 in 3–10)
  ];
  for (const [minutes, latin, arabic] of cases) {
    test(`${minutes} minutes: latn "${latin}", arab "${arabic}"`, () => {
      assert.equal(latn.readingTime(words(minutes)), latin);
      assert.equal(arab.readingTime(words(minutes)), arabic);
    });
  }

  test('about 180 words a minute, never less than one minute', () => {
    assert.equal(WORDS_PER_MINUTE, 180);
    assert.equal(latn.readingTime(0), 'دقيقة واحدة للقراءة');
    assert.equal(latn.readingTime(10), 'دقيقة واحدة للقراءة');
    assert.equal(latn.readingTime(180 * 3 + 10), '3 دقائق للقراءة');
  });
});

describe('counts', () => {
  const forms = uiStrings('ar').articles;
  test('article counts in every plural form', () => {
    assert.equal(latn.plural(forms, 1), 'مقال واحد');
    assert.equal(latn.plural(forms, 2), 'مقالان');
    assert.equal(latn.plural(forms, 5), '5 مقالات');
    assert.equal(latn.plural(forms, 25), '25 مقالاً');
    assert.equal(latn.plural(forms, 100), '100 مقال');
    assert.equal(arab.plural(forms, 5), '٥ مقالات');
  });
});

describe('digits', () => {
  test('latn: ASCII digits', () => {
    assert.match(latn.number(2026), /^2\D?026$/);
    assert.equal(latn.number(42), '42');
    assert.doesNotMatch(latn.number(1234567890), /[٠-٩]/);
  });
  test('arab: Arabic-Indic digits ٠-٩ only', () => {
    assert.equal(arab.number(0), '٠');
    assert.equal(arab.number(1234567890).replace(/[^٠-٩]/g, ''), '١٢٣٤٥٦٧٨٩٠');
    assert.doesNotMatch(arab.number(1234567890), /[0-9]/);
  });
  test('fill puts numbers in the site digits, without grouping (page numbers)', () => {
    assert.equal(arab.fill('الصفحة {n} من {total}', { n: 2, total: 12 }), 'الصفحة ٢ من ١٢');
    assert.equal(latn.fill('الصفحة {n} من {total}', { n: 2, total: 12 }), 'الصفحة 2 من 12');
    assert.equal(arab.fill('{n}', { n: 2026 }), '٢٠٢٦');
  });
});

describe('dates in the site timezone', () => {
  // 22:30 UTC on the 23rd is 01:30 on the 24th in Baghdad.
  const late = new Date('2026-01-23T22:30:00Z');
  test('the day is the day in the site timezone', () => {
    assert.equal(latn.date(late), '24 يناير 2026');
    assert.equal(createFormatter(site({ timezone: 'UTC' })).date(late), '23 يناير 2026');
  });
  test('arab digits in dates', () => {
    assert.equal(arab.date(late), '٢٤ يناير ٢٠٢٦');
    assert.doesNotMatch(arab.dateTime(late), /[0-9]/);
  });
  test('date and time of day, 24-hour clock, in the site timezone', () => {
    assert.equal(latn.dateTime(late), '24 يناير 2026، 01:30');
    assert.equal(arab.dateTime(late), '٢٤ يناير ٢٠٢٦، ٠١:٣٠');
  });
  test('midnight is 00:00, not 24:00', () => {
    assert.equal(latn.dateTime(new Date('2026-01-23T21:00:00Z')), '24 يناير 2026، 00:00');
  });
  test('an English site gets English words', () => {
    const en = createFormatter(site({ language: 'en', direction: 'ltr', timezone: 'UTC' }));
    assert.equal(en.readingTime(words(1)), '1 minute read');
    assert.match(en.date(late), /January/);
  });
});

describe('a language tag with extensions (BCP 47)', () => {
  test('keeps the site\'s digits and the Gregorian calendar, and never throws', () => {
    for (const language of ['ar-u-nu-latn', 'ar-x-iq', 'ar-IQ-u-ca-islamic']) {
      const f = createFormatter(site({ language, digits: 'arab' }));
      assert.equal(f.number(1234), '١٬٢٣٤', language);
      assert.match(f.plural(uiStrings('ar').articles, 3), /٣/, language);
    }
    assert.equal(createFormatter(site({ language: 'ar-u-nu-arab', digits: 'latn' })).number(12), '12');
  });
});

describe('listJoiners (an article\'s authors)', () => {
  test('the language\'s own list rules; a language without them gets the fallback, never the machine\'s locale', () => {
    assert.deepEqual(listJoiners('ar', 3), [' و', ' و', '']);
    assert.deepEqual(listJoiners('en', 3, 'en'), [', ', ', and ', '']);
    assert.deepEqual(listJoiners('en', 2, 'en'), [' and ', '']);
    assert.deepEqual(listJoiners('en', 1, 'en'), ['']);
    // Sorani Kurdish has date rules here but no list rules: Arabic's, whatever LANG says.
    assert.deepEqual(listJoiners('ckb', 2), listJoiners('ar', 2));
    assert.deepEqual(listJoiners('zxx', 2, 'en'), [' and ', '']);
  });
});
