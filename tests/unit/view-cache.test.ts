// The build's one view per article: the same view a fresh articleView makes, with the links of
// a section, tag or author made once for every view that shows them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Author, PlacedArticle, Section, Site } from '../../src/model.js';
import { createFormatter } from '../../src/render/format.js';
import { createViewCache } from '../../src/render/view-cache.js';
import { articleView, type ViewContext } from '../../src/render/views.js';

const security: Section = { slug: 'security', name: 'أمن' };
const layla: Author = { slug: 'layla', name: 'ليلى' };
const omar: Author = { slug: 'omar', name: 'عمر' };
const site: Site = {
  root: '/tmp/site', title: 'الفاصل', description: 'أخبار', baseUrl: 'https://example.org/news/', language: 'ar', direction: 'rtl',
  timezone: 'Asia/Baghdad', digits: 'latn', pageSize: 20, permalink: '/articles/{yyyy}/{mm}/{dd}/{slug}/',
  sections: [security], authors: [layla, omar], imageQuality: 75, maxImagePixels: 50_000_000,
};
const ctx: ViewContext = { site, fmt: createFormatter(site), images: () => undefined, now: new Date('2026-03-05T09:00:00Z') };

function article(slug: string, over: Partial<PlacedArticle> = {}): PlacedArticle {
  return {
    file: `content/articles/${slug}.md`, slug, title: `عنوان ${slug}`, summary: 'ملخص', date: new Date('2026-03-05T06:30:00Z'), dateHasTime: true,
    section: security, authors: [layla, omar], tags: [{ key: 'العراق', name: 'العراق' }], draft: false, bodyHash: '', sourceHash: '',
    bodyImages: [], wordCount: 400, permalink: `/articles/2026/03/05/${slug}/`, ...over,
  };
}

describe('view cache', () => {
  const plain = article('a');
  const corrected = article('b', {
    dateHasTime: false, date: new Date('2026-01-10T00:00:00Z'), updated: new Date('2026-01-11T10:00:00Z'),
    corrections: [{ date: new Date('2026-01-12T08:00:00Z'), dateHasTime: true, text: 'صُحّح الاسم' }],
  });

  it('gives the view articleView makes, field for field', () => {
    const views = createViewCache(ctx);
    for (const a of [plain, corrected]) assert.deepEqual(views.view(a), articleView(ctx, a));
  });

  it('makes each article view once, and the links of a section, tag and author once for all views', () => {
    const views = createViewCache(ctx);
    const [a, b] = [views.view(plain), views.view(corrected)];
    assert.equal(views.view(plain), a);
    assert.equal(a.section, b.section);
    assert.equal(a.tags[0], b.tags[0]);
    assert.equal(a.authors[1], b.authors[1]);
    // The second of two authors is joined differently from the first: its own link.
    assert.notEqual(a.authors[0], a.authors[1]);
    assert.equal(a.authors[0]!.joiner, ' و');
  });

  it('after clear(), makes a view again, the same', () => {
    const views = createViewCache(ctx);
    const before = views.view(corrected);
    views.clear();
    const after = views.view(corrected);
    assert.notEqual(after, before);
    assert.deepEqual(after, before);
  });
});
