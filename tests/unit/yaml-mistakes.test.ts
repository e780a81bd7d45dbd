// The editors'-mistake checks never fire on front matter that is right: every way of writing
// a sound value (quoted colons, block text, nested maps and lists, comments, aligned
// comments, typographic quotes inside a headline) passes without a word.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { silentMistakes, syntaxMistakes } from '../../src/content/yaml-mistakes.js';

const SOUND: Record<string, string> = {
  'a quoted headline with a colon': 'title: "ممثلية الإقليم: رواتب"\nsummary: \'قال: «لا»\'\n',
  'block text with colons and hashes': 'summary: |\n  قال الوزير: لا تراجع\n  #وسم: هنا\ntitle: خبر\n',
  'folded text': 'summary: >-\n  سطر أول: هنا\n  سطر ثان\n',
  'a nested image map': 'image:\n  src: hero.jpg\n  alt: "وصف: الصورة"\n  credit: وكالة الأنباء\n',
  'corrections as a list of maps': 'corrections:\n  - date: 2026-01-25\n    text: "صُحّح الرقم: خمسة"\n  - { date: 2026-01-26, text: أخرى }\n',
  'a list of tags on lines': 'tags:\n  - أمن\n  - العراق\n',
  'a list of tags at column one': 'tags:\n- أمن\n- العراق\n',
  'authors as a list': 'author: [karwan-aziz, newsroom]\n',
  'comments, aligned and on their own lines': '# تعليق: هنا\ntitle: الفاصل                       # required\ntags: []  # مثال: [أمن, الحدود]\n',
  'a time with colons': 'date: 2026-01-24T09:30:00+03:00\nbreaking: 2026-01-24T15:00:00\n',
  'a URL value': 'baseUrl: https://example.org/\n',
  'typographic quotes inside a headline': 'title: وزير يقول «لا تفاوض» اليوم\nsummary: قال “لا” للصحفيين\n',
  'a headline wrapped whole in guillemets': 'title: «لا تفاوض»\n',
  'a no-break space inside a value': 'title: 10\u00a0آلاف متظاهر\n',
  'an empty value': 'updated:\ntitle: خبر\n',
  'CRLF line ends': 'title: خبر\r\nsummary: ملخص\r\n',
  'site.yml with nested lists': 'sections:\n  - slug: security\n    name: أمن\nauthors:\n  - slug: team\n    name: الفريق\n    bio: "مراسل: بغداد"\nshare: [whatsapp, x]\n',
};

describe('yaml mistakes: nothing is reported on sound front matter', () => {
  for (const [name, text] of Object.entries(SOUND)) {
    test(name, () => {
      const doc = parseDocument(text, { uniqueKeys: true, version: '1.2', schema: 'core' });
      assert.deepEqual(doc.errors.map((e) => e.code), [], 'YAML itself takes it');
      assert.deepEqual(silentMistakes(text), []);
    });
  }
});

describe('yaml mistakes: what YAML refuses is explained once', () => {
  test('two headlines with colons: two errors, one per line', () => {
    const text = 'title: أ: ب\nsummary: ج: د\n';
    const doc = parseDocument(text, { uniqueKeys: true, version: '1.2', schema: 'core' });
    const found = syntaxMistakes(text, doc.errors[0]!.pos[0]);
    assert.deepEqual(found.map((m) => [m.offset, m.message.id]), [[7, 'yaml-colon-in-value'], [21, 'yaml-colon-in-value']]);
  });

  test('a quote with a double quote inside is shown in single quotes', () => {
    const text = 'title: قال "لا": انتهى\n';
    const doc = parseDocument(text, { uniqueKeys: true, version: '1.2', schema: 'core' });
    const [m] = syntaxMistakes(text, doc.errors[0]!.pos[0]);
    assert.equal(m?.message.id, 'yaml-colon-in-value');
    assert.equal((m?.message.params as { quoted: string }).quoted, '\'قال "لا": انتهى\'');
  });
});
