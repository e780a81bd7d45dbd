// Accessible, safe markup in the built files, every page of the sample site (plus the long-text and
// English articles): a strict Content-Security-Policy meta, no inline script, style or event
// handler anywhere (JSON-LD is a data block), the page language and direction, the skip link
// and landmarks, one h1, alt on every image, and dir on blocks whose text may run either way.

import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { elements, startTags } from '../helpers/html.js';
import { buildReaderSite, ENGLISH_ARTICLE, LONG_ARTICLE, writeReaderSite } from './browser-support.js';

/** site path → HTML of every page written. */
const pages = new Map<string, string>();

async function htmlFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await htmlFiles(p, base));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

const sitePathOf = (out: string, file: string): string => `/${path.relative(out, file).split(path.sep).join('/').replace(/index\.html$/, '')}`;

/** Directives of a CSP string: name → sources. */
function parseCsp(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...src]) => [name!, src]));
}

describe('the markup of every page', () => {
  let root = '';
  before(async () => {
    root = await writeReaderSite();
    const built = await buildReaderSite(root);
    assert.ok(built.ok, built.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
    for (const file of await htmlFiles(built.out)) pages.set(sitePathOf(built.out, file), await readFile(file, 'utf8'));
    assert.ok(pages.size > 40, `only ${pages.size} pages built`);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('has a strict Content-Security-Policy meta: self only, no unsafe-inline, no eval (search: wasm only)', () => {
    for (const [p, html] of pages) {
      const metas = startTags(html, 'meta').filter((t) => t.attrs['http-equiv']?.toLowerCase() === 'content-security-policy');
      assert.equal(metas.length, 1, `${p}: ${metas.length} CSP metas`);
      const csp = parseCsp(metas[0]!.attrs.content ?? '');
      assert.deepEqual(csp.get('default-src'), ["'self'"], `${p}: default-src`);
      assert.deepEqual(csp.get('object-src'), ["'none'"], `${p}: object-src`);
      assert.deepEqual(csp.get('base-uri'), ["'self'"], `${p}: base-uri`);
      assert.deepEqual(csp.get('style-src'), ["'self'"], `${p}: style-src`);
      assert.deepEqual(csp.get('script-src'), p === '/search/' ? ["'self'", "'wasm-unsafe-eval'"] : ["'self'"], `${p}: script-src`);
      assert.ok(!/unsafe-inline|'unsafe-eval'|\*|https?:/.test(metas[0]!.attrs.content ?? ''), `${p}: loose CSP ${metas[0]!.attrs.content}`);
      // The policy must come before anything it governs.
      const first = Math.min(...['<script', '<link rel="stylesheet"', '<style', '<img'].map((s) => html.indexOf(s)).filter((i) => i >= 0));
      assert.ok(metas[0]!.index < first, `${p}: CSP meta after the first resource`);
    }
  });

  it('has no inline script, inline style, style attribute or event handler; JSON-LD is valid data', () => {
    for (const [p, html] of pages) {
      for (const { tag, inner } of elements(html, 'script')) {
        if (tag.attrs.src !== undefined) {
          assert.equal(inner.trim(), '', `${p}: script with src and content`);
          assert.ok(tag.attrs.src.startsWith('/'), `${p}: script from elsewhere ${tag.attrs.src}`);
          continue;
        }
        assert.equal(tag.attrs.type, 'application/ld+json', `${p}: inline script ${tag.raw}`);
        assert.doesNotThrow(() => JSON.parse(inner), `${p}: JSON-LD does not parse`);
      }
      assert.equal(startTags(html, 'style').length, 0, `${p}: <style> element`);
      const bad = [...html.matchAll(/<[a-z][^>]*\s(style|on[a-z]+)\s*=/gi)].map((m) => m[0].slice(0, 80));
      assert.deepEqual(bad, [], `${p}: inline style or event handler`);
      assert.ok(!/javascript:/i.test(html), `${p}: javascript: URL`);
    }
  });

  it('names its language and direction, opens with a skip link to <main>, has landmarks and one h1', () => {
    for (const [p, html] of pages) {
      const root = startTags(html, 'html')[0]!;
      assert.deepEqual([root.attrs.lang, root.attrs.dir], ['ar', 'rtl'], `${p}: <html lang dir>`);
      const body = html.slice(html.indexOf('<body'));
      const firstLink = startTags(body, 'a')[0]!;
      assert.deepEqual([firstLink.attrs.class, firstLink.attrs.href], ['skip-link', '#main'], `${p}: first link is not the skip link`);
      assert.equal(startTags(html, 'main').filter((t) => t.attrs.id === 'main').length, 1, `${p}: <main id="main">`);
      assert.equal(startTags(html, 'main').length, 1, `${p}: one <main>`);
      assert.equal(startTags(body, 'header').filter((t) => t.attrs.class?.includes('masthead')).length, 1, `${p}: banner`);
      assert.equal(startTags(html, 'footer').length, 1, `${p}: contentinfo`);
      for (const nav of startTags(html, 'nav')) assert.ok(nav.attrs['aria-label'] || nav.attrs['aria-labelledby'], `${p}: unlabelled <nav>`);
      assert.equal(startTags(html, 'h1').length, 1, `${p}: h1 count`);
      for (const img of startTags(html, 'img')) assert.ok('alt' in img.attrs, `${p}: <img> without alt ${img.raw.slice(0, 80)}`);
    }
  });

  it('gives titles, summaries, captions and bodies a dir only where their letters run against the page', () => {
    const dirOf = (html: string, cls: string): string[] => startTags(html, '[a-z0-9]+').filter((t) => t.attrs.class?.split(' ').includes(cls)).map((t) => t.attrs.dir ?? 'inherit');
    for (const [p, html] of pages) {
      for (const cls of ['headline', 'standfirst', 'card-title', 'card-summary', 'lead-title', 'caption', 'article-body']) {
        for (const dir of dirOf(html, cls)) assert.ok(dir === 'inherit' || dir === 'ltr', `${p}: .${cls} has dir ${dir}`);
      }
    }
    // dir="auto" would make this Arabic headline, which opens with "Microsoft", left-to-right.
    const long = pages.get(LONG_ARTICLE)!;
    assert.deepEqual([...dirOf(long, 'headline'), ...dirOf(long, 'standfirst'), ...dirOf(long, 'article-body')], ['inherit', 'inherit', 'inherit']);
    const english = pages.get(ENGLISH_ARTICLE)!;
    assert.deepEqual([...dirOf(english, 'headline'), ...dirOf(english, 'standfirst'), ...dirOf(english, 'article-body')], ['ltr', 'ltr', 'ltr']);
    const listing = pages.get('/tags/english/')!;
    assert.deepEqual([...dirOf(listing, 'card-title'), ...dirOf(listing, 'card-summary')], ['ltr', 'ltr'], 'the English card on its tag page');
  });
});
