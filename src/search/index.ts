// Site search (issue 4 §5) with Pagefind, run as part of the build: every article is indexed
// from a small synthetic document holding its text folded for Arabic search (normalize.ts),
// while the original title, summary and date travel as metadata for display. The browser
// script (templates/assets/search.js) folds queries with the same table. This module makes the
// documents and the keys that name them; bundles.ts decides which bundles a build makes (a base
// and a delta, issue 6), worker.ts and pagefind.ts run Pagefind.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Article, Site } from '../model.js';
import { finishBody } from '../render/body.js';
import { escapeHtml } from '../render/html.js';
import { encodePath, siteUrl } from '../render/urls.js';
import type { ArticleView, ImageView } from '../render/views.js';
import type { SiteModel } from '../site/assemble.js';
import { foldForSearch, SEARCH_FOLDING } from './normalize.js';

/** Folder of the base Pagefind bundle in the built site (every article). */
export const PAGEFIND_DIR = 'pagefind';
/** Folder of the delta bundle (articles added or changed since the base was made; issue 6). */
export const DELTA_DIR = 'pagefind-delta';
/** The delta's description for the browser: whether it has a bundle, and the base pages it supersedes. */
export const DELTA_MANIFEST = `${DELTA_DIR}/midad-delta.json`;

/** Pagefind's own UIs are not used (not RTL-clean): their files are not published. */
export const UNUSED_BUNDLE_FILE = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/;

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
  /** Made on demand (a body in memory is read only then). */
  spec: () => DocSpec;
}

/** What the index is made from: one document per article, in site order. */
export interface SearchSource {
  /** ISO 639-1 code the whole index is built for. */
  language: string;
  /** The site's language, for the documents' `lang`. */
  siteLanguage: string;
  /** At most this many words of each body are indexed. */
  bodyWords: number;
  /** Hash of how documents are made (document format, folding, body budget, Pagefind version). */
  config: string;
  docs: SearchDoc[];
}

export interface SearchSourceOptions {
  /** At most this many words of each body are indexed (default: all; see searchBodyWords). */
  bodyWords?: number;
}

/**
 * The search source of a site. Keys are computed from what each document is made of (its
 * metadata and body hash), so an unchanged site is recognised without reading a single body;
 * documents are made in the indexing thread, one at a time, so a large site is never held whole.
 */
export async function searchSource(model: SiteModel, view: (a: Article) => ArticleView, bodies: BodyReader, opts: SearchSourceOptions = {}): Promise<SearchSource> {
  const language = primaryLanguage(model.site.language);
  const words = opts.bodyWords ?? Infinity;
  const config = createHash('sha1')
    .update(`${await pagefindVersion()}\0${language}\0${model.site.language}\0${words}\0${UNUSED_BUNDLE_FILE.source}\0`)
    // How dates are written in the documents (docKey has the instant only, through the file's bytes).
    .update(`${model.site.timezone}\0${model.site.digits}\0`)
    // The code that makes a document is part of its key: a change to it makes the base again.
    .update(`${searchDocument.toString()}\0${documentOf.toString()}\0${htmlToText.toString()}\0${firstWords.toString()}\0${JSON.stringify(SEARCH_FOLDING)}`)
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
    return { url, key: docKey(url, a), spec };
  });
  return { language, siteLanguage: model.site.language, bodyWords: words, config, docs };
}

/** Image views as far as a body's text goes: any image shows, its caption and credit are text. */
const TEXT_ONLY_IMAGE: ImageView = { src: '', srcset: '', width: 0, height: 0, alt: '' };

/**
 * An article's search document from its spec and its body as stored: the body is finished as
 * for its page (figure captions and credits put in; image and link URLs, which are no text, left
 * out), then turned into searchDocument.
 */
export function documentOf(siteLanguage: string, spec: DocSpec, storedBody: string, bodyWords: number): string {
  const article = {
    title: spec.title,
    summary: spec.summary,
    section: { name: spec.section },
    tags: spec.tags.map((name) => ({ name })),
    authors: spec.authors.map((name) => ({ name })),
    bodyImages: spec.images.map(([caption, credit]) => ({ alt: '', ...(caption !== null ? { caption } : {}), ...(credit !== null ? { credit } : {}) })),
    ...(spec.hero ? { image: {} } : {}),
  } as unknown as Article;
  const body = finishBody(article, storedBody, () => TEXT_ONLY_IMAGE, []);
  return searchDocument({ language: siteLanguage } as Site, article, { date: { dateText: spec.date } } as ArticleView, body, bodyWords);
}

/**
 * The index holds every word of every body while the site's bodies total at most this many
 * words (about 2,700 articles of 750 words). Pagefind's work and memory grow with the words it
 * indexes (measured at 10,000 articles of 500–900 words: about 3 µs of CPU per word plus 1 ms
 * per article; peak memory 2.5 GB with every word, 1.4 GB with 150 a body), so a larger archive
 * indexes the start of each body: the lede, where a news article puts its facts. Titles,
 * summaries, sections, tags and authors are always indexed whole.
 */
export const FULL_TEXT_WORDS = 2_000_000;
/** The per-article caps a large archive steps down through (so the cap, and the base, rarely change). */
const BODY_WORD_CAPS = [600, 400, 300, 200, 150];

/** How far the total may pass FULL_TEXT_WORDS before an index keeps its cap no longer (and, below, before a larger cap returns). */
const CAP_SLACK = 0.15;

/**
 * How many words of each body the index holds (Infinity: the whole text), from the bodies'
 * word counts: the largest cap that keeps the total within FULL_TEXT_WORDS, at least 150.
 * `previous`, the cap the current index was made with, is kept while the total stays within
 * 15% of the budget: a cap that changed with every article added near a step would make the
 * whole index again (the cap is in every document) instead of a small delta (issue 6).
 * MIDAD_SEARCH_BODY_WORDS (a number, or "all") overrides it: an internal switch for measurements.
 */
export function searchBodyWords(wordCounts: readonly number[], previous?: number): number {
  const env = process.env.MIDAD_SEARCH_BODY_WORDS;
  if (env === 'all') return Infinity;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  const total = (cap: number): number => wordCounts.reduce((sum, n) => sum + Math.min(n, cap), 0);
  const fits = (cap: number, budget: number): boolean => total(cap) <= budget;
  const ideal = fits(Infinity, FULL_TEXT_WORDS) ? Infinity : BODY_WORD_CAPS.find((cap) => fits(cap, FULL_TEXT_WORDS)) ?? BODY_WORD_CAPS[BODY_WORD_CAPS.length - 1]!;
  if (previous === undefined || previous === ideal || !(previous === Infinity || BODY_WORD_CAPS.includes(previous))) return ideal;
  // A smaller cap than before only once the old one is well over budget; a larger one only once it is well within.
  if (previous > ideal) return fits(previous, FULL_TEXT_WORDS * (1 + CAP_SLACK)) ? previous : ideal;
  return fits(ideal, FULL_TEXT_WORDS * (1 - CAP_SLACK)) ? ideal : previous;
}

/**
 * Everything a search document is made from, hashed (see searchDocument): the article file's
 * bytes (its title, summary, date, captions and credits; the body as stored has its own hash,
 * which also covers how site.yml makes it), the names site.yml and the other articles give its
 * section, authors and tags, and its URL. How its date is written is in the source's config.
 * Made for every article on every build, so from short strings (a JSON of 10,000 Arabic titles
 * and summaries cost a tenth of a second).
 */
function docKey(url: string, a: Article): string {
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

/**
 * The document Pagefind indexes for an article: the folded title (as h1, which Pagefind weighs
 * most), summary, section, tags, authors and body text; for display, metadata in the original
 * spelling (`headline`, `summary`, `section`, `date`). With `bodyWords`, only the body's first
 * words are indexed (a news article's lede carries its facts).
 */
export function searchDocument(site: Site, a: Article, v: ArticleView, bodyHtml: string, bodyWords = Infinity): string {
  const f = (s: string): string => escapeHtml(foldForSearch(s));
  const e = escapeHtml;
  const meta = (key: string, value: string | undefined): string => (value ? `<span data-pagefind-meta="${key}">${e(value)}</span>` : '');
  return [
    `<!DOCTYPE html><html lang="${e(site.language)}"><head><meta charset="utf-8"><title>${e(a.title)}</title></head><body>`,
    '<main data-pagefind-body>',
    `<h1>${f(a.title)}</h1>`,
    `<p>${f(a.summary)}</p>`,
    `<p>${f([a.section.name, ...a.tags.map((t) => t.name), ...a.authors.map((au) => au.name)].join(' · '))}</p>`,
    `<div>${f(firstWords(bodyHtml, bodyWords))}</div>`,
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

/**
 * The first `n` words of body HTML's text (all of it when n is Infinity). Only as much of the
 * HTML as the words need is converted: a long body costs no more than a short one.
 */
export function firstWords(html: string, n: number): string {
  if (!Number.isFinite(n)) return htmlToText(html);
  if (n <= 0) return '';
  for (let take = n * 16 + 256; ; take *= 2) {
    const whole = take >= html.length;
    let part = whole ? html : html.slice(0, take);
    if (!whole) {
      // A cut inside a comment would turn its text into words: convert the whole body instead.
      if (part.lastIndexOf('<!--') > part.lastIndexOf('-->')) return cut(htmlToText(html), n);
      // Nor may a cut tag become words: the part ends before it.
      const lt = part.lastIndexOf('<');
      if (lt > part.lastIndexOf('>')) part = part.slice(0, lt);
    }
    const text = htmlToText(part);
    // n + 1 words in the part: the first n are whole, and nothing cut off after them matters.
    const end = nthSpace(text, n);
    if (whole || (end >= 0 && nthSpace(text, n + 1) >= 0)) return end >= 0 ? text.slice(0, end) : text;
  }
}

function cut(text: string, n: number): string {
  const end = nthSpace(text, n);
  return end >= 0 ? text.slice(0, end) : text;
}

/** Index of the space after the n-th word of single-spaced text, or -1 when it has fewer words. */
function nthSpace(text: string, n: number): number {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = text.indexOf(' ', i + 1);
    if (i < 0) return -1;
  }
  return i;
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
      // Fetched fresh by the script: says whether a delta bundle exists and which base pages it supersedes.
      delta: siteUrl(site, `/${DELTA_MANIFEST}`),
      language: site.language,
      digits: site.digits,
      strings: searchStrings(site.language),
    }),
  };
}
