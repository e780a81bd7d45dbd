// What makes the site findable: the build's link to feeds, sitemaps, SEO, related articles and search:
//   enrich(pages)  adds `related` and the search page's `search`/`csp` to the pages' data as
//                  they pass to rendering, and notes each page for the sitemap;
//   seo(page)      a page's SEO data, made from its own data;
//   startSearch    before the pages: plans the search shards (which to make again) and
//                  starts Pagefind, which indexes on its own while the pages render;
//   files(bodyOf)  after the pages: Atom feeds, sitemaps, robots.txt, the search script, the
//                  logo and the Pagefind bundles, as output files (written only if the build succeeds);
//   committed()    after the writer committed: records what the search bundles hold.

import type { Message } from '../messages/index.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputWriter } from '../output/write.js';
import type { OutputFile, PageData, PageSpec, PlacedArticle, SearchPageData, Site } from '../model.js';
import { SEARCH_FOLDING } from '../search/normalize.js';
import { startSearchBuild, type BundleWriter, type SearchBuild } from '../search/bundles.js';
import { SearchIndexError } from '../search/failure.js';
import { DamagedCacheError } from '../cache/damaged.js';
import { SEARCH_CSP, searchPageData, searchSource, type BodyReader } from '../search/index.js';
import type { SiteModel } from '../site/assemble.js';
import { atomFeeds, lastModified, type BodyOf } from './feeds.js';
import type { SiteLogo } from './logo.js';
import { contentHash } from './assets.js';
import { firstCardImage } from './pages.js';
import { rememberedRelated } from './related.js';
import { pageSeo, type PageSeo, type SeoContext } from './seo.js';
import { newsSitemap, robotsTxt, sitemapFiles, type SitemapEntry } from './sitemaps.js';
import { absoluteUrl, siteUrl } from './urls.js';
import { createViewCache, type ViewCache } from './view-cache.js';
import type { ArticleView, ViewContext } from './views.js';

/** The output writer, for keeping the previous build's search bundles (Pagefind is the slow part of a build) and sitemaps. */
export type KeepingWriter = BundleWriter & Pick<OutputWriter, 'madeFrom' | 'keepAllIfSame'>;

export interface DiscoveryOptions {
  /** Where what the search bundles hold is remembered between builds (ROOT/.midad-cache). */
  cacheDir?: string;
  /** Ignore the cache (`--clean`). */
  clean?: boolean;
  /** The Atom <generator>. */
  generator?: string;
  /** The build's article views, shared with its pages (made afresh when not given). */
  views?: ViewCache;
}

export interface Discovery {
  /** What pages link to that is made here (the search script's and the logo's hashed names), for the pages' input keys. */
  key: string;
  /** Passes the page specs through, adding related articles and search data, and notes each page for the sitemap. */
  enrich(specs: Iterable<PageSpec>): Generator<PageSpec>;
  /** A page's SEO data (Open Graph, Twitter card, JSON-LD), from its own data. */
  seo(spec: PageSpec, data: PageData): PageSeo;
  /**
   * Plans the search bundles and starts indexing (call before rendering the pages: the search
   * thread and Pagefind work on the other core meanwhile). Without it, no search bundle is made.
   */
  startSearch(bodies: BodyReader, writer: KeepingWriter): Promise<void>;
  /**
   * The discovery files, to add to the writer after the pages. Files the writer kept are not
   * returned. A failure (Pagefind) is reported into the bag, and [] returned.
   */
  files(bodyOf: BodyOf, writer?: KeepingWriter): Promise<OutputFile[]>;
  /** After the writer committed the files: remembers what the search bundles hold. */
  committed(): Promise<void>;
  /** The build failed: stops indexing. */
  abandon(): Promise<void>;
  /** Whether Pagefind is still indexing or writing the bundle (after startSearch). */
  searchBusy(): boolean;
  /** What happened to the search index, in a few words (for --verbose); undefined before files(). */
  searchSummary(): Message | undefined;
}

/**
 * Prepares discovery for one build. `templateDirs` are the template folders in lookup order
 * (the search script can be overridden like the stylesheet); `logo` is the site's (siteLogo).
 */
export async function createDiscovery(model: SiteModel, ctx: ViewContext, templateDirs: string[], logo: SiteLogo | undefined, opts: DiscoveryOptions = {}): Promise<Discovery> {
  const { site } = model;
  const script = await searchScript(templateDirs);
  const scriptPath = `assets/search.${contentHash(script)}.js`;
  const seoCtx: SeoContext = { site, ...(logo ? { logo: absoluteUrl(site, `/${logo.path}`) } : {}) };
  const remembered = await rememberedRelated(model, opts.cacheDir, Boolean(opts.clean));
  const related = remembered.related;
  const views = opts.views ?? createViewCache(ctx);
  const view = (a: PlacedArticle): ArticleView => views.view(a);
  const newestChange = model.articles.reduce<Date | undefined>((m, a) => (!m || lastModified(a) > m ? lastModified(a) : m), undefined);
  /** The pages for the sitemap, in page order: site path and last change (made into URLs only when the sitemap changed). */
  const pages: Array<{ path: string; lastmod: Date | undefined }> = [];

  const searchData = (): SearchData => searchPageData(site, siteUrl(site, `/${scriptPath}`));
  function* enrich(specs: Iterable<PageSpec>): Generator<PageSpec> {
    for (const spec of specs) {
      if (spec.kind !== '404') pages.push({ path: spec.path, lastmod: lastmodOf(spec, newestChange) });
      yield enriched(spec, related, view, searchData);
    }
  }

  let search: Promise<SearchBuild> | undefined;
  let started: SearchBuild | undefined;
  let summary: Message | undefined;

  async function startSearch(bodies: BodyReader, writer: KeepingWriter): Promise<void> {
    if (search || !opts.cacheDir) return;
    const cacheDir = opts.cacheDir;
    search = searchSource(model, view, bodies).then((source) => startSearchBuild(source, writer, { cacheDir, clean: Boolean(opts.clean) }));
    // A failure is reported by files(); a build that fails first never asks.
    search.catch(() => undefined);
    started = await search.catch(() => undefined);
  }

  async function files(bodyOf: BodyOf, writer?: KeepingWriter): Promise<OutputFile[]> {
    const out: OutputFile[] = [
      ...atomFeeds(model, bodyOf, ctx.images, opts.generator ?? 'midad'),
      ...await sitemaps(site, pages, writer),
      newsSitemap(model),
      robotsTxt(site),
      { path: scriptPath, bytes: script },
    ];
    if (logo) out.push(logo);
    if (!writer || !search) return out;
    try {
      const build = await search;
      out.push(...await build.files());
      summary = build.summary;
    } catch (err) {
      // Pagefind's failure, not the content's: the build stops and the output stays as it was.
      if (err instanceof DamagedCacheError) throw err;
      throw new SearchIndexError(err instanceof Error ? err.message : String(err), { cause: err });
    }
    return out;
  }

  async function committed(): Promise<void> {
    await remembered.save();
    await (await search?.catch(() => undefined))?.save();
  }

  async function abandon(): Promise<void> {
    await (await search?.catch(() => undefined))?.abandon();
  }

  return { key: `${scriptPath}\0${logo?.path ?? ''}`, enrich, seo: (spec, data) => pageSeo(seoCtx, spec, data), startSearch, files, committed, abandon, searchSummary: () => summary, searchBusy: () => started?.indexing ?? false };
}

type SearchData = NonNullable<SearchPageData['search']>;

/** An article page with its related articles (among its cards, and in its data); the search page with its script. */
function enriched(spec: PageSpec, related: (a: PlacedArticle) => PlacedArticle[], view: (a: PlacedArticle) => ArticleView, searchData: () => SearchData): PageSpec {
  if (spec.kind === 'article' && spec.article) {
    const article = spec.article;
    const relatedArticles = related(article);
    const own = spec.data;
    return { ...spec, cards: [...spec.cards, ...relatedArticles], data: () => ({
      ...own(),
      related: relatedArticles.map(view),
      // With no photo of its own, the article's first image is a related card's (not lazy).
      ...(!article.image && article.bodyImages.length === 0 ? { eagerCard: firstCardImage([['related', relatedArticles]], view) } : {}),
    }) };
  }
  if (spec.kind === 'search') {
    const own = spec.data;
    return { ...spec, data: () => ({ ...own(), search: searchData(), csp: SEARCH_CSP }) };
  }
  return spec;
}

/** lastmod: an article's last change; a listing's newest article; the home page's newest change. */
function lastmodOf(spec: PageSpec, newestChange: Date | undefined): Date | undefined {
  let lastmod: Date | undefined;
  if (spec.article) lastmod = lastModified(spec.article);
  else if (spec.kind === 'home') lastmod = newestChange;
  else {
    for (const a of spec.cards) {
      const d = lastModified(a);
      if (!lastmod || d > lastmod) lastmod = d;
    }
  }
  return lastmod;
}

/**
 * sitemap.xml (and its parts): kept as the previous build wrote them when made from the same
 * pages with the same last changes (an edited body changes neither), else made again.
 */
async function sitemaps(site: Site, pages: Array<{ path: string; lastmod: Date | undefined }>, writer: KeepingWriter | undefined): Promise<OutputFile[]> {
  const h = createHash('sha1').update(`sitemaps 1\0${site.baseUrl}\0${site.timezone}\0`);
  for (const p of pages) h.update(`${p.path}\0${p.lastmod?.getTime() ?? ''}\0`);
  const key = h.digest('hex');
  const previous = writer?.madeFrom(key) ?? [];
  if (previous.length > 0 && await writer!.keepAllIfSame(previous, key)) return [];
  const entries: SitemapEntry[] = pages.map((p) => ({ loc: absoluteUrl(site, p.path), ...(p.lastmod ? { lastmod: p.lastmod } : {}) }));
  return sitemapFiles(site, entries).map((f) => ({ ...f, inputKey: key }));
}

/** templates/assets/search.js with the folding table written in. */
async function searchScript(dirs: string[]): Promise<string> {
  for (const dir of dirs) {
    const text = await readFile(path.join(dir, 'assets', 'search.js'), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.replace('/*midad:folding*/ null', JSON.stringify(SEARCH_FOLDING));
  }
  throw new Error('midad: templates/assets/search.js is missing from the built-in templates');
}
