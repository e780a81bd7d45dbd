// The mistakes editors make in front matter, each in a file written the way their keyboard or
// word processor writes it (CRLF line ends, a byte-order mark, no-break spaces, curly quotes,
// the Arabic comma): each is exactly one error, at its exact position, with the fix, in
// Arabic and in English. One `midad check` per language covers every case.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { makeSite, NOW, runCli } from '../helpers/site.js';

const SITE = `title: الفاصل
description: موقع للاختبار
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
authors:
  - slug: team
    name: الفريق
defaultAuthor: team
`;

interface Case {
  name: string;
  /** The front matter's lines between the fences (line 2 is the first of them). */
  lines?: string[];
  /** The whole file, when the fences themselves are the mistake. */
  file?: string;
  /** `line:col` of the one error. */
  at: string;
  en: string;
  ar: string;
  /** Line ending: Notepad and Word on Windows write CRLF. */
  eol?: string;
}

const TITLE = 'title: خبر';
const SUMMARY = 'summary: ملخص الخبر';
const DATE = 'date: 2026-01-24';
const SECTION = 'section: security';
const REST = [SUMMARY, DATE, SECTION];

const CASES: Case[] = [
  { name: 'a headline with a colon', lines: ['title: ممثلية الإقليم: رواتب الموظفين', ...REST], at: '2:8',
    en: 'put the value in quotes, e.g. title: "ممثلية الإقليم: رواتب الموظفين"', ar: 'هكذا: title: "ممثلية الإقليم: رواتب الموظفين"' },
  { name: 'a summary with a colon, CRLF', eol: '\r\n', lines: [TITLE, 'summary: قال الوزير: لا تراجع', DATE, SECTION], at: '3:10',
    en: 'summary: "قال الوزير: لا تراجع"', ar: 'summary: "قال الوزير: لا تراجع"' },
  { name: 'tabs as indentation (two lines, one error)', lines: [TITLE, ...REST, 'image:', '\tsrc: a.jpg', '\talt: صورة'], at: '7:1',
    en: 'replace the tab with two spaces', ar: 'استبدل بها مسافتين' },
  { name: 'a no-break space after the colon', lines: [TITLE, SUMMARY, DATE, 'section:\u00a0security'], at: '5:9',
    en: 'no-break space (U+00A0)', ar: 'مسافة غير فاصلة غير مرئية (U+00A0)' },
  { name: 'a no-break space as indentation', lines: [TITLE, ...REST, 'image:', '\u00a0 src: a.jpg', '  alt: صورة'], at: '7:1',
    en: 'delete it and type a space', ar: 'احذفها واكتب مسافة عادية' },
  { name: 'a narrow no-break space after the colon', lines: [TITLE, 'summary:\u202fملخص', DATE, SECTION], at: '3:9',
    en: 'narrow no-break space (U+202F)', ar: 'مسافة غير فاصلة ضيقة' },
  { name: 'Word\'s curly quotes around a headline with a colon', lines: ['title: “الحكومة: لا تفاوض”', ...REST], at: '2:8',
    en: 'use straight quotes ", e.g. title: "الحكومة: لا تفاوض"', ar: 'هكذا: title: "الحكومة: لا تفاوض"' },
  { name: 'guillemets around a headline with a colon', lines: ['title: «عاجل: انفجار في بغداد»', ...REST], at: '2:8',
    en: 'title: "عاجل: انفجار في بغداد"', ar: 'title: "عاجل: انفجار في بغداد"' },
  { name: 'curly quotes around a section slug', lines: [TITLE, SUMMARY, DATE, 'section: “security”'], at: '5:10',
    en: 'e.g. section: "security"', ar: 'هكذا: section: "security"' },
  { name: 'curly quotes around a key', lines: ['“title”: خبر', ...REST], at: '2:1',
    en: 'curly quotes “ ” (from a word processor)', ar: 'هكذا: title: خبر' },
  { name: 'tags separated by the Arabic comma', lines: [TITLE, ...REST, 'tags: [إقليم كوردستان، الرواتب، أربيل]'], at: '6:8',
    en: 'e.g. [إقليم كوردستان, الرواتب, أربيل]', ar: 'هكذا: [إقليم كوردستان, الرواتب, أربيل]' },
  { name: 'tags as text, with Arabic commas', lines: [TITLE, ...REST, 'tags: أمن، العراق'], at: '6:7',
    en: 'tags: [أمن, العراق]', ar: 'tags: [أمن, العراق]' },
  { name: 'a Windows path as the photo', lines: [TITLE, ...REST, 'image:', '  src: C:\\Users\\Sara\\Desktop\\alhol.jpg', '  alt: مخيم الهول'], at: '7:8',
    en: 'write its name, e.g. src: alhol.jpg', ar: 'مثل src: alhol.jpg' },
  { name: 'a Windows path in double quotes', lines: [TITLE, ...REST, 'image:', '  src: "C:\\Users\\Sara\\Desktop\\alhol.jpg"', '  alt: مخيم الهول'], at: '7:8',
    en: 'write its name, e.g. src: alhol.jpg', ar: 'مثل src: alhol.jpg' },
  { name: 'a photo given as a file name alone', lines: [TITLE, ...REST, 'image: alhol.jpg'], at: '6:8',
    en: 'write image: { src: alhol.jpg, alt: "what the photo shows" }', ar: 'اكتب image: { src: alhol.jpg' },
  { name: 'a key written twice', eol: '\r\n', lines: ['title: أول', 'title: ثان', ...REST], at: '3:1',
    en: 'duplicate key "title": keep one of them', ar: 'المفتاح "title" مكرر' },
  { name: 'no space after the colon', lines: ['title:خبر عاجل', ...REST], at: '2:7',
    en: '"title:" needs a space after the colon', ar: 'يجب أن تلي "title:" مسافة' },
  { name: 'a quote never closed', lines: ['title: "خبر عاجل', ...REST], at: '2:8',
    en: 'add the closing " at the end of the value', ar: 'أضف " في نهاية القيمة' },
  { name: 'text after the closing quote', lines: ['title: "الوزير" يقول', ...REST], at: '2:17',
    en: 'put the whole value inside the quotes', ar: 'ضع القيمة كلها بين علامتي التنصيص' },
  { name: 'a list never closed', lines: [TITLE, ...REST, 'tags: [أمن, العراق'], at: '6:7',
    en: 'add "]" at its end', ar: 'أضف "]" في نهايتها' },
  { name: 'two commas in a list', lines: [TITLE, ...REST, 'tags: [أمن,, العراق]'], at: '6:12',
    en: 'write [one, two]', ar: 'اكتبها هكذا [الأول, الثاني]' },
  { name: 'a list item one space short', lines: [TITLE, ...REST, 'tags:', '  - أمن', ' - العراق'], at: '8:2',
    en: 'indented differently from the keys around it', ar: 'إزاحة هذا السطر تختلف' },
  { name: 'a list item one step too deep (YAML would join the tags)', lines: [TITLE, ...REST, 'tags:', '- أمن', '  - العراق'], at: '8:3',
    en: 'indented differently from the keys around it', ar: 'إزاحة هذا السطر تختلف' },
  { name: 'a key indented under a value', lines: [TITLE, '  summary: ملخص', DATE, SECTION], at: '3:3',
    en: 'start every key at the beginning of the line', ar: 'ابدأ كل مفتاح من أول السطر' },
  { name: 'a summary that went on to the next line', lines: [TITLE, 'summary: جملة أولى', 'وجملة ثانية', DATE, SECTION], at: '4:1',
    en: 'this line has no key', ar: 'هذا السطر بلا مفتاح' },
  { name: 'a byte-order mark pasted in the middle', lines: [TITLE, '\ufeffsummary: ملخص', DATE, SECTION], at: '3:1',
    en: 'byte-order mark (U+FEFF)', ar: 'علامة ترتيب بايتات غير مرئية' },
  { name: 'a value starting with @', lines: ['title: @وزارة_الصحة تعلن', ...REST], at: '2:8',
    en: 'a value cannot start with "@"', ar: 'لا يجوز أن تبدأ القيمة بالعلامة "@"' },
  { name: 'a hashtag in the headline (the rest would be lost)', lines: ['title: انفجار في بغداد #عاجل', ...REST], at: '2:24',
    en: 'title: "انفجار في بغداد #عاجل"', ar: 'title: "انفجار في بغداد #عاجل"' },
  { name: 'the first fence made a long dash by Word', file: '—-\ntitle: خبر\n---\n\nنص.\n', at: '1:1',
    en: 'type three hyphens ---', ar: 'اكتب ثلاث شرطات قصيرة ---' },
  { name: 'the closing fence made a long dash by Word', file: `---\n${[TITLE, ...REST].join('\n')}\n—\n\nنص.\n`, at: '6:1',
    en: 'type three hyphens ---', ar: 'اكتب ثلاث شرطات قصيرة ---' },
  { name: 'spaces before the first fence', file: `  ---\n${[TITLE, ...REST].join('\n')}\n---\n\nنص.\n`, at: '1:1',
    en: 'remove the spaces before it', ar: 'احذف المسافات التي قبله' },
  { name: 'a date whose hyphens Word made long dashes', lines: [TITLE, SUMMARY, 'date: 2026–01–24', SECTION], at: '4:7',
    en: 'write date: 2026-01-24', ar: 'اكتب date: 2026-01-24' },
  { name: 'the photo\'s keys at the start of the line under image:', lines: [TITLE, ...REST, 'image:', 'src: a.jpg', 'alt: صورة'], at: '7:1',
    en: '"src:" belongs to the photo: indent it', ar: '"src:" من مفاتيح الصورة' },
  { name: 'a key written in Arabic', lines: ['العنوان: خبر', ...REST], at: '2:1',
    en: 'keys are written in English: "العنوان" is title', ar: 'المفاتيح تُكتب بالإنجليزية: "العنوان" هو title' },
  { name: 'a list item on the key\'s line', lines: [TITLE, ...REST, 'tags: - أمن'], at: '6:7',
    en: 'write tags: [أمن]', ar: 'اكتب tags: [أمن]' },
  { name: 'a headline in Markdown *emphasis*', lines: ['title: *عاجل* انفجار في بغداد', ...REST], at: '2:8',
    en: 'a value cannot start with "*"', ar: 'لا يجوز أن تبدأ القيمة بالعلامة "*"' },
  { name: '"midad new"\'s headline left in a published article', lines: ['title: "اكتب العنوان هنا"', ...REST], at: '2:8',
    en: 'title still holds the placeholder text that "midad new" wrote', ar: 'ما زال في title النص المؤقت' },
  { name: '"midad new"\'s first paragraph left in a published article', file: `---\n${[TITLE, ...REST].join('\n')}\n---\n\nاكتب هنا الفقرة الأولى من الخبر: من، ماذا، متى، أين.\n`, at: '8:1',
    en: 'the body still holds the placeholder text', ar: 'ما زال في متن المقالة النص المؤقت' },
];

const fileOf = (i: number): string => `content/articles/case-${i + 1}.md`;

function articleText(c: Case): string {
  if (c.file) return c.file;
  const eol = c.eol ?? '\n';
  return ['---', ...c.lines!, '---', '', 'نص الخبر.', ''].join(eol);
}

const LINE = /^(content\/articles\/case-\d+\.md):(\d+):(\d+): (error|warning): (.*)$/;

describe('editors\' mistakes: one error each, at its place, with the fix', () => {
  const runs: Record<'en' | 'ar', Map<string, Array<{ at: string; message: string }>>> = { en: new Map(), ar: new Map() };
  let stderr = '';

  before(async () => {
    const files: Record<string, string> = { 'content/site.yml': SITE };
    CASES.forEach((c, i) => { files[fileOf(i)] = articleText(c); });
    // Notepad's "UTF-8" is UTF-8 with a byte-order mark, and Windows ends lines with CRLF.
    files['content/articles/notepad.md'] = '\ufeff' + ['---', TITLE, ...REST, 'tags: [أمن, العراق]', '---', '', 'نص.', ''].join('\r\n');
    const root = await makeSite(files);
    for (const lang of ['en', 'ar'] as const) {
      const r = await runCli(['check', '--root', root, '--lang', lang], { now: NOW });
      assert.equal(r.code, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      if (lang === 'en') stderr = r.stderr;
      for (const l of r.stderr.split('\n')) {
        const m = LINE.exec(l);
        if (!m) continue;
        const list = runs[lang].get(m[1]!) ?? [];
        list.push({ at: `${m[2]}:${m[3]}`, message: m[5]! });
        runs[lang].set(m[1]!, list);
      }
    }
  });

  test('a file written by Notepad (BOM, CRLF) with no mistake has no error', () => {
    assert.equal(runs.en.get('content/articles/notepad.md'), undefined, stderr);
  });

  CASES.forEach((c, i) => {
    test(c.name, () => {
      for (const lang of ['en', 'ar'] as const) {
        const got = runs[lang].get(fileOf(i)) ?? [];
        assert.equal(got.length, 1, `${lang}: exactly one error in ${fileOf(i)}, got ${JSON.stringify(got)}`);
        assert.equal(got[0]!.at, c.at, `${lang}: position`);
        assert.ok(got[0]!.message.includes(c[lang]), `${lang}: ${JSON.stringify(got[0]!.message)} should hold ${JSON.stringify(c[lang])}`);
      }
    });
  });
});
