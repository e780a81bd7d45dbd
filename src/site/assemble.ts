// Articles → SiteModel: drafts and future articles filtered, permalinks given, duplicates
// refused, and the listings (home, sections, tags, authors) put in order.

import { msg, type Message } from '../messages/index.js';
import type { DiagnosticBag } from '../diagnostics.js';
import { zonedParts } from '../content/dates.js';
import type { Article, Author, Section, Site, StaticPage, Tag } from '../model.js';

export interface AssembleOptions {
  drafts: boolean;
  future: boolean;
  /** The build's clock: articles dated after it are future articles. */
  now: Date;
  /** The static pages: an article may not be written where one of them is. */
  pages?: readonly StaticPage[];
}

/** A listing: the articles of a section, tag or author, newest first. */
export interface Listing<K> {
  key: K;
  articles: Article[];
}

/** The whole site, ready to render. Articles are newest first. */
export interface SiteModel {
  site: Site;
  articles: Article[];
  sections: Array<Listing<Section>>;
  tags: Array<Listing<Tag>>;
  authors: Array<Listing<Author>>;
  /** The static pages (content/pages/), in file-name order; set by the build beside the articles. */
  pages?: readonly StaticPage[];
  now: Date;
}

/** Newest first; equal dates by permalink so the order never depends on the file system. */
export function byNewest(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || (a.permalink < b.permalink ? -1 : a.permalink > b.permalink ? 1 : 0);
}

/** Top folders of the output that midad fills itself: no article may be written inside them. */
const SITE_FOLDERS = new Set(['images', 'assets', 'pagefind', 'pagefind-delta', 'tags', 'authors', 'search', 'page']);

export function assembleSite(site: Site, all: Article[], opts: AssembleOptions, bag: DiagnosticBag): SiteModel {
  const built = (a: Article): boolean => (opts.drafts || !a.draft) && (opts.future || a.date.getTime() <= opts.now.getTime());
  const builtAt = new Map<string, Article>();
  const waitingAt = new Map<string, Article>();
  for (const a of all) {
    a.permalink = permalinkOf(site, a);
    const top = a.permalink.split('/')[1] ?? '';
    if (SITE_FOLDERS.has(top)) {
      // Like a clash, a draft's is a warning until it is published.
      const report = built(a) ? bag.error.bind(bag) : bag.warn.bind(bag);
      report(a.file, 1, 1, 'reserved-permalink', msg('reserved-permalink', { permalink: a.permalink, folder: top }));
      continue;
    }
    const clashWithPage = ownPageClash(site, opts.pages ?? [], a.permalink);
    if (clashWithPage) {
      const report = built(a) ? bag.error.bind(bag) : bag.warn.bind(bag);
      report(a.file, 1, 1, 'reserved-permalink', clashWithPage);
      continue;
    }
    const clash = built(a) ? builtAt.get(a.permalink) : undefined;
    if (clash) bag.error(a.file, 1, 1, 'duplicate-permalink', msg('duplicate-permalink', { other: clash.file, permalink: a.permalink }));
    else {
      // With a draft or a future article: told now, not when it is published and breaks that
      // build (`midad check` builds neither); a warning, so a draft never blocks a publish.
      const later = waitingAt.get(a.permalink) ?? (built(a) ? undefined : builtAt.get(a.permalink));
      if (later) bag.warn(a.file, 1, 1, 'duplicate-permalink', msg('duplicate-permalink-later', { other: later.file, permalink: a.permalink }));
    }
    const map = built(a) ? builtAt : waitingAt;
    if (!map.has(a.permalink)) map.set(a.permalink, a);
  }
  const articles = all.filter(built);
  articles.sort(byNewest);

  const sections = site.sections.map((s) => ({ key: s, articles: articles.filter((a) => a.section.slug === s.slug) }));
  const authors = site.authors
    .map((au) => ({ key: au, articles: articles.filter((a) => a.authors.some((x) => x.slug === au.slug)) }))
    .filter((l) => l.articles.length > 0);

  // A tag is shown with the first spelling met, reading the articles in file order.
  const tagNames = new Map<string, string>();
  for (const a of [...articles].sort((x, y) => (x.file < y.file ? -1 : 1))) {
    for (const t of a.tags) if (!tagNames.has(t.key)) tagNames.set(t.key, t.name);
  }
  const tagArticles = new Map<string, Article[]>();
  for (const a of articles) {
    a.tags = a.tags.map((t) => ({ key: t.key, name: tagNames.get(t.key)! }));
    for (const t of a.tags) {
      let list = tagArticles.get(t.key);
      if (!list) tagArticles.set(t.key, (list = []));
      list.push(a);
    }
  }
  const tags = [...tagArticles.entries()]
    .map(([key, list]) => ({ key: { key, name: tagNames.get(key)! }, articles: list }))
    .sort((a, b) => b.articles.length - a.articles.length || (a.key.key < b.key.key ? -1 : 1));

  return { site, articles, sections, tags, authors, now: opts.now };
}

/**
 * Why an article cannot be written at this permalink although the pattern is sound: it is a
 * section's own listing page (`/{slug}/` with the slug `security`, or `/security/page/2/`),
 * or a static page's (`/{slug}/` with the slug `about`).
 * Found here, before anything is written, so that `midad check` reports it too, in the same
 * run as every other error. (A folder named like one of the site's files, `/robots.txt/…`,
 * can only come from the pattern, which site.yml's check refuses: slugs have no dots.)
 */
function ownPageClash(site: Site, pages: readonly StaticPage[], permalink: string): Message | undefined {
  const m = /^\/([^/]+)\/(?:page\/\d+\/)?$/.exec(permalink);
  if (m && site.sections.some((s) => s.slug === m[1])) return msg('section-page-permalink', { permalink, section: m[1]! });
  const page = pages.find((p) => permalink === `/${p.slug}/`);
  if (page) return msg('static-page-permalink', { permalink, page: page.file });
  return undefined;
}

/** The article's site-absolute path, from the permalink pattern, date in the site's timezone. */
export function permalinkOf(site: Site, a: Pick<Article, 'date' | 'slug' | 'section'>): string {
  const z = zonedParts(a.date, site.timezone);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return site.permalink
    .replace('{yyyy}', String(z.year).padStart(4, '0'))
    .replace('{mm}', p2(z.month))
    .replace('{dd}', p2(z.day))
    .replace('{section}', a.section.slug)
    .replace('{slug}', a.slug);
}
