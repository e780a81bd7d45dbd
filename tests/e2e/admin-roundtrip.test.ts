// Files in exactly the shape the web editor writes them pass `midad check` and build: its
// YAML (the `yaml` package with the options Sveltia CMS passes it: plain strings, single
// quotes where YAML needs quotes, block lists indented by two), its dates (the site's
// timezone with the offset, to the minute), its folder per article with the photos beside
// index.md and their bare file names, every field the form has filled in. The browser test
// (admin-browser.test.ts) saves a short article through the editor itself; this one covers
// the fields a headless browser cannot fill without a file picker (photos) and the lists.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeSite, readOut, runCli } from '../helpers/site.js';

/** The options Sveltia CMS 0.221 gives the `yaml` package for front matter (`output.yaml` as midad configures it). */
const SVELTIA_YAML = { indent: 2, indentSeq: true, lineWidth: 0, defaultKeyType: 'PLAIN', defaultStringType: 'PLAIN', singleQuote: true } as const;

/** A file as the editor saves it: front matter in the form's field order, a blank line, the body. */
function asEditorWrites(data: Record<string, unknown>, body: string): string {
  return `---\n${stringify(data, SVELTIA_YAML).trim()}\n---\n\n${body.trim()}\n`;
}

const SITE_YML = `title: الفاصل
description: موقع إخباري
baseUrl: https://example.org/
timezone: Asia/Baghdad
sections:
  - slug: security
    name: أمن
  - slug: society
    name: مجتمع
authors:
  - slug: team
    name: فريق العمل
  - slug: layla-hassan
    name: ليلى حسن
defaultAuthor: team
editor:
  repository: fassel/site
`;

test('an article as the web editor saves it passes midad check and builds, photos and lists included', async () => {
  const folder = 'content/articles/2026/02/27/مفاوضات-المياه-تستأنف';
  const article = asEditorWrites({
    title: 'مفاوضات المياه: الجولة الثالثة تبدأ غداً',
    summary: 'قال الوفد العراقي إن "الحصة المائية" أولوية، وإن الجولة ستُعقد في أنقرة.',
    date: '2026-02-27T09:30:00+03:00',
    updated: '2026-02-28T10:15:00+03:00',
    section: 'society',
    author: ['team', 'layla-hassan'],
    tags: ['المياه', 'تركيا', 'دجلة والفرات'],
    image: { src: 'hero.jpg', alt: 'سد على نهر دجلة', caption: 'سد الموصل في شباط 2026.', credit: 'وزارة الموارد المائية' },
    featured: true,
    breaking: false,
    corrections: [{ date: '2026-02-28T10:15:00+03:00', text: 'صُحّح اسم المدينة التي تستضيف الجولة.' }],
    draft: false,
  }, `قال الوفد إن الجولة الثالثة **تبدأ غداً**.

![خريطة حوض دجلة والفرات](map.png)

## ما الذي تغيّر

- الحصة المائية
- مواعيد الإطلاقات`);
  assert.match(article, /^title: 'مفاوضات المياه: الجولة/m, 'a value holding ": " is single-quoted, as the editor writes it');
  assert.match(article, /^tags:\n {2}- المياه\n/m, 'lists are block lists indented by two');
  const root = await makeSite({
    'content/site.yml': SITE_YML,
    [`${folder}/index.md`]: article,
    [`${folder}/hero.jpg`]: { image: { width: 1600, height: 900 } },
    [`${folder}/map.png`]: { image: { width: 800, height: 600, format: 'png' } },
    // A draft the editor saved: held back, not an error.
    'content/articles/2026/02/28/مسودة/index.md': asEditorWrites({
      title: 'مسودة', summary: 'لم تكتمل', date: '2026-02-28T08:00:00+03:00', section: 'security', author: ['team'], featured: false, breaking: false, draft: true,
    }, 'نص.'),
  });
  const now = '2026-03-01T12:00:00Z';
  const check = await runCli(['check', '--root', root], { now });
  assert.equal(check.code, 0, check.stderr);
  const built = await runCli(['build', '--root', root], { now });
  assert.equal(built.code, 0, built.stderr);
  const out = path.join(root, 'public');
  const page = await readOut(out, 'articles/2026/02/27/مفاوضات-المياه-تستأنف/index.html');
  assert.match(page, /<h1[^>]*>مفاوضات المياه: الجولة الثالثة تبدأ غداً<\/h1>/);
  assert.ok(page.includes('<figcaption'), 'the body photo is a figure');
  assert.ok(page.includes('ليلى حسن'), 'both authors are named');
  assert.ok(!(await readOut(out, 'sitemap.xml')).includes(encodeURIComponent('مسودة')), 'the draft is not published');
});

test('an article the editor saves for later goes out when it is due, as the scheduled publish run finds it', async () => {
  const scheduled = asEditorWrites({
    title: 'نتائج الامتحانات الوزارية', summary: 'تعلن الوزارة النتائج صباح الاثنين.', date: '2026-03-02T08:00:00+03:00',
    section: 'society', author: ['team'], featured: false, breaking: false, draft: false,
  }, 'نص الخبر.');
  const root = await makeSite({ 'content/site.yml': SITE_YML, 'content/articles/2026/03/01/نتائج-الامتحانات/index.md': scheduled });
  const out = path.join(root, 'public');
  const before = await runCli(['build', '--root', root], { now: '2026-03-01T12:00:00Z' });
  assert.equal(before.code, 0, before.stderr);
  assert.ok(!(await readOut(out, 'sitemap.xml')).includes(encodeURIComponent('نتائج-الامتحانات')), 'not yet published');
  // What the publish workflow's scheduled run reads to know when to build again.
  const next = await readFile(path.join(root, '.midad-cache', 'next-change'), 'utf8');
  assert.equal(next.split(' ')[0], String(Date.parse('2026-03-02T08:00:00+03:00') / 1000));
  const due = await runCli(['build', '--root', root], { now: '2026-03-02T05:00:00Z' });
  assert.equal(due.code, 0, due.stderr);
  assert.ok((await readOut(out, 'sitemap.xml')).includes(encodeURIComponent('نتائج-الامتحانات')), 'published at its time');
});
