// The message catalogue: every id in both languages, Arabic plurals, the language chosen per run.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ar } from '../../src/messages/ar.js';
import { en } from '../../src/messages/en.js';
import { chooseLang, t } from '../../src/messages/index.js';
import { parseDate } from '../../src/content/dates.js';

describe('messages', () => {
  it('every message id exists in Arabic and in English', () => {
    assert.deepEqual(Object.keys(ar).sort(), Object.keys(en).sort());
  });

  it('counts follow the Arabic plural rules', () => {
    assert.equal(t('ar', 'count-articles', { n: 0 }), 'لا مقالات');
    assert.equal(t('ar', 'count-articles', { n: 1 }), 'مقالة واحدة');
    assert.equal(t('ar', 'count-articles', { n: 2 }), 'مقالتان');
    assert.equal(t('ar', 'count-articles', { n: 5 }), '5 مقالات');
    assert.equal(t('ar', 'count-articles', { n: 11 }), '11 مقالة');
    assert.equal(t('ar', 'count-articles', { n: 100 }), '100 مقالة');
    assert.equal(t('en', 'count-articles', { n: 1 }), '1 article');
  });

  it('did-you-mean quotes the slug the same way in both languages', () => {
    for (const lang of ['ar', 'en'] as const) assert.match(t(lang, 'unknown-section', { section: 'securty', suggestion: 'security' }), /"security"/);
  });

  it('--lang, then MIDAD_LANG, then the site language, else English', () => {
    assert.equal(chooseLang('en', 'ar', 'ar'), 'en');
    assert.equal(chooseLang(undefined, 'ar', 'en'), 'ar');
    assert.equal(chooseLang(undefined, undefined, 'ar-IQ'), 'ar');
    assert.equal(chooseLang(undefined, undefined, 'fr'), 'en');
  });

  it('dates in Arabic-Indic and Persian digits are read; day-first dates get the fix', () => {
    const a = parseDate('٢٠٢٥-١٠-٢٥', 'UTC');
    const p = parseDate('۲۰۲۵-۱۰-۲۵', 'UTC');
    assert.ok('instant' in a && 'instant' in p);
    assert.equal(a.instant.toISOString(), '2025-10-25T00:00:00.000Z');
    assert.equal(p.instant.toISOString(), '2025-10-25T00:00:00.000Z');
    assert.deepEqual(parseDate('25/10/2025', 'UTC'), { error: 'date-day-first', fixed: '2025-10-25' });
    assert.deepEqual(parseDate('25 أكتوبر 2025', 'UTC'), { error: 'date-in-words', fixed: '2025-10-25' });
  });
});
