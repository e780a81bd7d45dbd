// Atom feeds (RFC 4287): /feed.xml with the site's 20 newest articles and
// /<section>/feed.xml for each section, with full content and absolute links.
//
// Entry ids are tag: URIs (RFC 4151) that survive a slug edit or a change of permalink pattern:
//   tag:<host>,<publication date YYYY-MM-DD>:<base path><file key>
// where the file key is the article's path under content/articles without `.md` (and without
// `/index` for DIR/index.md), percent-encoded: `content/articles/2026/01/24/partners/index.md`
// → `tag:example.org,2026-01-24:2026/01/24/partners`. The id changes only if the editor moves
// the file or corrects its publication date, both rare after publication.

import { isoInZone, zonedParts } from '../content/dates.js';
import type { PlacedArticle, OutputFile, Section, Site } from '../model.js';
import type { SiteModel } from '../site/assemble.js';
import { absoluteUrl, basePath, encodePath } from './urls.js';
import { authorPath, lastChange, sectionPath, type ImageLookup } from './views.js';
import { attributes, element, XML_DECLARATION } from './xml.js';
import { escapeHtml } from './html.js';

/** Entries per feed. */
export const FEED_SIZE = 20;

/** Finished body HTML of an article (images and article links resolved). */
export type BodyOf = (article: PlacedArticle) => string;

/** The site feed and one feed per section. */
export function atomFeeds(model: SiteModel, bodyOf: BodyOf, images: ImageLookup, generator: string): Array<OutputFile<{ bytes: string }>> {
  const { site } = model;
  // An empty section's feed is dated by the site's latest change (the epoch only when the site has no article at all).
  const siteUpdated = newestChange(model.articles);
  const files: Array<OutputFile<{ bytes: string }>> = [{
    path: 'feed.xml',
    bytes: atomFeed(site, { title: site.title, subtitle: site.description, pagePath: '/', feedPath: '/feed.xml' },
      model.articles.slice(0, FEED_SIZE), bodyOf, images, generator),
  }];
  for (const l of model.sections) {
    files.push({
      path: `${l.key.slug}/feed.xml`,
      bytes: atomFeed(site, { title: `${l.key.name} – ${site.title}`, subtitle: site.description, pagePath: sectionPath(l.key), feedPath: feedPathOf(l.key) },
        l.articles.slice(0, FEED_SIZE), bodyOf, images, generator, siteUpdated),
    });
  }
  return files;
}

interface FeedHead {
  title: string;
  subtitle: string;
  /** Site path of the HTML page the feed mirrors. */
  pagePath: string;
  feedPath: string;
}

/** One Atom document. `articles` are newest first. */
export function atomFeed(site: Site, head: FeedHead, articles: PlacedArticle[], bodyOf: BodyOf, images: ImageLookup, generator: string, emptyUpdated?: Date): string {
  const updated = newestChange(articles) ?? emptyUpdated;
  const lines = [
    `${XML_DECLARATION}<feed xmlns="http://www.w3.org/2005/Atom"${attributes({ 'xml:lang': site.language })}>`,
    `  ${element('id', absoluteUrl(site, head.pagePath))}`,
    `  ${element('title', head.title, { type: 'text' })}`,
    `  ${element('subtitle', head.subtitle, { type: 'text' })}`,
    // A site with no article at all has nothing to date its feeds: the epoch keeps the bytes stable between builds.
    `  ${element('updated', isoInZone(updated ?? new Date(0), site.timezone))}`,
    `  <link${attributes({ rel: 'self', type: 'application/atom+xml', href: absoluteUrl(site, head.feedPath) })}/>`,
    `  <link${attributes({ rel: 'alternate', type: 'text/html', href: absoluteUrl(site, head.pagePath) })}/>`,
    // Atom requires an author for every entry; entries without one inherit the site's.
    `  <author>${element('name', site.title)}${element('uri', absoluteUrl(site, '/'))}</author>`,
    `  ${element('generator', generator)}`,
  ];
  for (const a of articles) lines.push(atomEntry(site, a, bodyOf(a), images));
  lines.push('</feed>', '');
  return lines.join('\n');
}

function atomEntry(site: Site, a: PlacedArticle, body: string, images: ImageLookup): string {
  const url = absoluteUrl(site, a.permalink);
  const hero = a.image ? images(a.image) : undefined;
  let heroHtml = '';
  if (hero) {
    // The size of the rendition `src` names (a feed reader shows the image at width × height),
    // with the other widths for readers that take a srcset.
    const listed = hero.srcset.split(',').map((c) => c.trim().split(/\s+/)).find(([u]) => u === hero.src)?.[1];
    const srcWidth = listed && /^\d+w$/.test(listed) ? parseInt(listed, 10) : hero.width;
    const width = Math.min(srcWidth, hero.width);
    const height = Math.round((hero.height * width) / hero.width);
    const caption = [hero.caption ? escapeHtml(hero.caption) : '', hero.credit ? `[${escapeHtml(hero.credit)}]` : ''].filter(Boolean).join(' ');
    heroHtml = `<figure><img src="${escapeHtml(hero.src)}"${hero.srcset ? ` srcset="${escapeHtml(hero.srcset)}"` : ''} width="${width}" height="${height}" alt="${escapeHtml(hero.alt)}">${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>\n`;
  }
  const content = absolutizeHtml(heroHtml + body, url);
  const parts = [
    '  <entry>',
    `    ${element('id', entryId(site, a))}`,
    `    ${element('title', a.title, { type: 'text' })}`,
    `    <link${attributes({ rel: 'alternate', type: 'text/html', href: url })}/>`,
    `    ${element('published', isoInZone(a.date, site.timezone))}`,
    `    ${element('updated', isoInZone(lastModified(a), site.timezone))}`,
    ...a.authors.map((au) => `    <author>${element('name', au.name)}${element('uri', absoluteUrl(site, authorPath(au)))}</author>`),
    `    <category${attributes({ term: a.section.slug, label: a.section.name, scheme: absoluteUrl(site, '/') })}/>`,
    ...a.tags.map((t) => `    <category${attributes({ term: t.key, label: t.name, scheme: absoluteUrl(site, '/tags/') })}/>`),
    `    ${element('summary', a.summary, { type: 'text' })}`,
    `    ${element('content', content, { type: 'html', 'xml:base': url })}`,
    '  </entry>',
  ];
  return parts.join('\n');
}

/** The latest change among articles (undefined for none). */
function newestChange(articles: PlacedArticle[]): Date | undefined {
  return articles.reduce<Date | undefined>((max, a) => {
    const d = lastModified(a);
    return !max || d > max ? d : max;
  }, undefined);
}

/** The article's last change: `updated`, its latest correction, or its date. */
export function lastModified(a: Pick<PlacedArticle, 'date' | 'updated' | 'corrections'>): Date {
  return lastChange(a);
}

/** The article's stable Atom id (see the header of this file). */
export function entryId(site: Site, a: Pick<PlacedArticle, 'file' | 'date'>): string {
  const host = new URL(site.baseUrl).hostname.toLowerCase();
  const z = zonedParts(a.date, site.timezone);
  const day = `${String(z.year).padStart(4, '0')}-${String(z.month).padStart(2, '0')}-${String(z.day).padStart(2, '0')}`;
  const prefix = basePath(site).replace(/^\//, '');
  return `tag:${host},${day}:${prefix}${encodePath(fileKey(a.file))}`;
}

/** `content/articles/2026/01/24/partners/index.md` → `2026/01/24/partners`. */
export function fileKey(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^content\/articles\//, '')
    .replace(/\.md$/i, '')
    .replace(/\/index$/i, '');
}

/**
 * Makes every link and image address in a fragment of HTML absolute against `base` (feed
 * readers often ignore xml:base). Handles href, src and srcset in double-quoted attributes,
 * which is how midad's Markdown renderer and templates write them.
 */
export function absolutizeHtml(html: string, base: string): string {
  return html.replace(/\s(href|src|srcset)="([^"]*)"/g, (_m, attr: string, value: string) => {
    const raw = decodeAttr(value);
    const abs = attr === 'srcset'
      ? raw.split(',').map((c) => {
        const [u, ...d] = c.trim().split(/\s+/);
        return [resolve(u ?? '', base), ...d].join(' ');
      }).join(', ')
      : resolve(raw, base);
    return ` ${attr}="${escapeHtml(abs)}"`;
  });
}

function resolve(u: string, base: string): string {
  if (u === '') return u;
  try {
    return new URL(u, base).href;
  } catch {
    return u;
  }
}

function decodeAttr(v: string): string {
  return v.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" })[e]!);
}

/** Site path of a section's feed. */
export const feedPathOf = (s: Section): string => `${sectionPath(s)}feed.xml`;
