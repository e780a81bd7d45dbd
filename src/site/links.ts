// Links between articles, checked in one place: a body link to another article's `.md` file
// becomes that article's URL, and a link to nothing is an error at the link; a link by URL
// (`/articles/2026/01/24/partners/`, or the same URL in full on the site's base URL) that has
// the shape of an article permalink but leads to no published article is an error too.

import path from 'node:path';
import { msg } from '../messages/index.js';
import { fileSlug } from '../content/article.js';
import { editDistance, type DiagnosticBag } from '../diagnostics.js';
import type { ParsedArticle, PlacedArticle, Site } from '../model.js';
import { basePath, siteUrl } from '../render/urls.js';
import { permalinkOf, type SiteModel } from './assemble.js';

/** Each published article's links to other articles' files → their URLs (undefined for a broken one), in body order. */
export type ArticleLinkUrls = Map<PlacedArticle, Array<string | undefined>>;

type ArticleLink = ParsedArticle['articleLinks'][number];

/**
 * Checks every link of the published articles. `all` are the articles parsed, published or
 * not; `articleFiles` the absolute paths of all article files found, their front matter sound
 * or not: a link to one whose front matter has errors is not broken, those errors are the file's own.
 */
export function checkLinks(site: Site, all: readonly ParsedArticle[], model: SiteModel, bag: DiagnosticBag, articleFiles: ReadonlySet<string>): ArticleLinkUrls {
  const published = new Map(model.articles.map((a) => [a.file, a]));
  const urls = resolveArticleLinks(site, all, published, bag, articleFiles);
  const parsed = new Set(all.map((a) => path.resolve(site.root, a.file)));
  const unreadSlugs = new Set([...articleFiles].filter((f) => !parsed.has(f)).map((f) => fileSlug(path.relative(site.root, f).split(path.sep).join('/'))));
  checkPermalinkLinks(site, all, model, published, bag, unreadSlugs);
  return urls;
}

/** With site.yml broken: the links to article files that do not exist (whether the others are published waits for site.yml). */
export function checkLinksToFiles(all: readonly ParsedArticle[], bag: DiagnosticBag, articleFiles: ReadonlySet<string>): void {
  for (const a of all) {
    for (const l of a.articleLinks) if (!articleFiles.has(l.target)) brokenArticleLink(bag, l, false);
  }
}

/** Links to other articles' .md files → their URLs; a link to nothing is an error at the link. `published`: by file. */
function resolveArticleLinks(site: Site, all: readonly ParsedArticle[], published: ReadonlyMap<string, PlacedArticle>, bag: DiagnosticBag, articleFiles: ReadonlySet<string>): ArticleLinkUrls {
  const byPath = new Map<string, ParsedArticle>();
  for (const a of all) byPath.set(path.resolve(site.root, a.file), a);
  const out: ArticleLinkUrls = new Map();
  for (const a of all) {
    const placed = published.get(a.file);
    if (!placed || a.articleLinks.length === 0) continue;
    out.set(placed, a.articleLinks.map((l) => {
      const target = byPath.get(l.target);
      const placedTarget = target && published.get(target.file);
      if (!placedTarget) {
        if (target || !articleFiles.has(l.target)) brokenArticleLink(bag, l, Boolean(target));
        return undefined;
      }
      const hash = l.href.includes('#') ? `#${l.href.split('#')[1]}` : '';
      return siteUrl(site, placedTarget.permalink) + hash;
    }));
  }
  return out;
}

/** A link to an article file that is not on the site (`held`: it is a draft or a future article): an error at the link. */
function brokenArticleLink(bag: DiagnosticBag, l: ArticleLink, held: boolean): void {
  bag.error(l.pos.file, l.pos.line, l.pos.column, 'broken-link', msg(held ? 'broken-link-held' : 'broken-link-missing', { href: l.href }));
}

/**
 * Checks the links by URL of every published article; reports each broken one once, at its
 * position. `unreadSlugs` are the file-name slugs of the article files whose front matter has
 * errors: a link that may lead to one of them is not broken.
 */
function checkPermalinkLinks(site: Site, all: readonly ParsedArticle[], model: SiteModel, published: ReadonlyMap<string, PlacedArticle>, bag: DiagnosticBag, unreadSlugs: ReadonlySet<string>): void {
  const live = new Set(model.articles.map((a) => a.permalink.normalize('NFC')));
  let hidden: Set<string> | undefined; // permalinks of drafts and future articles, made on first need
  const isArticlePath = permalinkMatcher(site);
  for (const a of all) {
    if (!published.has(a.file)) continue;
    for (const link of a.siteLinks ?? []) {
      const sitePath = sitePathOf(site, link.href);
      if (sitePath === undefined || live.has(sitePath)) continue;
      const slug = isArticlePath(sitePath);
      if (slug === undefined || unreadSlugs.has(slug)) continue;
      hidden ??= new Set(all.filter((x) => !published.has(x.file)).map((x) => permalinkOf(site, x).normalize('NFC')));
      bag.error(link.pos.file, link.pos.line, link.pos.column, 'broken-link', hidden.has(sitePath)
        ? msg('broken-link-held', { href: link.href })
        : msg('broken-link-permalink', { href: link.href, suggestion: closest(sitePath, live) }));
    }
  }
}

/**
 * The site path a link leads to (`/articles/2026/01/24/شراكة/`: raw characters, NFC, with a
 * trailing `/` for a page), or undefined for a link that leaves the site or names a file.
 */
function sitePathOf(site: Site, href: string): string | undefined {
  let p: string;
  if (/^https?:/i.test(href)) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return undefined;
    }
    const base = new URL(site.baseUrl);
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return undefined;
    p = '/' + url.pathname.slice(base.pathname.length);
  } else if (href.startsWith('/') && !href.startsWith('//')) {
    p = href.replace(/[?#].*$/s, '');
    // A site below a domain's root: `/newsroom/articles/…` and `/articles/…` mean the same page.
    const prefix = basePath(site);
    if (prefix !== '/' && p.startsWith(prefix)) p = p.slice(prefix.length - 1);
  } else return undefined;
  p = p.split('/').map(decodeSegment).join('/').normalize('NFC');
  if (p.endsWith('/index.html')) p = p.slice(0, -'index.html'.length);
  const last = p.slice(p.lastIndexOf('/') + 1);
  if (last.includes('.')) return undefined; // a file (feed.xml, an image): not an article page
  return last === '' ? p : `${p}/`;
}

/** The slug in a site path that has the shape of an article permalink and is no listing page ('' for a pattern without one), else undefined. */
function permalinkMatcher(site: Site): (sitePath: string) => string | undefined {
  const sections = site.sections.map((s) => escapeRe(s.slug)).join('|');
  const parts: Record<string, string> = { '{yyyy}': '\\d{4}', '{mm}': '\\d{2}', '{dd}': '\\d{2}', '{slug}': '([^/]+)', '{section}': `(?:${sections})` };
  // {slug} is the only capturing group: the first match of it is the slug.
  const source = site.permalink.split(/(\{(?:yyyy|mm|dd|slug|section)\})/).map((s) => parts[s] ?? escapeRe(s)).join('');
  const re = new RegExp(`^${source}$`, 'u');
  // With a short pattern such as `/{slug}/`, `/security/` is a section page, not a missing article.
  const listing = new RegExp(`^/(?:(?:${sections})/(?:page/\\d+/)?|tags/[^/]+/|authors/[^/]+/|search/)?$`, 'u');
  return (sitePath) => {
    const m = re.exec(sitePath);
    return m && !listing.test(sitePath) ? m[1] ?? '' : undefined;
  };
}

/** The permalink a typo away (a wrong digit of the date, a letter of the slug), if any. */
function closest(sitePath: string, permalinks: Set<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(sitePath.length / 8)) + 1;
  for (const p of permalinks) {
    if (Math.abs(p.length - sitePath.length) >= bestDistance) continue;
    const d = editDistance(sitePath, p);
    if (d < bestDistance) [best, bestDistance] = [p, d];
  }
  return best;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
