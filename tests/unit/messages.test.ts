// The message catalogue: every id in both languages, Arabic plurals, the language chosen per run.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ar } from '../../src/messages/ar.js';
import { en } from '../../src/messages/en.js';
import { chooseLang, t } from '../../src/messages/index.js';
import { parseDate } from '../../src/content/dates.js';
import { fallbackPage, overlayText, overlayTitle, watchedFolders } from '../../src/dev/words.js';
import { reloadScript } from '../../src/dev/client.js';
import { ROOT } from '../helpers/site.js';

/** midad's TypeScript sources outside the catalogue, with their paths relative to the repository. */
function sources(dir = path.join(ROOT, 'src')): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(ROOT, 'src', 'messages') ? [] : sources(p);
    return e.name.endsWith('.ts') ? [{ file: path.relative(ROOT, p), text: readFileSync(p, 'utf8') }] : [];
  });
}

/** Where code names a message: msg('id'), message('id'), t(lang, 'id'), { id: 'id' }. */
const USES = [/\b(?:msg|message)\(\s*'([^']+)'/g, /\bt\(\s*[\w.]+\s*,\s*'([^']+)'/g, /\bid:\s*'([^']+)'/g];

describe('messages', () => {
  it('every message id exists in Arabic and in English', () => {
    assert.deepEqual(Object.keys(ar).sort(), Object.keys(en).sort());
  });

  it('every message the code names exists in both languages', () => {
    const missing: string[] = [];
    let uses = 0;
    for (const { file, text } of sources()) {
      for (const re of USES) {
        for (const m of text.matchAll(re)) {
          uses++;
          for (const [lang, catalogue] of [['en', en], ['ar', ar]] as const) {
            if (!(m[1]! in catalogue)) missing.push(`${file}: ${m[1]} (${lang})`);
          }
        }
      }
    }
    assert.ok(uses > 200, `only ${uses} uses found: the patterns no longer match the code`);
    assert.deepEqual(missing, []);
  });

  it('every message in the catalogue is used somewhere in the code', () => {
    // Some ids travel in tables and types (fs-EACCES, date-day-first) rather than in msg(): a
    // message counts as used when its id is written in quotes anywhere outside the catalogue.
    const code = sources().map((s) => s.text).join('\n');
    const unused = Object.keys(en).filter((id) => !code.includes(`'${id}'`) && !code.includes(`"${id}"`));
    assert.deepEqual(unused, []);
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

  it('the dev server speaks the run\'s language in the browser: the page before a good build, the overlay', () => {
    assert.match(fallbackPage(true, 'ar'), /<html lang="ar" dir="rtl">/);
    assert.match(fallbackPage(true, 'ar'), /في الموقع أخطاء ولا بناء سليم بعد/);
    assert.match(fallbackPage(false, 'en'), /<html lang="en" dir="ltr">.*Not found\./s);
    assert.equal(overlayTitle(2, 'ar'), 'مداد: خطآن');
    assert.equal(overlayTitle(1, 'en'), 'midad: 1 error');
    const script = reloadScript(overlayText('ar'));
    assert.ok(script.includes('"dir":"rtl"') && script.includes('"close":"إغلاق"'), script.slice(0, 400));
    assert.doesNotMatch(reloadScript(overlayText('en')), /[\u0600-\u06ff]/, 'no Arabic left in the English overlay');
    assert.equal(t('ar', 'dev-and-more', { first: 'content/a.md', more: 1 }), 'content/a.md وملف آخر');
    assert.equal(t('ar', 'dev-and-more', { first: 'content/a.md', more: 3 }), 'content/a.md و3 ملفات أخرى');
    assert.equal(watchedFolders('en'), 'content/ and templates/');
    assert.equal(watchedFolders('ar'), 'content/ وtemplates/');
  });
});
