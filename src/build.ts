// The build, stage by stage. The stages run in the order listed in `build`; nothing is
// written to the output folder while any error exists, and every error of the run is
// collected first.

import { msg, type Message } from './messages/index.js';
import path from 'node:path';
import { DiagnosticBag, type Diagnostic } from './diagnostics.js';
import { loadSite, SITE_FILE, type PartialSite } from './config/site.js';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { BodyStore } from './cache/body-store.js';
import { fileSlug, type ArticleRefs } from './content/article.js';
import { findArticleFiles } from './content/load.js';
import { readPages } from './content/pages.js';
import { createMarkdown } from './markdown/index.js';
import { readArticles } from './content/read-articles.js';
import { processImages } from './images/index.js';
import type { Article, ImageRef, Site, StaticPage } from './model.js';
import { OutputWriter, previousBuild, readManifest, type WriteStats } from './output/write.js';
import { guardedBuild } from './output/guard.js';
import { buildAssets } from './render/assets.js';
import { adminFiles } from './editor/index.js';
import { finishBody } from './render/body.js';
import { createFormatter } from './render/format.js';
import { createDiscovery } from './render/seo-feeds-search.js';
import { pageKeyer } from './render/page-keys.js';
import { pageSpecs, type PageSpec } from './render/pages.js';
import { compileTemplates, createTemplates, reachesFailed, templateDiagnostic, templateFingerprint, type TemplateSet } from './render/templates.js';
import { RENDER_THREADS_AFTER, RenderPool } from './render/render-pool.js';
import { buildThreads } from './threads.js';
import { outputPathOf, siteUrl } from './render/urls.js';
import { uiStrings } from './render/i18n.js';
import { socialName } from './render/social.js';
import { assembleSite, type SiteModel } from './site/assemble.js';
import { heldBack, type HeldBack } from './site/held.js';
import { checkPermalinkLinks } from './site/links.js';
import { nextChange, saveNextChange } from './site/schedule.js';
import { ENGINE_KEY, VERSION } from './version.js';

export interface BuildOptions {
  /** Absolute site root. */
  root: string;
  /** Absolute output folder. */
  out: string;
  baseUrl?: string;
  drafts: boolean;
  future: boolean;
  /** Ignore every cache. */
  clean: boolean;
  /** False for `midad check`: validate and render, write nothing. */
  write: boolean;
  /** The build's clock. */
  now: Date;
  /** Called with (done, total) while long steps run. */
  progress?: (step: string, done: number, total: number) => void;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Texts of files that diagnostics may point into (site.yml); others are read on demand. */
  sources: Map<string, string>;
  stats: {
    articles: number;
    /** Article files parsed this run (the others came from the cache). */
    parsed: number;
    pages: number;
    /** Pages rendered this run (the others were unchanged). */
    rendered: number;
    /** Render threads the build started (0: every page rendered in the main thread). */
    renderThreads: number;
    /** True when nothing changed since the last build and the output was left as it was. */
    upToDate?: boolean;
    /** Milliseconds spent in each stage, in order (printed by --verbose). */
    stages: Record<string, number>;
    /** What happened to the search index, in a few words. */
    search?: Message;
    images: number;
    imagesEncoded: number;
    files?: WriteStats;
    ms: number;
    /** The drafts and scheduled articles, held back or included by --drafts / --future. */
    held?: HeldBack;
  };
  model?: SiteModel;
}

export const CACHE_DIR = '.midad-cache';

// ── One build at a time, and what an interrupted one left undone first (src/output/guard.ts) ──
export async function build(opts: BuildOptions): Promise<BuildResult> {
  if (!opts.write) return buildStages(opts);
  const cacheDir = path.join(opts.root, CACHE_DIR);
  return guardedBuild(opts.root, opts.out, cacheDir, path.join(cacheDir, 'build'), () => buildStages(opts));
}
// ── end ──

async function buildStages(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const bag = new DiagnosticBag();
  const sources = new Map<string, string>();
  const stats: BuildResult['stats'] = { articles: 0, parsed: 0, pages: 0, rendered: 0, renderThreads: 0, images: 0, imagesEncoded: 0, ms: 0, stages: {} };
  let lap = started;
  const mark = (stage: string): void => {
    const now = performance.now();
    stats.stages[stage] = (stats.stages[stage] ?? 0) + (now - lap);
    lap = now;
  };
  const done = (model?: SiteModel): BuildResult => {
    stats.ms = performance.now() - started;
    return { ok: !bag.hasErrors, diagnostics: bag.sorted(), sources, stats, ...(model ? { model } : {}) };
  };

  // 1. The site: content/site.yml.
  let partial: PartialSite | undefined;
  const site = await loadSite(opts.root, bag, sources, opts.baseUrl, (p) => (partial = p));
  mark('site');
  // 2. The article files (found even when site.yml is broken, so every file error shows).
  const files = await findArticleFiles(opts.root, bag);
  // 2b. The static pages (about, contact…), checked even when site.yml is broken: all errors in one run.
  const known = site ?? partial?.site;
  const staticPages = readPages(opts.root, known?.sections ?? [], createMarkdown({ language: known?.language ?? 'ar' }), bag, (known?.direction ?? 'rtl') === 'rtl');
  if (!site) {
    // Check the articles as far as the valid parts of site.yml allow: all errors in one run.
    if (partial) {
      const p: PartialSite = partial;
      const r = await readArticles(files, p.site, { cacheDir: undefined, clean: true, version: ENGINE_KEY, siteText: '', trust: { sections: p.sectionsKnown, authors: p.authorsKnown } }, bag);
      r.bodies.close();
      // Links to article files that do not exist (whether the others are published waits for site.yml).
      // Every article file counts, its front matter sound or not: its own errors are reported.
      const known = new Set(files.map((f) => f.abs));
      for (const a of r.articles) {
        for (const l of a.articleLinks) {
          if (!known.has(l.target)) brokenArticleLink(bag, l, false);
        }
      }
      // Their images too, checked and not encoded (nothing is written while site.yml is broken).
      const refs = [
        ...r.articles.flatMap((a) => [...(a.image ? [{ ref: a.image, hero: true }] : []), ...a.bodyImages.map((ref) => ({ ref, hero: false }))]),
        ...r.imagesOfBrokenArticles.map((ref) => ({ ref, hero: false })),
        ...authorPhotos(p.site),
      ];
      await processImages(refs, p.site, { cacheDir: path.join(opts.root, CACHE_DIR, 'images'), clean: false, readOnly: true }, bag);
    }
    return done();
  }

  mark('find');
  // 3. Front matter and Markdown, one article at a time; unchanged files come from the cache.
  const read = await readArticles(files, site, {
    cacheDir: opts.write ? path.join(opts.root, CACHE_DIR, 'build') : undefined,
    clean: opts.clean, version: ENGINE_KEY, siteText: sources.get(SITE_FILE) ?? '',
    ...(opts.progress ? { progress: (d: number, t: number) => opts.progress!('articles', d, t) } : {}),
  }, bag);
  const { articles, bodies } = read;
  stats.parsed = read.parsed;
  mark('parse');
  try {
    return await buildFrom(opts, site, articles, bodies, bag, stats, done, mark, read, new Set(files.map((f) => f.abs)), staticPages);
  } finally {
    await read.save();
  }
}

async function buildFrom(
  opts: BuildOptions, site: Site, articles: Array<Article & ArticleRefs>, bodies: BodyStore,
  bag: DiagnosticBag, stats: BuildResult['stats'], done: (model?: SiteModel) => BuildResult, mark: (stage: string) => void,
  read: { imagesOfBrokenArticles: ImageRef[]; fingerprint: string }, articleFiles: Set<string>, staticPages: StaticPage[],
): Promise<BuildResult> {
  const { imagesOfBrokenArticles } = read;
  // 4. The site model: filters, permalinks, listings, and the static pages beside them.
  const model = assembleSite(site, articles, { drafts: opts.drafts, future: opts.future, now: opts.now, pages: staticPages }, bag);
  model.pages = staticPages;
  stats.articles = model.articles.length;
  stats.held = heldBack(articles, opts, site.timezone);

  // 5. Links between articles.
  const linkUrls = resolveArticleLinks(site, articles, model, bag, articleFiles);
  const parsed = new Set(articles.map((a) => path.resolve(site.root, a.file)));
  const unreadSlugs = new Set([...articleFiles].filter((f) => !parsed.has(f)).map((f) => fileSlug(path.relative(site.root, f).split(path.sep).join('/'))));
  checkPermalinkLinks(site, articles, model, bag, unreadSlugs);
  const templates = createTemplates(opts.root);
  const templateKey = templateFingerprint(templates);

  // Nothing changed since the last build (same articles, images, templates, options, and the
  // same articles published and in the news window at this hour): the output stands as it is.
  const buildKey = opts.write && !bag.hasErrors ? buildInputKey(opts, site, model, read.fingerprint + staticPages.map((p) => `\0${p.file}\0${p.sourceHash}`).join(''), templateKey) : undefined;
  const manifest = opts.write ? await readManifest(opts.out) : undefined;
  const before = buildKey && !opts.clean ? previousBuild(manifest) : undefined;
  if (buildKey && before?.key === buildKey) {
    stats.upToDate = true;
    stats.pages = before.pages;
    stats.images = new Set(model.articles.flatMap((a) => [...(a.image ? [a.image.path] : []), ...a.bodyImages.map((r) => r.path)])).size;
    stats.files = { written: 0, unchanged: before.files, removed: 0 };
    await saveNextChange(path.join(opts.root, CACHE_DIR), nextChange(articles, opts));
    mark('assemble');
    return done(model);
  }

  // Every template and partial compiled now: a syntax error is a positioned error of this run.
  // After the no-op check above: an unchanged site never pays for compiling.
  const compiled = compileTemplates(templates, opts.root);
  for (const d of compiled.diagnostics) bag.add(d);
  mark('assemble');
  // 6. Templates and the stylesheet (a broken template is an error before anything is written).
  // Font subsets are cached only by a build that writes (`midad check` leaves the root alone).
  const assets = await buildAssets(site, templates, opts.write ? { dir: path.join(opts.root, CACHE_DIR, 'fonts'), clean: opts.clean } : undefined);

  mark('assets');
  // 7. Images: validated and encoded into the cache (never into the output folder).
  const refs: Array<{ ref: ImageRef; hero: boolean }> = [];
  for (const a of model.articles) {
    if (a.image) refs.push({ ref: a.image, hero: true });
    for (const ref of a.bodyImages) refs.push({ ref, hero: false });
  }
  // Checked so that their errors come with the articles' own (the build fails anyway).
  for (const ref of imagesOfBrokenArticles) refs.push({ ref, hero: false });
  refs.push(...authorPhotos(site));
  const images = await processImages(refs, site, {
    cacheDir: path.join(opts.root, CACHE_DIR, 'images'),
    clean: opts.clean,
    readOnly: !opts.write,
    ...(opts.progress ? { progress: (d: number, t: number) => opts.progress!('images', d, t) } : {}),
  }, bag);
  stats.images = images.stats.images;
  stats.imagesEncoded = images.stats.encoded;
  const fmt = createFormatter(site);
  const ctx = { site, fmt, images: images.lookup, now: opts.now };
  const common = {
    site: { ...site, url: siteUrl(site, '/'), root: undefined },
    t: uiStrings(site.language),
    assets: { css: assets.css, preloadFonts: assets.preloadFonts },
    nav: site.sections.map((s) => ({ name: s.name, slug: s.slug, url: siteUrl(site, `/${s.slug}/`) })),
    urls: { home: siteUrl(site, '/'), search: siteUrl(site, '/search/'), feed: siteUrl(site, '/feed.xml') },
    footer: footerLinks(site, staticPages),
    // In every page (and so in every page's cache key): a build with only a later clock adds
    // or removes the bar everywhere.
    breaking: breakingNow(model),
  };
  if (bag.hasErrors) {
    // The build fails, but the templates' errors (and a missing logo) come in the same run as
    // the content's: the first page of each template is rendered, from the
    // articles that are sound, and nothing is written or cached.
    // Not a template that includes one that does not compile: that would throw out of reach.
    const probe = await createDiscovery(model, ctx, templates.dirs, bag, { generator: `midad ${VERSION}` });
    const tried = new Set<string>();
    const failed = new Set<string>();
    for (const spec of probe.enrich(pageSpecs(model, ctx))) {
      // One page of each kind: a section's first page opens with its lead, not a card, so a
      // tag's page is what shows a broken card partial when the site has one article.
      const kindKey = `${spec.template}\0${spec.kind}`;
      if (tried.has(kindKey)) continue;
      tried.add(kindKey);
      if (reachesFailed(templates, spec.template, compiled.failed)) continue;
      const body = spec.article ? finishBody(spec.article, bodies.get(spec.article.bodyHash), images.lookup, linkUrls.get(spec.article) ?? []) : undefined;
      renderPage(templates, spec, common, body, opts.root, bag, failed);
    }
    return done(model);
  }

  mark('images');
  // 8. Pages, rendered one by one and staged; the output folder changes only at commit.
  const writer = opts.write ? new OutputWriter(opts.out) : undefined;
  // --clean renders every page again: the manifest still says which files midad wrote (to
  // remove the stale ones), but not what they were made from.
  await writer?.begin({ manifest: opts.clean && manifest ? { ...manifest, inputs: {} } : manifest });
  // SEO, related articles and search data for the pages; feeds, sitemaps and search after them.
  const discovery = await createDiscovery(model, ctx, templates.dirs, bag, { cacheDir: path.join(opts.root, CACHE_DIR), clean: opts.clean, generator: `midad ${VERSION}` });
  const bodyOf = (a: Article): string => finishBody(a, bodies.get(a.bodyHash), images.lookup, linkUrls.get(a) ?? []);
  // Pagefind (a separate process) indexes the articles while the pages render.
  if (writer) await discovery.startSearch(bodies, writer);
  const failedTemplates = new Set<string>();
  /** Output path → the article shown there, if any (for conflicts). */
  const seen = new Map<string, Article | undefined>();
  // A page made from the same inputs as last time is not rendered again.
  // The authors' photos are in every author box: what they became is part of every page's key.
  const photoStamps = site.authors.map((a) => (a.photo ? images.stamp(a.photo) : '')).join('\0');
  const keyOf = pageKeyer({ base: createHash('sha1').update(`${ENGINE_KEY}\0${templateKey}\0${discovery.key}\0${JSON.stringify(common)}\0${photoStamps}`).digest('hex'), imageStamp: images.stamp, now: opts.now });
  // The main thread makes the pages' data and keys while render threads render and write them:
  // one per other core (Pagefind needs a core as much as a second render thread would).
  const renderWorkers = buildThreads() > 1 ? Math.max(1, buildThreads() - 1) : 0;
  // While Pagefind indexes the whole site (a cold build), one core is left to it: the sooner it
  // has every document, the more of its one-core last step overlaps the pages (README, Speed).
  const renderThreadsNow = (): number => Math.max(0, renderWorkers - (discovery.searchBusy() ? 1 : 0));
  let pool: RenderPool | undefined;
  /** Input keys of the pages out in the render threads. */
  const inputKeys = new Map<string, string>();
  try {
    for (const spec of discovery.enrich(pageSpecs(model, ctx))) {
      const out = outputPathOf(spec.path);
      if (seen.has(out)) {
        const article = spec.article ?? seen.get(out);
        const other = spec.article ? seen.get(out)?.file : undefined;
        bag.error(article?.file ?? SITE_FILE, 1, 1, 'path-conflict', msg('path-conflict', { out, article: Boolean(article), ...(other ? { other } : {}) }));
        continue;
      }
      seen.set(out, spec.article);
      stats.pages++;
      opts.progress?.('pages', stats.pages, 0);
      const links = spec.article ? linkUrls.get(spec.article) ?? [] : [];
      const inputKey = writer ? keyOf(spec, links) : '';
      if (writer && !bag.hasErrors && writer.keepIfSame(out, inputKey)) continue;
      const body = spec.article ? finishBody(spec.article, bodies.get(spec.article.bodyHash), images.lookup, links) : undefined;
      // A large build renders and writes on every core; an edit or a small site never starts a thread.
      const threaded = !bag.hasErrors && stats.rendered >= RENDER_THREADS_AFTER;
      const threads = threaded ? renderThreadsNow() : 0;
      if (writer && threaded && (threads > 0 || pool)) {
        if (failedTemplates.has(spec.template)) continue;
        pool ??= new RenderPool(opts.root, common, threads, (o) => {
          if ('error' in o) {
            failedTemplates.add(o.template);
            bag.add(o.error);
          } else if ('hash' in o) {
            stats.rendered++;
            writer.addStaged(o.out, o.hash, o.staged, inputKeys.get(o.out));
          }
          inputKeys.delete(o.out);
        });
        pool.grow(threads);
        inputKeys.set(out, inputKey);
        await pool.add({ out, template: spec.template, data: pageData(spec.data(), body), ...writer.stagingFor(out) });
        continue;
      }
      const html = renderPage(templates, spec, common, body, opts.root, bag, failedTemplates);
      if (html === undefined) continue;
      stats.rendered++;
      // Encoded once, for both the manifest's hash and the file.
      if (writer && !bag.hasErrors) await writer.add(out, { bytes: Buffer.from(html) }, inputKey);
    }
    stats.renderThreads = pool?.threads ?? 0;
    await pool?.finish();
    mark('pages');
    if (writer && !bag.hasErrors) {
      for (const f of assets.files) await writer.add(f.path, { bytes: f.bytes });
      // The web editor (/admin/), when site.yml asks for it: its forms are made from this site.yml.
      if (site.editor) {
        const admin = await adminFiles(site, assets.css);
        for (const f of admin.own) await writer.add(f.path, { bytes: f.bytes });
        // The editor's package (5 MB) as the last build wrote it, unless midad or the package changed.
        const kept = writer.madeFrom(admin.vendorKey);
        if (kept.length === 0 || !await writer.keepAllIfSame(kept, admin.vendorKey)) {
          for (const f of await admin.vendorFiles()) await writer.add(f.path, { bytes: f.bytes }, admin.vendorKey);
        }
      }
      for (const f of images.files) await writer.add(f.path, { copyFrom: f.copyFrom, hash: path.basename(f.copyFrom) });
      for (const f of await discovery.files(bodyOf, writer)) await writer.add(f.path, 'content' in f ? f.content : { bytes: f.bytes }, f.inputKey);
      stats.search = discovery.searchSummary();
    }

    mark('feeds+sitemaps+search');
    // 9. Commit, or leave the previous output exactly as it was.
    if (writer) {
      if (bag.hasErrors) {
        await discovery.abandon();
        await writer.abort();
      } else {
        writer.buildKey = buildKey;
        stats.files = await writer.commit();
        await discovery.committed();
        // For the publish workflow's scheduled runs: when a build would next publish something new.
        await saveNextChange(path.join(opts.root, CACHE_DIR), nextChange(articles, opts));
        // Only now: a build killed before this point makes the next forget the search record.
        await writer.finish();
      }
    }
  } catch (err) {
    // Not a content error (those are diagnostics) but a file that cannot be written, a thread
    // that died: stop the render threads and Pagefind, and leave the output folder as it was.
    await pool?.finish().catch(() => undefined);
    await discovery.abandon().catch(() => undefined);
    await writer?.abort().catch(() => undefined);
    throw err;
  }
  mark('commit');
  return done(model);
}

/**
 * Everything the whole build is made from: midad, site.yml, the options, the templates, every
 * article file's bytes, every image file's and the logo's size and time, and what depends on the clock (which
 * articles are published, which are in the news sitemap's two days, which are still future).
 */
function buildInputKey(opts: BuildOptions, site: Site, model: SiteModel, articles: string, templates: string): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([ENGINE_KEY, opts.out, opts.baseUrl ?? '', opts.drafts, opts.future, site, templates, articles]));
  for (const file of [site.logo, ...site.authors.map((a) => a.photo?.src)]) {
    if (!file) continue;
    const st = statSync(path.resolve(site.root, file), { throwIfNoEntry: false });
    h.update(`${file}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\0`);
  }
  const twoDays = 2 * 86_400_000;
  for (const a of model.articles) {
    const age = model.now.getTime() - a.date.getTime();
    // The 24 hours a card tells the time of day, and the hours a story is in the breaking bar.
    const breaking = a.breakingUntil && age >= 0 && model.now.getTime() < a.breakingUntil.getTime();
    h.update(`${a.file}\0${age < 0 ? 'future' : age <= twoDays ? 'news' : ''}\0${age >= 0 && age < 86_400_000 ? 'recent' : ''}\0${breaking ? 'breaking' : ''}\0`);
    for (const ref of a.image ? [a.image, ...a.bodyImages] : a.bodyImages) {
      const st = statSync(ref.path, { throwIfNoEntry: false });
      h.update(`${ref.path}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\0`);
    }
  }
  return h.digest('hex');
}

/** The authors' photos, for the image stage (not heroes: no social crops). */
function authorPhotos(site: Site): Array<{ ref: ImageRef; hero: boolean }> {
  return site.authors.flatMap((a) => (a.photo ? [{ ref: a.photo, hero: false }] : []));
}

/** The footer's links besides the sections: the static pages in file-name order and the site's social accounts. */
function footerLinks(site: Site, pages: readonly StaticPage[]): { pages: Array<{ title: string; url: string }>; social: Array<{ network: string; name: string; url: string }> } {
  return {
    pages: pages.map((p) => ({ title: p.title, url: siteUrl(site, `/${p.slug}/`) })),
    social: (site.social ?? []).map((l) => ({ network: l.network, name: socialName(l.network, site.language), url: l.url })),
  };
}

/** The articles in the breaking-news bar at the build's clock, newest first. */
function breakingNow(model: SiteModel): Array<{ title: string; url: string }> {
  const now = model.now.getTime();
  return model.articles
    .filter((a) => a.breakingUntil && a.date.getTime() <= now && now < a.breakingUntil.getTime())
    .sort((a, b) => b.date.getTime() - a.date.getTime())
    .map((a) => ({ title: a.title, url: siteUrl(model.site, a.permalink) }));
}

/** What a page's template sees besides `common`: every own property of its data, the lazy non-enumerable ones too (discovery's `seo`, computed on use), and its body. */
function pageData(made: Record<string, unknown>, body: string | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(made)) data[key] = made[key];
  if (body !== undefined) data.body = body;
  return data;
}

function renderPage(
  templates: TemplateSet, spec: PageSpec, common: Record<string, unknown>, body: string | undefined,
  root: string, bag: DiagnosticBag, failed: Set<string>,
): string | undefined {
  if (failed.has(spec.template)) return undefined;
  try {
    return templates.env.render(spec.template, { ...common, ...pageData(spec.data(), body) });
  } catch (err) {
    // One broken template would fail every page that uses it: report it once.
    failed.add(spec.template);
    bag.add(templateDiagnostic(err, templates, root, spec.template));
    return undefined;
  }
}

/** A link to an article file that is not on the site: an error at the link. */
function brokenArticleLink(bag: DiagnosticBag, l: ArticleRefs['articleLinks'][number], held: boolean): void {
  bag.error(l.pos.file, l.pos.line, l.pos.column, 'broken-link', msg(held ? 'broken-link-held' : 'broken-link-missing', { href: l.href }));
}

/** Links to other articles' .md files → their URLs; a link to nothing is an error at the link. */
function resolveArticleLinks(site: Site, all: Array<Article & ArticleRefs>, model: SiteModel, bag: DiagnosticBag, articleFiles: Set<string>): Map<Article, Array<string | undefined>> {
  const published = new Set<Article>(model.articles);
  const byPath = new Map<string, Article>();
  for (const a of all) byPath.set(path.resolve(site.root, a.file), a);
  const out = new Map<Article, Array<string | undefined>>();
  for (const a of all) {
    if (!published.has(a) || a.articleLinks.length === 0) continue;
    out.set(a, a.articleLinks.map((l) => {
      const target = byPath.get(l.target);
      if (!target || !published.has(target)) {
        // A file whose front matter has errors is still an article: those errors are its own
        // (reported at it, and the build fails on them), not the linking article's.
        if (target || !articleFiles.has(l.target)) brokenArticleLink(bag, l, Boolean(target));
        return undefined;
      }
      const hash = l.href.includes('#') ? `#${l.href.split('#')[1]}` : '';
      return siteUrl(site, target.permalink) + hash;
    }));
  }
  return out;
}
