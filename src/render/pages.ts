// SiteModel → the site's HTML pages, as specs (site path, template, data).
// Specs are produced lazily so a large site never holds every rendered page at once, and a
// spec says what its page is made from (its article, the articles whose cards it shows, a few
// parameters) before any of its data is made: a rebuild after one edit makes the data of the
// few pages that show the edited article, not of all 12,000.

import type { Article, Author } from '../model.js';
import type { SiteModel, Listing } from '../site/assemble.js';
import { uiStrings, type UiStrings } from './i18n.js';
import { shareLinks } from './share.js';
import { absoluteUrl, siteUrl } from './urls.js';
import { articleView, authorPath, authorView, sectionLink, sectionPath, tagPath, type ArticleView, type ViewContext } from './views.js';

/** One page to render: where it goes, with which template, what it is made from, and what the template sees. */
export interface PageSpec {
  /** Site path, e.g. `/security/page/2/` or `/404.html`. */
  path: string;
  template: string;
  kind: PageMeta['kind'];
  /** The article a page shows, for pages that have one. */
  article?: Article;
  /** The articles whose cards (views) the page shows, in order: a listing's, the related ones. */
  cards: Article[];
  /**
   * Everything else the page's data is made from (page numbers, headings, counts): with the
   * site, the templates, the article and the cards, it determines the page.
   */
  params: unknown;
  /** What the template sees; made only for a page that is rendered. */
  data: () => Record<string, unknown>;
}

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  kind: 'home' | 'article' | 'section' | 'tag' | 'author' | 'search' | '404' | 'page';
  prev?: string;
  next?: string;
  noindex?: boolean;
}

/**
 * The story a page opens with, from articles newest first: the newest the desk marked
 * `featured`, else the newest story or a slightly older one with a photo if one is close by.
 */
export function leadOf(articles: readonly Article[]): Article | undefined {
  return articles.find((a) => a.featured) ?? articles.slice(0, 5).find((a) => a.image) ?? articles[0];
}

/** Articles per section on the home page. */
const HOME_PER_SECTION = 4;

export function* pageSpecs(model: SiteModel, ctx: ViewContext): Generator<PageSpec> {
  const { site } = model;
  const t = uiStrings(site.language);
  const views = new Map<Article, ArticleView>();
  const view = (a: Article): ArticleView => {
    let v = views.get(a);
    if (!v) views.set(a, (v = articleView(ctx, a)));
    return v;
  };
  const meta = (path: string, kind: PageMeta['kind'], title: string, description: string, extra: Partial<PageMeta> = {}): PageMeta => ({
    title, description, canonical: absoluteUrl(site, path), kind, ...extra,
  });

  // Home: the lead story, the latest, then the newest of each section, each story once: a
  // reader scanning the page should never meet the same headline twice.
  const lead = leadOf(model.articles);
  const latest = model.articles.filter((a) => a !== lead).slice(0, 6);
  const shown = new Set<Article>([...(lead ? [lead] : []), ...latest]);
  const homeSections = model.sections.map((l) => {
    const articles = l.articles.filter((a) => !shown.has(a)).slice(0, HOME_PER_SECTION);
    for (const a of articles) shown.add(a);
    return { key: l.key, articles };
  }).filter((s) => s.articles.length > 0);
  yield {
    path: '/',
    template: 'home.njk',
    kind: 'home',
    cards: [...(lead ? [lead] : []), ...latest, ...homeSections.flatMap((s) => s.articles)],
    params: [lead ? 1 : 0, latest.length, homeSections.map((s) => [s.key.slug, s.articles.length])],
    data: () => ({
      page: meta('/', 'home', site.title, site.description),
      lead: lead ? view(lead) : undefined,
      latest: latest.map(view),
      sections: homeSections.map((s) => ({ section: sectionLink(site, s.key), articles: s.articles.map(view) })),
      // The page's first image is never lazy: the lead's photo, or, when the lead
      // has none, the first card photo, named by its block (an article can be in two blocks).
      eagerCard: lead?.image ? undefined : firstCardImage([['latest', latest], ...homeSections.map((s): [string, Article[]] => [s.key.slug, s.articles])], view),
    }),
  };

  for (const a of model.articles) {
    yield {
      path: a.permalink,
      template: 'article.njk',
      kind: 'article',
      article: a,
      cards: [],
      params: null,
      data: () => ({
        page: meta(a.permalink, 'article', a.title, a.summary), article: view(a), share: shareLinks(site, t, absoluteUrl(site, a.permalink), a.title),
        // Under the article: who wrote it, for the authors the desk wrote a bio or gave a photo.
        authorBoxes: a.authors.filter((au) => au.bio || au.photo).map((au) => authorView(ctx, au)),
        authorPhotoEager: !a.image && a.bodyImages.length === 0,
      }),
    };
  }

  const listings = function* (
    listing: Listing<unknown>, base: string, kind: 'section' | 'tag' | 'author', heading: string, description: string,
  ): Generator<PageSpec> {
    const pages = Math.max(1, Math.ceil(listing.articles.length / site.pageSize));
    const pathOf = (n: number): string => (n === 1 ? base : `${base}page/${n}/`);
    for (let n = 1; n <= pages; n++) {
      const path = pathOf(n);
      // A section's first page opens with its lead story: its newest featured one (moved up, or
      // added on top when it is older than the first page), else one of the page's own with a
      // photo; the other pages keep their places.
      const slice = listing.articles.slice((n - 1) * site.pageSize, n * site.pageSize);
      const pageLead = kind === 'section' && n === 1 ? listing.articles.find((a) => a.featured) ?? leadOf(slice) : undefined;
      const cards = pageLead ? [pageLead, ...slice.filter((a) => a !== pageLead)] : slice;
      yield {
        path,
        template: 'list.njk',
        kind,
        cards,
        params: [heading, description, n, pages, listing.articles.length],
        data: () => {
          const title = n === 1 ? heading : `${heading} – ${ctx.fmt.fill(t.pageOf, { n, total: pages })}`;
          const pageArticles = cards.map(view);
          const prev = n > 1 ? pathOf(n - 1) : undefined;
          const next = n < pages ? pathOf(n + 1) : undefined;
          return {
            page: meta(path, kind, title, description, {
              ...(prev ? { prev: absoluteUrl(site, prev) } : {}),
              ...(next ? { next: absoluteUrl(site, next) } : {}),
            }),
            heading,
            count: ctx.fmt.plural(t.articles, listing.articles.length),
            articles: pageArticles,
            // The page's first image loads at once; the others lazily.
            eagerUrl: pageArticles.find((v) => v.image?.card)?.url,
            pagination: pages > 1 ? {
              current: n,
              total: pages,
              label: ctx.fmt.fill(t.pageOf, { n, total: pages }),
              prev: prev ? siteUrl(site, prev) : undefined,
              next: next ? siteUrl(site, next) : undefined,
              pages: Array.from({ length: pages }, (_, i) => ({ n: ctx.fmt.number(i + 1), url: siteUrl(site, pathOf(i + 1)), current: i + 1 === n })),
            } : undefined,
            feed: kind === 'section' ? siteUrl(site, `${base}feed.xml`) : undefined,
            // The section's slug, for the navigation's aria-current (an empty section has no article to tell it).
            section: kind === 'section' ? (listing.key as { slug: string }).slug : undefined,
            author: kind === 'author' ? authorView(ctx, listing.key as Author) : undefined,
          };
        },
      };
    }
  };

  for (const l of model.sections) yield* listings(l, sectionPath(l.key), 'section', l.key.name, `${l.key.name} – ${site.title}`);
  for (const l of model.tags) yield* listings(l, tagPath(l.key), 'tag', ctx.fmt.fill(t.tagTitle, { name: l.key.name }), `${ctx.fmt.fill(t.tagTitle, { name: l.key.name })} – ${site.title}`);
  for (const l of model.authors) yield* listings(l, authorPath(l.key), 'author', l.key.name, `${ctx.fmt.fill(t.authorTitle, { name: l.key.name })} – ${site.title}`);

  // Static pages: the file's bytes are all a page is made from (with the site and templates).
  for (const p of model.pages ?? []) {
    const path = `/${p.slug}/`;
    yield {
      path, template: 'page.njk', kind: 'page', cards: [], params: [p.file, p.sourceHash],
      data: () => ({ page: meta(path, 'page', p.title, p.summary ?? site.description), staticPage: { title: p.title, summary: p.summary }, body: p.html }),
    };
  }

  yield { path: '/search/', template: 'search.njk', kind: 'search', cards: [], params: null, data: () => ({ page: meta('/search/', 'search', t.search, `${t.searchLabel} – ${site.title}`) }) };
  yield { path: '/404.html', template: '404.njk', kind: '404', cards: [], params: null, data: () => ({ page: meta('/404.html', '404', t.notFoundTitle, t.notFoundText, { noindex: true }) }) };
}

export type { UiStrings };

/** The first card with a photo among blocks of cards, in page order: its block and URL. */
export function firstCardImage(blocks: Array<[block: string, articles: Article[]]>, view: (a: Article) => ArticleView): { block: string; url: string } | undefined {
  for (const [block, articles] of blocks) {
    for (const a of articles) {
      const v = view(a);
      if (v.image?.card) return { block, url: v.url };
    }
  }
  return undefined;
}
