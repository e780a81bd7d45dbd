// SiteModel → the site's HTML pages, as specs (site path, template, data).
// Specs are produced lazily so a large site never holds every rendered page at once, and a
// spec says what its page is made from (its article, the articles whose cards it shows, a few
// parameters) before any of its data is made: a rebuild after one edit makes the data of the
// few pages that show the edited article, not of all 12,000.

import type { Author, EagerCard, ListingData, PageKind, PageMeta, PageSpec, PageSpecOf, PlacedArticle } from '../model.js';
import type { SiteModel } from '../site/assemble.js';
import { uiStrings, type UiStrings } from './i18n.js';
import { shareLinks } from './share.js';
import { absoluteUrl, siteUrl } from './urls.js';
import { createViewCache, type ViewCache } from './view-cache.js';
import { authorPath, authorView, sectionLink, sectionPath, tagPath, type ArticleView, type ViewContext } from './views.js';

/**
 * The story a page opens with, from articles newest first: the newest the desk marked
 * `featured`, else the newest story or a slightly older one with a photo if one is close by.
 */
export function leadOf(articles: readonly PlacedArticle[]): PlacedArticle | undefined {
  return articles.find((a) => a.featured) ?? articles.slice(0, 5).find((a) => a.image) ?? articles[0];
}

/** Articles per section on the home page. */
const HOME_PER_SECTION = 4;

/** Every page of the site, in order: home, articles, listings, static pages, search, 404. */
export function* pageSpecs(model: SiteModel, ctx: ViewContext, views: ViewCache = createViewCache(ctx)): Generator<PageSpec> {
  const { site } = model;
  const sc = specContext(ctx, views);
  const { t } = sc;
  yield homeSpec(sc, model);
  for (const a of model.articles) yield articleSpec(sc, a);
  for (const l of model.sections) {
    yield* listingSpecs(sc, l.articles, { base: sectionPath(l.key), kind: 'section', heading: l.key.name, description: `${l.key.name} – ${site.title}`, section: l.key.slug });
  }
  for (const l of model.tags) {
    const heading = ctx.fmt.fill(t.tagTitle, { name: l.key.name });
    yield* listingSpecs(sc, l.articles, { base: tagPath(l.key), kind: 'tag', heading, description: `${heading} – ${site.title}` });
  }
  for (const l of model.authors) {
    yield* listingSpecs(sc, l.articles, { base: authorPath(l.key), kind: 'author', heading: l.key.name, description: `${ctx.fmt.fill(t.authorTitle, { name: l.key.name })} – ${site.title}`, author: l.key });
  }
  // Static pages: the file's bytes are all a page is made from (with the site and templates).
  for (const p of model.pages ?? []) {
    const path = `/${p.slug}/`;
    yield {
      path, template: 'page.njk', kind: 'page', cards: [], params: [p.file, p.sourceHash],
      data: () => ({ page: sc.meta(path, 'page', p.title, p.summary ?? site.description), staticPage: { title: p.title, summary: p.summary }, body: p.html }),
    };
  }
  yield { path: '/search/', template: 'search.njk', kind: 'search', cards: [], params: null, data: () => ({ page: sc.meta('/search/', 'search', t.search, `${t.searchLabel} – ${site.title}`) }) };
  yield { path: '/404.html', template: '404.njk', kind: '404', cards: [], params: null, data: () => ({ page: sc.meta('/404.html', '404', t.notFoundTitle, t.notFoundText, { noindex: true }) }) };
}

/** What the specs of one build share: the view context, the interface strings, one view per article. */
interface SpecContext {
  ctx: ViewContext;
  t: UiStrings;
  view: (a: PlacedArticle) => ArticleView;
  meta: (path: string, kind: PageKind, title: string, description: string, extra?: Partial<PageMeta>) => PageMeta;
}

function specContext(ctx: ViewContext, views: ViewCache): SpecContext {
  return {
    ctx,
    t: uiStrings(ctx.site.language),
    view: (a) => views.view(a),
    meta: (path, kind, title, description, extra = {}) => ({ title, description, canonical: absoluteUrl(ctx.site, path), kind, ...extra }),
  };
}

/**
 * Home: the lead story, the latest, then the newest of each section, each story once: a
 * reader scanning the page should never meet the same headline twice.
 */
function homeSpec({ ctx: { site }, view, meta }: SpecContext, model: SiteModel): PageSpecOf<'home'> {
  const lead = leadOf(model.articles);
  const latest = model.articles.filter((a) => a !== lead).slice(0, 6);
  const shown = new Set<PlacedArticle>([...(lead ? [lead] : []), ...latest]);
  const homeSections = model.sections.map((l) => {
    const articles = l.articles.filter((a) => !shown.has(a)).slice(0, HOME_PER_SECTION);
    for (const a of articles) shown.add(a);
    return { key: l.key, articles };
  }).filter((s) => s.articles.length > 0);
  return {
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
      eagerCard: lead?.image ? undefined : firstCardImage([['latest', latest], ...homeSections.map((s): [string, PlacedArticle[]] => [s.key.slug, s.articles])], view),
    }),
  };
}

function articleSpec({ ctx, t, view, meta }: SpecContext, a: PlacedArticle): PageSpecOf<'article'> {
  const { site } = ctx;
  return {
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

/** One listing (a section's, a tag's, an author's): its first page at `base`, then `base`page/2/… */
interface ListingOptions {
  base: string;
  kind: 'section' | 'tag' | 'author';
  heading: string;
  description: string;
  /** A section's slug (for the navigation's aria-current: an empty section has no article to tell it). */
  section?: string;
  author?: Author;
}

function* listingSpecs({ ctx, t, view, meta }: SpecContext, articles: PlacedArticle[], { base, kind, heading, description, section, author }: ListingOptions): Generator<PageSpec> {
  const { site } = ctx;
  const pages = Math.max(1, Math.ceil(articles.length / site.pageSize));
  const pathOf = (n: number): string => (n === 1 ? base : `${base}page/${n}/`);
  for (let n = 1; n <= pages; n++) {
    const path = pathOf(n);
    // A section's first page opens with its lead story: its newest featured one (moved up, or
    // added on top when it is older than the first page), else one of the page's own with a
    // photo; the other pages keep their places.
    const slice = articles.slice((n - 1) * site.pageSize, n * site.pageSize);
    const pageLead = kind === 'section' && n === 1 ? articles.find((a) => a.featured) ?? leadOf(slice) : undefined;
    const cards = pageLead ? [pageLead, ...slice.filter((a) => a !== pageLead)] : slice;
    yield {
      path,
      template: 'list.njk',
      kind,
      cards,
      params: [heading, description, n, pages, articles.length],
      data: (): ListingData => {
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
          count: ctx.fmt.plural(t.articles, articles.length),
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
          section,
          author: author ? authorView(ctx, author) : undefined,
        };
      },
    };
  }
}

/** The first card with a photo among blocks of cards, in page order: its block and URL. */
export function firstCardImage(blocks: Array<[block: string, articles: PlacedArticle[]]>, view: (a: PlacedArticle) => ArticleView): EagerCard | undefined {
  for (const [block, articles] of blocks) {
    for (const a of articles) {
      const v = view(a);
      if (v.image?.card) return { block, url: v.url };
    }
  }
  return undefined;
}
