// Site search (issue 4 §5) with Pagefind's Node API, run in memory as part of the build: every
// article is indexed from a small synthetic document holding its text folded for Arabic search
// (normalize.ts), while the original title, summary and date travel as metadata for display.
// The browser script (templates/assets/search.js) folds queries with the same table.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Article, Site } from '../model.js';
import { escapeHtml } from '../render/html.js';
import { encodePath, siteUrl } from '../render/urls.js';
import type { ArticleView } from '../render/views.js';
import type { SiteModel } from '../site/assemble.js';
import { foldForSearch } from './normalize.js';

/** Folder of the Pagefind bundle in the built site. */
export const PAGEFIND_DIR = 'pagefind';

/** Pagefind's own UIs are not used (not RTL-clean): their files are not published. */
const UNUSED = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/;

export interface SearchFile {
  path: string;
  bytes: Buffer;
}

/** The search page's CSP: the site default plus WebAssembly, which Pagefind runs. */
export const SEARCH_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

/** What the index is made from: one synthetic document per article, made on demand. */
export interface SearchInput {
  /** ISO 639-1 code the whole index is built for. */
  language: string;
  docs: () => Iterable<{ url: string; content: string }>;
}

/** The search input of a site; documents are made lazily, so a large site is never held whole. */
export function searchInput(model: SiteModel, view: (a: Article) => ArticleView, bodyOf: (a: Article) => string): SearchInput {
  return {
    language: primaryLanguage(model.site.language),
    docs: function* () {
      // Pagefind puts its base URL (the site's path, from where pagefind.js is served) in front.
      for (const a of model.articles) yield { url: `/${encodePath(a.permalink.replace(/^\//, ''))}`, content: searchDocument(model.site, a, view(a), bodyOf(a)) };
    },
  };
}

/** A hash of everything the index is made from: the same key means the same bundle. */
export async function searchKey(input: SearchInput): Promise<string> {
  const h = createHash('sha1').update(`${await pagefindVersion()}\0${input.language}\0${UNUSED.source}\0`);
  for (const d of input.docs()) h.update(d.url).update('\0').update(d.content).update('\0');
  return h.digest('hex');
}

/** Documents in flight to the Pagefind service at once (it indexes them in parallel). */
const IN_FLIGHT = 16;

/**
 * Builds the index. Resolves to the bundle's files (under pagefind/), or rejects with a message
 * when Pagefind fails (reported by the caller as a build error).
 */
export async function buildSearchIndex(input: SearchInput): Promise<SearchFile[]> {
  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex({ forceLanguage: input.language });
  if (!index) throw new Error(errors.join('; ') || 'Pagefind did not start');
  try {
    const docs = input.docs()[Symbol.iterator]();
    const worker = async (): Promise<void> => {
      for (let d = docs.next(); !d.done; d = docs.next()) {
        const r = await index.addHTMLFile(d.value);
        if (r.errors.length) throw new Error(`${d.value.url}: ${r.errors.join('; ')}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const out = await index.getFiles();
    if (out.errors.length) throw new Error(out.errors.join('; '));
    return out.files
      .filter((f) => !UNUSED.test(f.path))
      .map((f) => ({ path: `${PAGEFIND_DIR}/${f.path.replace(/\\/g, '/')}`, bytes: Buffer.from(f.content) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } finally {
    // The Pagefind service is shared by the process (and unref'd): drop this index, keep it running.
    await index.deleteIndex().catch(() => undefined);
  }
}

let version: Promise<string> | undefined;
function pagefindVersion(): Promise<string> {
  // The package exports only its entry point: find package.json beside lib/index.js.
  version ??= readFile(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8')
    .then((t) => (JSON.parse(t) as { version: string }).version)
    .catch(() => 'unknown');
  return version;
}

/**
 * The document Pagefind indexes for an article: the folded title (as h1, which Pagefind weighs
 * most), summary, section, tags, authors and body text; for display, metadata in the original
 * spelling (`headline`, `summary`, `section`, `date`).
 */
export function searchDocument(site: Site, a: Article, v: ArticleView, bodyHtml: string): string {
  const f = (s: string): string => escapeHtml(foldForSearch(s));
  const e = escapeHtml;
  const meta = (key: string, value: string | undefined): string => (value ? `<span data-pagefind-meta="${key}">${e(value)}</span>` : '');
  return [
    `<!DOCTYPE html><html lang="${e(site.language)}"><head><meta charset="utf-8"><title>${e(a.title)}</title></head><body>`,
    '<main data-pagefind-body>',
    `<h1>${f(a.title)}</h1>`,
    `<p>${f(a.summary)}</p>`,
    `<p>${f([a.section.name, ...a.tags.map((t) => t.name), ...a.authors.map((au) => au.name)].join(' · '))}</p>`,
    `<div>${f(htmlToText(bodyHtml))}</div>`,
    // Pagefind (1.5+) also matches metadata, and weighs `title` most: so `title` is folded like
    // the query, and the display fields hold only what describes the article anyway.
    '<div data-pagefind-ignore>',
    meta('title', foldForSearch(a.title)),
    meta('headline', a.title),
    meta('summary', a.summary),
    meta('section', a.section.name),
    meta('date', v.date.dateText),
    '</div>',
    '</main></body></html>',
  ].join('\n');
}

/** Visible text of body HTML: tags dropped (block ends become spaces), entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (_m, dec: string, hex: string, named: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[named.toLowerCase()]!;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** `ar-IQ` → `ar`: Pagefind keys its per-language index (and stemmer) by ISO 639-1 code. */
export function primaryLanguage(language: string): string {
  return language.toLowerCase().split('-')[0]!;
}

/** Words the search script shows, in the site's language. `{n}` a count, `{q}` the query. */
export function searchStrings(language: string): Record<string, unknown> {
  if (primaryLanguage(language) === 'ar') {
    return {
      results: { zero: 'لا نتائج لـ «{q}»', one: 'نتيجة واحدة لـ «{q}»', two: 'نتيجتان لـ «{q}»', few: '{n} نتائج لـ «{q}»', many: '{n} نتيجة لـ «{q}»', other: '{n} نتيجة لـ «{q}»' },
      loading: 'جارٍ البحث…',
      more: 'المزيد من النتائج',
      failed: 'تعذّر تحميل البحث. أعد تحميل الصفحة وحاول مجدداً.',
    };
  }
  return {
    results: { zero: 'No results for “{q}”', one: '1 result for “{q}”', other: '{n} results for “{q}”' },
    loading: 'Searching…',
    more: 'More results',
    failed: 'Search could not be loaded. Reload the page and try again.',
  };
}

/** What templates/search.njk gets as `search`; `config` is JSON for the script's data attribute. */
export function searchPageData(site: Site, scriptUrl: string): { script: string; config: string } {
  return {
    script: scriptUrl,
    config: JSON.stringify({
      bundle: siteUrl(site, `/${PAGEFIND_DIR}/pagefind.js`),
      language: site.language,
      digits: site.digits,
      strings: searchStrings(site.language),
    }),
  };
}
