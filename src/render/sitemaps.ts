// For search engines: sitemap.xml (a sitemap index with sitemap-1.xml … once the
// site passes 50,000 URLs or 50 MB), news-sitemap.xml per Google News, and robots.txt naming both.

import { isoInZone } from '../content/dates.js';
import type { PlacedArticle, OutputFile, Site } from '../model.js';
import type { SiteModel } from '../site/assemble.js';
import { lastModified } from './feeds.js';
import { absoluteUrl } from './urls.js';
import { element, XML_DECLARATION } from './xml.js';

/** One HTML page for the sitemap: absolute, percent-encoded URL; last change, if known. */
export interface SitemapEntry {
  loc: string;
  lastmod?: Date;
}

/** The sitemaps.org limits for one sitemap file. */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
/** Google News: articles of the last two days, at most 1,000. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_MAX = 1000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** A sitemap or robots.txt. */
type TextFile = OutputFile<{ bytes: string }>;

/**
 * sitemap.xml: one `urlset` while the site fits in one file, otherwise a `sitemapindex` at
 * sitemap.xml pointing to sitemap-1.xml, sitemap-2.xml, … in page order.
 */
export function sitemapFiles(site: Site, entries: SitemapEntry[], limits = { urls: SITEMAP_MAX_URLS, bytes: SITEMAP_MAX_BYTES }): TextFile[] {
  const head = `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n`;
  const tail = '</urlset>\n';
  const empty = Buffer.byteLength(head + tail);
  const chunks: Array<{ lines: string[]; bytes: number; lastmod?: Date }> = [{ lines: [], bytes: empty }];
  for (const e of entries) {
    const line = `  <url>${element('loc', e.loc)}${e.lastmod ? element('lastmod', isoInZone(e.lastmod, site.timezone)) : ''}</url>\n`;
    const size = Buffer.byteLength(line);
    let chunk = chunks[chunks.length - 1]!;
    if (chunk.lines.length >= limits.urls || (chunk.lines.length > 0 && chunk.bytes + size > limits.bytes)) {
      chunks.push((chunk = { lines: [], bytes: empty }));
    }
    chunk.lines.push(line);
    chunk.bytes += size;
    if (e.lastmod && (!chunk.lastmod || e.lastmod > chunk.lastmod)) chunk.lastmod = e.lastmod;
  }
  const urlset = (lines: string[]): string => head + lines.join('') + tail;
  if (chunks.length === 1) return [{ path: 'sitemap.xml', bytes: urlset(chunks[0]!.lines) }];
  const index = [
    `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">`,
    ...chunks.map((c, i) => `  <sitemap>${element('loc', absoluteUrl(site, `/sitemap-${i + 1}.xml`))}${c.lastmod ? element('lastmod', isoInZone(c.lastmod, site.timezone)) : ''}</sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
  return [{ path: 'sitemap.xml', bytes: index }, ...chunks.map((c, i) => ({ path: `sitemap-${i + 1}.xml`, bytes: urlset(c.lines) }))];
}

/**
 * news-sitemap.xml: the articles published in the two days before the build (newest first, at
 * most 1,000). With none, the urlset holds the home page alone, without news tags: the
 * sitemaps.org schema wants at least one url, and a url without news tags is no news article.
 */
export function newsSitemap(model: SiteModel): TextFile {
  const { site, now } = model;
  const from = now.getTime() - NEWS_WINDOW_MS;
  const recent = model.articles
    .filter((a) => a.date.getTime() > from && a.date.getTime() <= now.getTime())
    .slice(0, NEWS_MAX);
  const publication = `<news:publication>${element('news:name', site.title)}${element('news:language', newsLanguage(site.language))}</news:publication>`;
  const lines = [
    `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`,
    ...recent.map((a: PlacedArticle) => [
      '  <url>',
      `    ${element('loc', absoluteUrl(site, a.permalink))}`,
      `    ${element('lastmod', isoInZone(lastModified(a), site.timezone))}`,
      '    <news:news>',
      `      ${publication}`,
      `      ${element('news:publication_date', isoInZone(a.date, site.timezone))}`,
      `      ${element('news:title', a.title)}`,
      '    </news:news>',
      '  </url>',
    ].join('\n')),
    ...(recent.length ? [] : [`  <url>${element('loc', absoluteUrl(site, '/'))}</url>`]),
    '</urlset>',
    '',
  ];
  return { path: 'news-sitemap.xml', bytes: lines.join('\n') };
}

/**
 * The Google News language code: the primary subtag (`ar-IQ` → `ar`), except Chinese, which
 * Google wants as `zh-cn` (simplified) or `zh-tw` (traditional).
 */
export function newsLanguage(language: string): string {
  const parts = language.toLowerCase().split('-');
  if (parts[0] === 'zh') return parts.some((p) => p === 'hant' || p === 'tw' || p === 'hk' || p === 'mo') ? 'zh-tw' : 'zh-cn';
  return parts[0]!;
}

/** robots.txt: everything may be crawled; both sitemaps are named. */
export function robotsTxt(site: Site): TextFile {
  return {
    path: 'robots.txt',
    bytes: ['User-agent: *', 'Allow: /', '', `Sitemap: ${absoluteUrl(site, '/sitemap.xml')}`, `Sitemap: ${absoluteUrl(site, '/news-sitemap.xml')}`, ''].join('\n'),
  };
}
