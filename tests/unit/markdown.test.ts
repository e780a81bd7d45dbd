// Markdown rendering: fixture files (tests/fixtures/markdown/*.txt, markdown-it style) for the
// HTML, and direct tests for what the image stage gets (env.images) and for the final body
// HTML once images are in place (finishBody with a fake lookup).

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseArticle } from '../../src/content/article.js';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { splitCredit } from '../../src/markdown/figure.js';
import { createMarkdown, renderMarkdown } from '../../src/markdown/index.js';
import type { ImageRef, Site } from '../../src/model.js';
import { finishBody } from '../../src/render/body.js';
import type { ImageView } from '../../src/render/views.js';
import { runFixtures } from '../helpers/fixtures.js';
import { elements, startTags, text } from '../helpers/html.js';
import { FIXTURES } from '../helpers/site.js';

const md = createMarkdown({ language: 'ar' });
const render = (input: string): string => renderMarkdown(md, input).html;

const dir = path.join(FIXTURES, 'markdown');
for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) runFixtures(path.join(dir, f), render);

const SEED_LINE = '![عنصر من قوات التحالف يقدم تعليمات للقوات الشريكة قبل إجراء تدريب على القتال في الأماكن الضيقة شمالي شرقي سوريا. [الجيش الأميركي]](photo.jpg)';
const SEED_CAPTION = 'عنصر من قوات التحالف يقدم تعليمات للقوات الشريكة قبل إجراء تدريب على القتال في الأماكن الضيقة شمالي شرقي سوريا.';
const SEED_CREDIT = 'الجيش الأميركي';

describe('splitCredit', () => {
  const cases: Array<[alt: string, caption: string, credit: string | undefined]> = [
    ['صورة. [وكالة]', 'صورة.', 'وكالة'],
    [`${SEED_CAPTION} [${SEED_CREDIT}]`, SEED_CAPTION, SEED_CREDIT],
    ['صورة بلا مصدر', 'صورة بلا مصدر', undefined],
    ['[وكالة]', '', 'وكالة'],
    ['صورة [أ] في الوسط', 'صورة [أ] في الوسط', undefined], // a bracket not at the end is text
    ['صورة. [ ]', 'صورة. [ ]', undefined], // an empty credit is no credit
    ['  صورة.   [  وكالة  ]  ', 'صورة.', 'وكالة'],
  ];
  for (const [alt, caption, credit] of cases) {
    test(JSON.stringify(alt), () => {
      assert.deepEqual(splitCredit(alt), credit === undefined ? { caption } : { caption, credit });
    });
  }
});

describe('env.images: what the image stage gets', () => {
  test("the seed's line: one figure image, caption and credit split", () => {
    const { html, env } = renderMarkdown(md, `فقرة.\n\n${SEED_LINE}\n\nفقرة.\n`);
    assert.equal(env.images.length, 1);
    const img = env.images[0]!;
    assert.equal(img.src, 'photo.jpg');
    assert.equal(img.alt, SEED_CAPTION);
    assert.equal(img.credit, SEED_CREDIT);
    assert.equal(img.figure, true);
    assert.equal(img.line, 3, '1-based line in the body');
    assert.match(html, /<!--midad:image:0-->/);
    assert.doesNotMatch(html, /<p>\s*<!--midad:image:0-->/, 'a figure is not inside a <p>');
  });

  test('inline images are not figures, and are numbered in order', () => {
    const { env, html } = renderMarkdown(md, 'نص ![أ](a.jpg) نص\n\n![ب. [مصدر]](b.jpg)\n');
    assert.deepEqual(env.images.map((i) => [i.src, i.figure, i.line]), [['a.jpg', false, 1], ['b.jpg', true, 3]]);
    assert.match(html, /<p>نص <!--midad:image:0--> نص<\/p>/);
  });

  test('alt text is plain text: markup and entities are not kept raw', () => {
    const { env } = renderMarkdown(md, '![AT&amp;T *مهم* [وكالة]](a.jpg)\n');
    assert.equal(env.images[0]!.alt, 'AT&T مهم');
    assert.equal(env.images[0]!.credit, 'وكالة');
  });

  test('an unsafe image src is no image at all', () => {
    const { env } = renderMarkdown(md, '![x](javascript:alert(1))\n');
    assert.equal(env.images.length, 0);
  });
});

/** Final body HTML of a one-article site: parseArticle, then finishBody with fake renditions. */
function finalBody(body: string, frontMatter = ''): { html: string; refs: ImageRef[] } {
  const site = {
    root: '/site', title: 't', description: 'd', baseUrl: 'https://example.org/', language: 'ar', direction: 'rtl',
    timezone: 'Asia/Baghdad', digits: 'latn', pageSize: 20, permalink: '/articles/{yyyy}/{mm}/{dd}/{slug}/',
    sections: [{ slug: 'security', name: 'أمن' }], authors: [], imageQuality: 75, maxImagePixels: 50_000_000,
  } satisfies Site;
  const text = `---\ntitle: عنوان\nsummary: ملخص\ndate: 2026-01-24\nsection: security\n${frontMatter}---\n${body}`;
  const bag = new DiagnosticBag();
  const parsed = parseArticle({ file: 'content/articles/a.md', abs: '/site/content/articles/a.md', text, sourceHash: '' }, site, md, bag);
  assert.deepEqual(bag.items.filter((d) => d.severity === 'error'), []);
  assert.ok(parsed);
  const { article, bodyHtml } = parsed;
  const lookup = (ref: ImageRef): ImageView => {
    const name = path.basename(ref.src).replace(/\.\w+$/, '');
    return { src: `/images/${name}-800.webp`, srcset: `/images/${name}-480.webp 480w, /images/${name}-800.webp 800w`, width: 800, height: 533, alt: ref.alt };
  };
  return { html: finishBody(article, bodyHtml, lookup, []), refs: article.bodyImages };
}

describe('finishBody: the final figure markup', () => {
  test('with a hero, every body image is lazy; without one, all but the first', () => {
    const two = `\n![أ](one.jpg)\n\n![ب](two.jpg)\n`;
    const noHero = startTags(finalBody(two).html, 'img');
    assert.deepEqual(noHero.map((t) => t.attrs.loading), [undefined, 'lazy']);
    const withHero = startTags(finalBody(two, 'image:\n  src: hero.jpg\n  alt: صورة\n').html, 'img');
    assert.deepEqual(withHero.map((t) => t.attrs.loading), ['lazy', 'lazy']);
  });

  test("the seed's line becomes <figure> with <img>, caption and [credit]", () => {
    const { html, refs } = finalBody(`\nفقرة أولى.\n\n${SEED_LINE}\n\nفقرة ثانية.\n`);
    assert.equal(refs.length, 1);
    assert.equal(refs[0]!.caption, SEED_CAPTION);
    assert.equal(refs[0]!.credit, SEED_CREDIT);
    assert.equal(refs[0]!.path, '/site/content/articles/photo.jpg', 'resolved against the article file');
    assert.deepEqual({ ...refs[0]!.pos }, { file: 'content/articles/a.md', line: 10, column: SEED_LINE.indexOf('photo.jpg') + 1 }, 'position of the src in the file');
    const figures = elements(html, 'figure');
    assert.equal(figures.length, 1);
    const fig = figures[0]!.inner;
    const img = startTags(fig, 'img')[0]!;
    assert.equal(img.attrs.src, '/images/photo-800.webp');
    assert.equal(img.attrs.width, '800');
    assert.equal(img.attrs.height, '533');
    assert.equal(img.attrs.alt, SEED_CAPTION);
    // No hero here: the body's first image is the page's first, so it is not lazy.
    assert.equal(img.attrs.loading, undefined);
    assert.equal(img.attrs.fetchpriority, 'high');
    assert.match(img.attrs.srcset!, /480w, .* 800w/);
    const cap = elements(fig, 'figcaption')[0]!.inner;
    assert.equal(text(elements(cap, 'span', (t) => t.attrs.class === 'caption')[0]!.inner), SEED_CAPTION);
    assert.equal(text(elements(cap, 'span', (t) => t.attrs.class === 'credit')[0]!.inner), `[${SEED_CREDIT}]`);
    assert.match(cap, /<bdi dir="rtl">\[الجيش الأميركي\]<\/bdi>/, 'the credit and its brackets are isolated, in the credit\'s direction');
    assert.doesNotMatch(html, /<p>\s*<figure/, 'no figure inside a paragraph');
    assert.doesNotMatch(html, /midad:image/, 'no placeholder left');
  });

  test('a figure without a credit has a caption only', () => {
    const { html } = finalBody('![جسر الجمهورية في بغداد](bridge.jpg)\n');
    assert.match(html, /<figure[^>]*><img [^>]*><figcaption><span class="caption">جسر الجمهورية في بغداد<\/span><\/figcaption><\/figure>/);
    assert.doesNotMatch(html, /credit/);
  });

  test('an inline image is an <img> in its paragraph, without figure', () => {
    const { html } = finalBody('نص ![شعار](logo.png) نص\n');
    assert.match(html, /^<p>نص <img [^>]*alt="شعار"[^>]*> نص<\/p>$/m);
    assert.doesNotMatch(html, /<figure/);
  });

  test('hostile alt text and credit are escaped in the final markup', () => {
    const { html } = finalBody('![<script>alert(1)</script> [</bdi><b>x</b>]](a.jpg)\n');
    assert.doesNotMatch(html, /<script>|<b>x/);
    assert.match(html, /&lt;script&gt;/);
  });
});

describe('links recorded for the editor', () => {
  test('refused links are reported with their body line', () => {
    const { env } = renderMarkdown(md, 'نص\n\n[أ](javascript:void)\n\n[ب](data:text/html,x)\n');
    assert.deepEqual(env.refusedLinks.map((l) => [l.href, l.line]), [['javascript:void', 3], ['data:text/html,x', 5]]);
  });
  test('every scheme that is not allowed is reported, not only the dangerous ones (an ftp: link is shown as text too)', () => {
    const { env, html } = renderMarkdown(md, '[أ](ftp://files.example.org/a.pdf) [ب](smb://x/y) [ج](https://ok.example.org/) [د](mailto:a@b.c) [هـ](tel:+964)\n');
    assert.deepEqual(env.refusedLinks.map((l) => l.href), ['ftp://files.example.org/a.pdf', 'smb://x/y']);
    assert.doesNotMatch(html, /href="(?:ftp|smb):/);
    assert.equal((html.match(/<a /g) ?? []).length, 3);
  });
  test('a refused link with parentheses is quoted whole in the warning', () => {
    const { env } = renderMarkdown(md, '[أ](javascript:alert(1))\n');
    assert.deepEqual(env.refusedLinks.map((l) => l.href), ['javascript:alert(1)']);
  });
  test('link syntax inside code is code, not a refused link to warn about', () => {
    const { env } = renderMarkdown(md, '`[x](javascript:void)`\n\n```\n[y](javascript:void)\n```\n');
    assert.deepEqual(env.refusedLinks, []);
  });
  test('links to other articles become placeholders', () => {
    const { env, html } = renderMarkdown(md, '[مقال](../b.md#قسم)\n');
    assert.deepEqual(env.articleLinks.map((l) => l.href), ['../b.md#قسم']);
    assert.match(html, /href="midad:article-link:0"/);
  });
});
