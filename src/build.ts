// The build, stage by stage: `runStages` lists them in the order they run (the table in
// docs/architecture.md has the same numbers). Every error of the run is collected first, and
// nothing is written to the output folder while any error exists.

import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { Message } from './messages/index.js';
import { processImages, type ImageStageResult } from './images/index.js';
import { articleImages, siteImages } from './images/uses.js';
import { guardedBuild } from './output/guard.js';
import type { WriteStats } from './output/write.js';
import { buildAssets, type SiteAssets } from './render/assets.js';
import { bodyFinisher } from './render/body.js';
import { sharedData } from './render/shared-data.js';
import { compileTemplates, type TemplateSet } from './render/templates.js';
import { createViewCache } from './render/view-cache.js';
import type { SiteModel } from './site/assemble.js';
import type { HeldBack } from './site/held.js';
import { nextChange, saveNextChange } from './site/schedule.js';
import { loadContent, type LoadedContent } from './stages/load.js';
import { probeTemplates, type PageInput } from './stages/pages.js';
import { planBuild, type BuildPlan } from './stages/plan.js';
import { publishSite } from './stages/publish.js';
import { CACHE_DIR, startRun, type BuildRun } from './stages/run.js';
import { checkPagePaths, placeSite, type PlacedSite } from './stages/validate.js';

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

// ── One build at a time, and what an interrupted one left undone first (src/output/guard.ts) ──
export async function build(opts: BuildOptions): Promise<BuildResult> {
  if (!opts.write) return runStages(opts);
  const cacheDir = path.join(opts.root, CACHE_DIR);
  return guardedBuild(opts.root, opts.out, cacheDir, path.join(cacheDir, 'build'), () => runStages(opts));
}
// ── end ──

/** The stages, in order. Each takes what the ones before it made; the bag collects every error. */
async function runStages(opts: BuildOptions): Promise<BuildResult> {
  const run = startRun(opts);
  // 1–3. Load: site.yml, the article files and static pages, every article parsed.
  const loaded = await loadContent(run);
  if (!loaded) return run.done();
  try {
    // 4–5. Validate: the site assembled; its links and logo checked.
    const placed = await run.stage('assemble', () => placeSite(run, loaded));
    // Decided once: nothing to do, a partial build or a full one.
    const plan = await run.stage('assemble', () => planBuild(run, loaded, placed.model));
    if (plan.mode === 'unchanged') return await upToDate(run, loaded, placed.model, plan.previous);
    // 5. Where every page goes, checked.
    await run.stage('assemble', () => checkPagePaths(run, loaded, placed));
    // 6. Templates compiled, the stylesheet and fonts made: the last checks before images.
    const uncompiled = await run.stage('assemble', () => compile(run, plan.templates));
    const assets = await run.stage('assets', () => makeAssets(run, loaded, plan.templates));
    // 7. Images: validated and encoded into the cache (never into the output folder).
    const images = await run.stage('images', () => encodeImages(run, loaded, placed.model));
    const page = pageInput(run, loaded, placed, plan.templates, assets, images);
    // The build fails: the templates' errors still come in this run; nothing is written.
    if (run.bag.hasErrors) {
      await probeTemplates(run, page, placed.logo, uncompiled);
      return run.done(placed.model);
    }
    // 8–9. Pages, feeds, sitemaps, search and the rest staged, then committed.
    await publishSite(run, { page, plan, assets, images, logo: placed.logo, bodies: loaded.read.bodies, articles: loaded.read.articles });
    return run.done(placed.model);
  } finally {
    await loaded.read.save();
  }
}

/** Nothing changed since the last build (same inputs, and the same articles published and in the news window at this hour): the output stands. */
async function upToDate(run: BuildRun, loaded: LoadedContent, model: SiteModel, previous: Extract<BuildPlan, { mode: 'unchanged' }>['previous']): Promise<BuildResult> {
  const { stats } = run;
  stats.upToDate = true;
  stats.pages = previous.pages;
  stats.images = new Set(model.articles.flatMap((a) => articleImages(a).map((u) => u.ref.path))).size;
  stats.files = { written: 0, unchanged: previous.files, removed: 0 };
  await saveNextChange(run.cacheDir, nextChange(loaded.read.articles, run.opts));
  return run.done(model);
}

/**
 * Every template and partial compiled: a syntax error is a positioned error of this run. After
 * the plan: an unchanged site never pays for compiling. Returns the templates that failed.
 */
function compile(run: BuildRun, templates: TemplateSet): Set<string> {
  const compiled = compileTemplates(templates, run.opts.root);
  for (const d of compiled.diagnostics) run.bag.add(d);
  return compiled.failed;
}

/** The stylesheet and fonts. Font subsets are cached only by a build that writes (`midad check` leaves the root alone). */
function makeAssets(run: BuildRun, { site }: LoadedContent, templates: TemplateSet): Promise<SiteAssets> {
  return buildAssets(site, templates, run.opts.write ? { dir: path.join(run.cacheDir, 'fonts'), clean: run.opts.clean } : undefined);
}

/** Every image of the published articles and the authors, and of the articles with errors (so that their errors come with the articles' own). */
async function encodeImages(run: BuildRun, { site, read }: LoadedContent, model: SiteModel): Promise<ImageStageResult> {
  const { opts, stats } = run;
  const images = await processImages(siteImages(model.articles, site, read.imagesOfBrokenArticles), site, {
    cacheDir: path.join(run.cacheDir, 'images'),
    clean: opts.clean,
    readOnly: !opts.write,
    ...(opts.progress ? { progress: (d: number, t: number) => opts.progress!('images', d, t) } : {}),
  }, run.bag);
  stats.images = images.stats.images;
  stats.imagesEncoded = images.stats.encoded;
  return images;
}

/** What the pages are made from, once the images are known. */
function pageInput(run: BuildRun, loaded: LoadedContent, placed: PlacedSite, templates: TemplateSet, assets: SiteAssets, images: ImageStageResult): PageInput {
  const { model, fmt, linkUrls } = placed;
  const ctx = { site: model.site, fmt, images: images.lookup, now: run.opts.now };
  return {
    model, templates, linkUrls, ctx,
    views: createViewCache(ctx),
    shared: sharedData(model, assets),
    bodyOf: bodyFinisher(loaded.read.bodies, images.lookup, linkUrls),
  };
}
