// Stage 8–9, publish: the pages and every other file of the site (stylesheet and fonts,
// /admin/, images, feeds, sitemaps, the search index) staged by the writer, then committed
// into the output folder, or the output left exactly as it was.

import { createHash } from 'node:crypto';
import type { BodyStore } from '../cache/body-store.js';
import { adminFiles } from '../editor/index.js';
import type { ImageStageResult } from '../images/index.js';
import type { OutputFile, ParsedArticle } from '../model.js';
import { OutputWriter } from '../output/write.js';
import type { SiteAssets } from '../render/assets.js';
import type { SiteLogo } from '../render/logo.js';
import { pageKeyer } from '../render/page-keys.js';
import { createDiscovery, type Discovery } from '../render/seo-feeds-search.js';
import { nextChange, saveNextChange } from '../site/schedule.js';
import { ENGINE_KEY, VERSION } from '../version.js';
import { renderPages, type PageInput } from './pages.js';
import type { BuildPlan } from './plan.js';
import type { BuildRun } from './run.js';

export interface PublishInput {
  page: PageInput;
  plan: Extract<BuildPlan, { mode: 'full' | 'partial' }>;
  assets: SiteAssets;
  images: ImageStageResult;
  logo: SiteLogo | undefined;
  bodies: BodyStore;
  /** Every article read, published or not (for when the site next changes by the clock alone). */
  articles: readonly ParsedArticle[];
}

export async function publishSite(run: BuildRun, input: PublishInput): Promise<void> {
  const { opts, bag, stats } = run;
  const { page, plan } = input;
  const writer = opts.write ? new OutputWriter(opts.out) : undefined;
  await writer?.begin({ manifest: plan.manifest });
  // SEO, related articles and search data for the pages; feeds, sitemaps and search after them.
  const discovery = await createDiscovery(page.model, page.ctx, page.templates.dirs, input.logo, { cacheDir: run.cacheDir, clean: opts.clean, generator: `midad ${VERSION}`, views: page.views });
  try {
    // Pagefind (a separate process) indexes the articles while the pages render.
    if (writer) await discovery.startSearch(input.bodies, writer);
    const keyOf = pageKeyer({ base: pageKeyBase(input, discovery), imageStamp: input.images.stamp, now: opts.now });
    await run.stage('pages', () => renderPages(run, page, { discovery, writer, partial: plan.mode === 'partial', keyOf }));
    // Nothing after the pages shows an article's view: the views go before the search and the commit.
    page.views.clear();
    if (!writer) return;
    await run.stage('feeds+sitemaps+search', async () => {
      if (bag.hasErrors) return;
      for await (const file of siteFiles(input, discovery, writer)) await writer.add(file);
      stats.search = discovery.searchSummary();
    });
    await run.stage('commit', () => commit(run, input, discovery, writer));
  } catch (err) {
    // Not a content error (those are diagnostics) but a file that cannot be written, a thread
    // that died: stop Pagefind, and leave the output folder as it was.
    await discovery.abandon().catch(() => undefined);
    await writer?.abort().catch(() => undefined);
    throw err;
  }
}

/**
 * What every page is made from besides its own spec: midad, the templates, discovery's hashed
 * names, the shared data, and what the authors' photos became (they are in every author box).
 */
function pageKeyBase({ plan, page, images }: PublishInput, discovery: Discovery): string {
  const photoStamps = page.model.site.authors.map((a) => (a.photo ? images.stamp(a.photo) : '')).join('\0');
  return createHash('sha1').update(`${ENGINE_KEY}\0${plan.templateKey}\0${discovery.key}\0${JSON.stringify(page.shared)}\0${photoStamps}`).digest('hex');
}

/** The site's files besides its pages, in the order they are staged; each asks the writer what it may keep only when its turn comes. */
async function* siteFiles({ page, assets, images }: PublishInput, discovery: Discovery, writer: OutputWriter): AsyncGenerator<OutputFile> {
  const { site } = page.model;
  yield* assets.files;
  // The web editor (/admin/), when site.yml asks for it: its forms are made from this site.yml.
  if (site.editor) {
    const admin = await adminFiles(site, assets.css);
    yield* admin.own;
    // The editor's package (5 MB) as the last build wrote it, unless midad or the package changed.
    const kept = writer.madeFrom(admin.vendorKey);
    if (kept.length === 0 || !await writer.keepAllIfSame(kept, admin.vendorKey)) {
      for (const f of await admin.vendorFiles()) yield { ...f, inputKey: admin.vendorKey };
    }
  }
  yield* images.files;
  yield* await discovery.files(page.bodyOf, writer);
}

/** Moves the staged site into place, or, when the build failed, drops it. */
async function commit(run: BuildRun, input: PublishInput, discovery: Discovery, writer: OutputWriter): Promise<void> {
  if (run.bag.hasErrors) {
    await discovery.abandon();
    await writer.abort();
    return;
  }
  writer.buildKey = input.plan.buildKey;
  run.stats.files = await writer.commit();
  await discovery.committed();
  // For the publish workflow's scheduled runs: when a build would next publish something new.
  await saveNextChange(run.cacheDir, nextChange(input.articles, run.opts));
  // Only now: a build killed before this point makes the next forget the search record.
  await writer.finish();
}
