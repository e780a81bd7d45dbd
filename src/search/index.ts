// Site search with Pagefind, run as part of the build: every article is indexed
// from a small synthetic document holding its text folded for Arabic search (normalize.ts),
// while the original title, summary and date travel as metadata for display. The browser
// script (templates/assets/search.js) folds queries with the same table. This module makes the
// documents and the keys that name them; shards.ts splits them into shards by publication time,
// bundles.ts decides which shards a build makes again, worker.ts and pagefind.ts run Pagefind,
// merge.ts makes the one bundle the site publishes from the shards'.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PlacedArticle, Site } from '../model.js';
import { finishBody } from '../render/body.js';
import { escapeHtml } from '../render/html.js';
import { encodePath, siteUrl } from '../render/urls.js';
import type { ArticleView, ImageView } from '../render/views.js';
import type { SiteModel } from '../site/assemble.js';
import { foldForSearch, SEARCH_FOLDING } from './normalize.js';

/** Folder of the search bundle in the built site (one Pagefind bundle, merged from the shards'). */
export const PAGEFIND_DIR = 'pagefind';

/** The search page's CSP: the site default plus WebAssembly, which Pagefind runs. */
export const SEARCH_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * What an article's search document is made of, as plain data that can be sent to the indexing
 * thread (src/search/worker.ts): metadata in its original spelling, and the body's place.
 */
export interface DocSpec {
  /** Site-relative and percent-encoded; Pagefind puts the site's path (from where pagefind.js is served) in front. */
  url: string;
  title: string;
  summary: string;
  section: string;
  tags: string[];
  authors: string[];
  /** The date as readers see it. */
  date: string;
  /** Caption and credit of each body image, in order (finishBody puts them into the body's text). */
  images: Array<[caption: string | null, credit: string | null]>;
  hero: boolean;
  /** The body as stored (placeholders unresolved): where it is in the body pack, or the HTML itself. */
  body: BodyRef;
}

/** A body in the body pack (offset and length in bytes), or in memory. */
export type BodyRef = { file: string; offset: number; length: number; hash: string } | { html: string };

/** Where the indexer finds a body; with its hash, which the bytes read must match. */
function locateBody(bodies: BodyReader, hash: string): BodyRef {
  const at = bodies.locate(hash);
  return at ? { ...at, hash } : { html: bodies.get(hash) };
}

/** Where bodies are: the build's body store (src/cache/body-store.ts). */
export interface BodyReader {
  get(hash: string): string;
  locate(hash: string): { file: string; offset: number; length: number } | undefined;
}

/** One article's search document: its URL, a key naming its content, and what it is made of. */
export interface SearchDoc {
  url: string;
  /** Hash of everything the document is made from: the same key means the same document. */
  key: string;
  /** Where it sorts in publication time (its date, then its URL): shards are ranges of it. */
  order: string;
  /** About how many words it holds (body, title and summary): shards are bounded by it. */
  words: number;
  /** Made on demand (a body in memory is read only then). */
  spec: () => DocSpec;
}

/** What the index is made from: one document per article, in site order. */
export interface SearchSource {
  /** ISO 639-1 code the whole index is built for. */
  language: string;
  /** The site's language, for the documents' `lang`. */
  siteLanguage: string;
  /** Hash of how documents are made (document format, folding, Pagefind version). */
  config: string;
  /** In publication order, oldest first. */
  docs: SearchDoc[];
}

/**
 * The search source of a site. Keys are computed from what each document is made of (its
 * metadata and body hash), so an unchanged site is recognised without reading a single body;
 * documents are made in the indexing thread, one at a time, so a large site is never held whole.
 */
export async function searchSource(model: SiteModel, view: (a: PlacedArticle) => ArticleView, bodies: BodyReader): Promise<SearchSource> {
  const language = primaryLanguage(model.site.language);
  const config = createHash('sha1')
    .update(`${await pagefindVersion()}\0${language}\0${model.site.language}\0`)
    // How dates are written in the documents (docKey has the instant only, through the file's bytes).
    .update(`${model.site.timezone}\0${model.site.digits}\0`)
    // The code that makes a document is part of its key: a change to it makes the base again.
    .update(`${searchDocument.toString()}\0${documentOf.toString()}\0${htmlToText.toString()}\0${JSON.stringify(SEARCH_FOLDING)}`)
    .digest('hex');
  const docs = model.articles.map((a): SearchDoc => {
    const url = `/${encodePath(a.permalink.replace(/^\//, ''))}`;
    const spec = (): DocSpec => ({
      url,
      title: a.title,
      summary: a.summary,
      section: a.section.name,
      tags: a.tags.map((t) => t.name),
      authors: a.authors.map((au) => au.name),
      date: view(a).date.dateText,
      images: a.bodyImages.map((r) => [r.caption ?? null, r.credit ?? null]),
      hero: Boolean(a.image),
      body: locateBody(bodies, a.bodyHash),
    });
    const order = `${a.date.toISOString()}\0${url}`;
    return { url, key: docKey(url, a), order, words: a.wordCount + WORDS_BESIDE_BODY, spec };
  });
  docs.sort((x, y) => (x.order < y.order ? -1 : x.order > y.order ? 1 : 0));
  return { language, siteLanguage: model.site.language, config, docs };
}

/** Words of a document besides its body's (title, summary, section, tags, authors), about. */
const WORDS_BESIDE_BODY = 40;

/** Image views as far as a body's text goes: any image shows, its caption and credit are text. */
const TEXT_ONLY_IMAGE: ImageView = { src: '', srcset: '', width: 0, height: 0, alt: '' };

/**
 * An article's search document from its spec and its body as stored: the body is finished as
 * for its page (figure captions and credits put in; image and link URLs, which are no text, left
 * out), then turned into searchDocument.
 */
export function documentOf(siteLanguage: string, spec: DocSpec, storedBody: string): string {
  const fields: SearchFields = {
    title: spec.title,
    summary: spec.summary,
    section: { name: spec.section },
    tags: spec.tags.map((name) => ({ name })),
    authors: spec.authors.map((name) => ({ name })),
  };
  const images = spec.images.map(([caption, credit]) => ({ alt: '', ...(caption !== null ? { caption } : {}), ...(credit !== null ? { credit } : {}) }));
  const body = finishBody({ bodyImages: images, ...(spec.hero ? { image: true } : {}) }, storedBody, () => TEXT_ONLY_IMAGE, []);
  return searchDocument(siteLanguage, fields, spec.date, body);
}

/**
 * Everything a search document is made from, hashed (see searchDocument): the article file's
 * bytes (its title, summary, date, captions and credits; the body as stored has its own hash,
 * which also covers how site.yml makes it), the names site.yml and the other articles give its
 * section, authors and tags, and its URL. How its date is written is in the source's config.
 * Made for every article on every build, so from short strings (a JSON of 10,000 Arabic titles
 * and summaries cost a tenth of a second).
 */
function docKey(url: string, a: PlacedArticle): string {
  return createHash('sha1')
    .update(`${url}\0${a.sourceHash}\0${a.bodyHash}\0${a.section.name}\0${a.authors.map((au) => au.name).join('\u0001')}\0${a.tags.map((t) => t.name).join('\u0001')}`)
    .digest('hex')
    .slice(0, 20);
}

let version: Promise<string> | undefined;
function pagefindVersion(): Promise<string> {
  // The package exports only its entry point: find package.json beside lib/index.js.
  version ??= readFile(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8')
    .then((t) => (JSON.parse(t) as { version: string }).version)
    .catch(() => 'unknown');
  return version;
}

/** What of an article its search document shows (a placed article has it all). */
export interface SearchFields {
  title: string;
  summary: string;
  section: { name: string };
  tags: ReadonlyArray<{ name: string }>;
  authors: ReadonlyArray<{ name: string }>;
}

/**
 * The document Pagefind indexes for an article: the folded title (as h1, which Pagefind weighs
 * most), summary, section, tags, authors and body text; for display, metadata in the original
 * spelling (`headline`, `summary`, `section`, `date`). Every word of the body is indexed.
 */
export function searchDocument(language: string, a: SearchFields, dateText: string, bodyHtml: string): string {
  const f = (s: string): string => escapeHtml(foldForSearch(s));
  const e = escapeHtml;
  const meta = (key: string, value: string | undefined): string => (value ? `<span data-pagefind-meta="${key}">${e(value)}</span>` : '');
  return [
    `<!DOCTYPE html><html lang="${e(language)}"><head><meta charset="utf-8"><title>${e(a.title)}</title></head><body>`,
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
    meta('date', dateText),
    '</div>',
    '</main></body></html>',
  ].join('\n');
}

/** Visible text of body HTML: tags dropped (block ends become spaces), entities decoded. */
export function htmlToText(html: string): string {
  // Each pass only when it has something to do: this runs over every body of the site.
  let text = html.includes('<!--') ? html.replace(/<!--[\s\S]*?-->/g, ' ') : html;
  text = text.replace(/<[^>]*>/g, ' ');
  if (text.includes('&')) {
    text = text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (_m, dec: string, hex: string, named: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[named.toLowerCase()]!;
    });
  }
  return text.replace(/\s+/g, ' ').trim();
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
      // The folder of Pagefind's bundle (its entry file is fetched fresh: it changes with every publish).
      bundle: siteUrl(site, `/${PAGEFIND_DIR}/`),
      language: site.language,
      digits: site.digits,
      strings: searchStrings(site.language),
    }),
  };
}
