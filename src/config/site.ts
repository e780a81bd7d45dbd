// content/site.yml → Site: every key checked, with positions.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Node, Pair } from 'yaml';
import { DiagnosticBag, didYouMean } from '../diagnostics.js';
import { msg, render, type Message } from '../messages/index.js';
import { isValidTimeZone } from '../content/dates.js';
import { LineIndex, stripBom, type Position } from '../content/positions.js';
import { FieldReader } from '../content/yaml-fields.js';
import { isMap, isScalar, isSeq, mapEntries, parseYamlSegment, valueNode, type YamlSource } from '../content/yaml-source.js';
import type { Author, ImageRef, Section, Site, SiteLink } from '../model.js';
import { readEditor } from './editor.js';
import { SITE_ADDRESSES } from '../site/reserved.js';

export const SITE_FILE = 'content/site.yml';

const SITE_KEYS = [
  'title', 'description', 'baseUrl', 'language', 'direction', 'timezone', 'digits', 'pageSize',
  'permalink', 'sections', 'authors', 'defaultAuthor', 'imageQuality', 'maxImagePixels', 'logo',
  'share', 'social', 'editor',
] as const;

/** The networks an article page can offer share links for, in the order they are shown by default. */
export const SHARE_NETWORKS = ['whatsapp', 'telegram', 'x', 'facebook', 'email'] as const;
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];


const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku-arab', 'ps', 'sd', 'ug', 'ur', 'yi']);

/**
 * What is known of a site.yml that has errors: a Site made of its valid parts, and whether
 * its sections and authors lists can be trusted, so that articles can still be checked (and
 * their errors shown in the same run) without false "unknown section" reports.
 */
export interface PartialSite {
  site: Site;
  sectionsKnown: boolean;
  authorsKnown: boolean;
}

/** Reads and validates content/site.yml; returns undefined when it has errors (reported into `bag`). */
export async function loadSite(
  root: string, bag: DiagnosticBag, sources: Map<string, string>, baseUrlOverride?: string,
  onPartial?: (partial: PartialSite) => void,
): Promise<Site | undefined> {
  const fallback = (site: Partial<Site>, sectionsKnown: boolean, authorsKnown: boolean): undefined => {
    onPartial?.({
      site: {
        root, title: '', description: '', baseUrl: 'https://example.invalid/', language: 'ar', direction: 'rtl', timezone: 'UTC',
        digits: 'latn', pageSize: 20, permalink: '/articles/{yyyy}/{mm}/{dd}/{slug}/', sections: [], authors: [],
        imageQuality: 75, maxImagePixels: 50_000_000, ...site,
      },
      sectionsKnown, authorsKnown,
    });
    return undefined;
  };
  let text: string;
  try {
    text = stripBom(await readFile(path.join(root, SITE_FILE), 'utf8'));
  } catch {
    bag.error(SITE_FILE, 1, 1, 'missing-site', msg('missing-site', { file: SITE_FILE }));
    return fallback({}, false, false);
  }
  sources.set(SITE_FILE, text);
  const before = bag.errorCount;
  const index = new LineIndex(text);
  const y = parseYamlSegment(SITE_FILE, index, 0, text.length, bag);
  if (y.refused) return fallback({}, false, false);
  if (!isMap(y.doc.contents)) {
    if (bag.errorCount === before) bag.error(SITE_FILE, 1, 1, 'site-not-map', msg('site-not-map', { file: SITE_FILE }));
    return fallback({}, false, false);
  }
  const v = new SiteReader(y, bag, root);
  const entries = v.knownKeys(y.doc.contents, SITE_KEYS, (key, suggestion) => msg('site-unknown-key', { key, suggestion }));
  const need = (key: string): Pair | undefined => {
    const p = entries.get(key);
    if (!p) bag.error(SITE_FILE, 1, 1, 'missing-key', msg('site-missing-key', { key }));
    return p;
  };

  const title = v.text(need('title'), 'title');
  const description = v.text(need('description'), 'description');
  let baseUrl = baseUrlOverride ?? v.text(need('baseUrl'), 'baseUrl');
  if (baseUrl !== undefined) {
    const checked = checkBaseUrl(baseUrl);
    if (typeof checked !== 'string') {
      if (baseUrlOverride === undefined) v.at(valueNode(entries.get('baseUrl')!), 'invalid-base-url', checked.error);
      else bag.error(SITE_FILE, 1, 1, 'invalid-base-url', msg('base-url-option', { reason: render(checked.error, 'en') }));
      baseUrl = undefined;
    } else baseUrl = checked;
  }
  let language = v.text(entries.get('language'), 'language') ?? 'ar';
  try {
    language = Intl.getCanonicalLocales(language)[0]!;
  } catch {
    v.at(valueNode(entries.get('language')!), 'invalid-language', msg('invalid-language', { value: language }));
  }
  const primary = language.toLowerCase().split('-')[0]!;
  const direction = (v.oneOf(entries.get('direction'), 'direction', ['rtl', 'ltr']) ??
    (RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr')) as 'rtl' | 'ltr';
  const timezone = v.text(entries.get('timezone'), 'timezone') ?? 'UTC';
  if (!isValidTimeZone(timezone)) v.at(valueNode(entries.get('timezone')!), 'invalid-timezone', msg('invalid-timezone', { value: timezone }));
  const digits = (v.oneOf(entries.get('digits'), 'digits', ['latn', 'arab']) ?? 'latn') as 'latn' | 'arab';
  const pageSize = v.integer(entries.get('pageSize'), 'pageSize', 1, 1000) ?? 20;
  const imageQuality = v.integer(entries.get('imageQuality'), 'imageQuality', 1, 100) ?? 75;
  const maxImagePixels = v.integer(entries.get('maxImagePixels'), 'maxImagePixels', 1, 1_000_000_000) ?? 50_000_000;
  const permalink = v.text(entries.get('permalink'), 'permalink') ?? '/articles/{yyyy}/{mm}/{dd}/{slug}/';
  const permalinkError = checkPermalink(permalink);
  if (permalinkError) v.at(valueNode(entries.get('permalink')!), 'invalid-permalink', permalinkError);
  const logo = v.text(entries.get('logo'), 'logo');
  const share = v.shareList(entries.get('share'));
  const social = v.links(entries.get('social'), 'social');
  const editorPair = entries.get('editor');
  const editor = editorPair ? readEditor(editorPair, y, bag, SITE_FILE) : undefined;

  const beforeSections = bag.errorCount;
  const sections = v.list<Section>(need('sections'), 'sections', 'section', true);
  const sectionsKnown = bag.errorCount === beforeSections;
  const beforeAuthors = bag.errorCount;
  const authors = v.list<Author>(entries.get('authors'), 'authors', 'author', false);
  const authorsKnown = bag.errorCount === beforeAuthors;
  for (const s of sections) {
    if (SITE_ADDRESSES.has(s.slug)) bag.error(SITE_FILE, s.line, s.column, 'reserved-slug', msg('reserved-slug', { slug: s.slug }));
  }
  const defaultAuthor = v.text(entries.get('defaultAuthor'), 'defaultAuthor');
  if (defaultAuthor !== undefined && !authors.some((a) => a.slug === defaultAuthor)) {
    v.at(valueNode(entries.get('defaultAuthor')!), 'unknown-author', msg('unknown-default-author', { author: defaultAuthor, suggestion: didYouMean(defaultAuthor, authors.map((a) => a.slug)) }));
  }
  const timezoneOk = isValidTimeZone(timezone);
  if (bag.errorCount > before || title === undefined || description === undefined || baseUrl === undefined) {
    return fallback({
      language, direction, digits, pageSize, ...(timezoneOk ? { timezone } : {}),
      sections: sections.map(({ slug, name }) => ({ slug, name })),
      authors: authors.map(({ slug, name, photo }) => ({ slug, name, ...(photo ? { photo } : {}) })),
      ...(defaultAuthor !== undefined && authors.some((a) => a.slug === defaultAuthor) ? { defaultAuthor } : {}),
    }, sectionsKnown, authorsKnown);
  }
  return {
    root, title, description, baseUrl, language, direction, timezone, digits, pageSize, permalink,
    sections: sections.map(({ slug, name }) => ({ slug, name })),
    authors: authors.map(({ slug, name, bio, photo, links }) => ({ slug, name, ...(bio !== undefined ? { bio } : {}), ...(photo ? { photo } : {}), ...(links?.length ? { links } : {}) })),
    ...(defaultAuthor !== undefined ? { defaultAuthor } : {}),
    imageQuality, maxImagePixels, ...(logo !== undefined ? { logo } : {}),
    share, ...(social.length ? { social } : {}), ...(editor ? { editor } : {}),
  };
}

/**
 * Where the value of a top-level key of content/site.yml starts, from the YAML's node ranges
 * (1:1 when the file or the key is not there). Its errors were told when the site was loaded.
 */
export async function siteValuePosition(root: string, key: string): Promise<Position> {
  const text = stripBom(await readFile(path.join(root, SITE_FILE), 'utf8').catch(() => ''));
  const y = parseYamlSegment(SITE_FILE, new LineIndex(text), 0, text.length, new DiagnosticBag());
  const pair = isMap(y.doc.contents) ? mapEntries(y.doc.contents).find(([k]) => k === key)?.[1] : undefined;
  return pair ? y.pos(valueNode(pair)) : { line: 1, column: 1 };
}

/** An absolute http(s) URL with a trailing slash, or an error. */
export function checkBaseUrl(value: string): string | { error: Message } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: msg('base-url-not-absolute', { value }) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: msg('base-url-scheme', { value }) };
  if (url.search || url.hash) return { error: msg('base-url-query', { value }) };
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function checkPermalink(p: string): Message | undefined {
  if (!p.startsWith('/') || !p.endsWith('/')) return msg('permalink-slashes', { value: p });
  if (!p.includes('{slug}')) return msg('permalink-no-slug', { value: p });
  const unknown = /\{(?!(?:yyyy|mm|dd|slug|section)\})[^}]*\}/.exec(p);
  if (unknown) return msg('permalink-placeholder', { value: p, placeholder: unknown[0] });
  if (/\/\//.test(p) || /(^|\/)\.\.?(\/|$)/.test(p)) return msg('permalink-dot-segment', { value: p });
  // Every segment becomes a folder: one named like a file the site writes (its home page, a
  // feed, robots.txt…) would put the articles where that file must go.
  const file = p.split('/').find((seg) => SITE_FILE_NAMES.test(seg));
  if (file) return msg('permalink-file-name', { value: p, file });
  return undefined;
}

/** Names of files the site writes in its folders (home, feeds, sitemaps, robots.txt, 404, midad's manifest). */
export const SITE_FILE_NAMES = /^(?:index\.html|404\.html|feed\.xml|robots\.txt|news-sitemap\.xml|sitemap(?:-\d+)?\.xml|\.midad-manifest\.json)$/;

/** What an author may have besides slug and name. */
const AUTHOR_EXTRA_KEYS = ['bio', 'photo', 'links'];

/** An absolute http(s) URL with a host, or a mailto: address: what a footer or author link may be. */
export function isLinkUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.includes('@');
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

type Positioned<T> = T & { line: number; column: number };

/** Reads typed values out of site.yml, reporting each problem at its node: what only site.yml has. */
class SiteReader extends FieldReader {
  constructor(y: YamlSource, bag: DiagnosticBag, private readonly root: string) {
    super(SITE_FILE, y, bag);
  }

  /** `share`: a list of known networks, each once; absent means all of them. */
  shareList(pair: Pair | undefined): ShareNetwork[] {
    if (!pair) return [...SHARE_NETWORKS];
    const node = valueNode(pair);
    if (node === null) return [...SHARE_NETWORKS];
    if (!isSeq(node)) {
      this.at(node, 'invalid-type', msg('share-not-list', { networks: [...SHARE_NETWORKS] }));
      return [];
    }
    const out: ShareNetwork[] = [];
    for (const item of node.items as Node[]) {
      const name = isScalar(item) && typeof item.value === 'string' ? item.value.trim().toLowerCase() : undefined;
      if (name === undefined || !(SHARE_NETWORKS as readonly string[]).includes(name)) {
        const shown = isScalar(item) ? String(item.value) : '';
        this.at(item, 'unknown-share-network', msg('unknown-share-network', { network: shown, networks: [...SHARE_NETWORKS], suggestion: name ? didYouMean(name, SHARE_NETWORKS) : undefined }));
        continue;
      }
      if (out.includes(name as ShareNetwork)) {
        this.at(item, 'duplicate-share-network', msg('duplicate-share-network', { network: name }));
        continue;
      }
      out.push(name as ShareNetwork);
    }
    return out;
  }

  /**
   * `social` or an author's `links`: a map of names to http(s) or mailto URLs, in the order
   * written. Each bad value is an error at it.
   */
  links(pair: Pair | undefined, key: string): SiteLink[] {
    if (!pair) return [];
    const node = valueNode(pair);
    if (node === null) return [];
    if (!isMap(node)) {
      this.at(node, 'invalid-type', msg('links-not-map', { key }));
      return [];
    }
    const out: SiteLink[] = [];
    for (const [network, p] of mapEntries(node)) {
      const value = valueNode(p);
      const url = isScalar(value) && typeof value.value === 'string' ? value.value.trim() : '';
      if (!isLinkUrl(url)) {
        this.at(value ?? p, 'invalid-link', msg('link-not-url', { key: `${key}.${network}`, value: isScalar(value) ? String(value.value ?? '') : '' }));
        continue;
      }
      out.push({ network, url });
    }
    return out;
  }

  /** An author's `photo`: a path relative to the site root, checked (exists, is an image) by the image stage. */
  photo(pair: Pair, name: string): ImageRef | undefined {
    const src = this.text(pair, 'photo');
    if (src === undefined) return undefined;
    const p = this.y.pos(valueNode(pair));
    return { src, path: path.resolve(this.root, src), alt: name, pos: { file: SITE_FILE, line: p.line, column: p.column } };
  }

  /** A list of {slug, name[, bio]} maps with unique, valid slugs. */
  list<T extends { slug: string; name: string }>(pair: Pair | undefined, key: string, what: string, required: boolean): Array<Positioned<T>> {
    const out: Array<Positioned<T>> = [];
    if (!pair) return out;
    const node = valueNode(pair);
    if (!isSeq(node) || (required && node.items.length === 0)) {
      this.at(node ?? pair, 'invalid-type', msg('site-not-list', { key, required }));
      return out;
    }
    const seen = new Set<string>();
    for (const item of node.items as Node[]) {
      if (!isMap(item)) {
        this.at(item, 'invalid-type', msg('site-entry-not-map', { what }));
        continue;
      }
      const known = ['slug', 'name', ...(what === 'author' ? AUTHOR_EXTRA_KEYS : [])];
      const fields = this.knownKeys(item, known, (key, suggestion) => msg('site-entry-unknown-key', { key, what, suggestion }));
      const slugPair = fields.get('slug');
      const namePair = fields.get('name');
      if (!slugPair || !namePair) {
        this.at(item, 'missing-key', msg('site-entry-missing', { what, key: !slugPair ? 'slug' : 'name' }));
        continue;
      }
      const slug = this.text(slugPair, 'slug');
      const name = this.text(namePair, 'name');
      // A bio is read like a summary: its quotation marks follow the words they hold.
      const bio = this.prose(fields.get('bio'), 'bio');
      const photo = fields.has('photo') && name !== undefined ? this.photo(fields.get('photo')!, name) : undefined;
      const links = fields.has('links') ? this.links(fields.get('links'), 'links') : undefined;
      if (slug === undefined || name === undefined) continue;
      const p = this.y.pos(valueNode(slugPair));
      if (!SLUG.test(slug)) {
        this.at(valueNode(slugPair), 'invalid-slug', msg('site-entry-slug', { what, slug }));
        continue;
      }
      if (seen.has(slug)) {
        this.at(valueNode(slugPair), 'duplicate-slug', msg('site-entry-twice', { what, slug }));
        continue;
      }
      seen.add(slug);
      out.push({ slug, name, ...(bio !== undefined ? { bio } : {}), ...(photo ? { photo } : {}), ...(links?.length ? { links } : {}), line: p.line, column: p.column } as Positioned<T>);
    }
    return out;
  }
}
