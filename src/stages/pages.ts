// Stage 8, pages: every page spec → HTML, through one renderer (in this thread, or on render
// threads for a large build, chosen once from how many pages there are to render). A partial
// build first keeps every page made from the same inputs as last time: an edit renders the few
// pages that show the edited article. A failing build renders one page of each template instead,
// so that the templates' errors come in the same run as the content's.

import type { PageSpec, PlacedArticle } from '../model.js';
import type { OutputWriter } from '../output/write.js';
import type { SiteLogo } from '../render/logo.js';
import { createDiscovery, type Discovery } from '../render/seo-feeds-search.js';
import { pageSpecs } from '../render/pages.js';
import { RENDER_THREADS_AFTER } from '../render/render-pool.js';
import { inThreadRenderer, threadedRenderer, type PageJob, type PageRenderer, type RenderSink } from '../render/renderer.js';
import type { SharedData } from '../render/shared-data.js';
import { reachesFailed, type TemplateSet } from '../render/templates.js';
import { outputPathOf } from '../render/urls.js';
import type { ViewCache } from '../render/view-cache.js';
import type { ViewContext } from '../render/views.js';
import type { SiteModel } from '../site/assemble.js';
import type { ArticleLinkUrls } from '../site/links.js';
import { buildThreads } from '../threads.js';
import { VERSION } from '../version.js';
import type { BuildRun } from './run.js';

/** What the pages are made from. */
export interface PageInput {
  model: SiteModel;
  ctx: ViewContext;
  /** One view per article, for the pages and discovery alike. */
  views: ViewCache;
  templates: TemplateSet;
  shared: SharedData;
  /** An article's finished body (images and links filled in). */
  bodyOf: (a: PlacedArticle) => string;
  linkUrls: ArticleLinkUrls;
}

export interface PageOutput {
  discovery: Discovery;
  /** Undefined for `midad check`: every page is rendered, none written. */
  writer: OutputWriter | undefined;
  /** A partial build keeps the pages whose input key the last build recorded. */
  partial: boolean;
  /** A page's input key (with its article's resolved links). */
  keyOf: (spec: PageSpec, links: ReadonlyArray<string | undefined>) => string;
}

/** Renders the pages that changed; each rendered page goes to the writer as it comes. */
export async function renderPages(run: BuildRun, input: PageInput, { discovery, writer, partial, keyOf }: PageOutput): Promise<void> {
  const { bag, stats } = run;
  const jobs: Array<{ spec: PageSpec; out: string; inputKey: string | undefined } | undefined> = [];
  for (const spec of discovery.enrich(pageSpecs(input.model, input.ctx, input.views))) {
    stats.pages++;
    const out = outputPathOf(spec.path);
    const inputKey = writer ? keyOf(spec, spec.article ? input.linkUrls.get(spec.article) ?? [] : []) : undefined;
    if (partial && writer && inputKey !== undefined && writer.keepIfSame(out, inputKey)) continue;
    jobs.push({ spec, out, inputKey });
  }
  const sink: RenderSink = async (r) => {
    if ('error' in r) return bag.add(r.error);
    stats.rendered++;
    // After an error nothing more is staged, but a page a thread staged already is recorded, for abort to remove.
    if (writer && ('staged' in r.file || !bag.hasErrors)) await writer.add(r.file);
  };
  const renderer = chooseRenderer(run, input, jobs.length, writer, discovery, sink);
  try {
    for (let i = 0; i < jobs.length; i++) {
      const { spec, out, inputKey } = jobs[i]!;
      // Each spec let go once its page is out: together they hold a good part of the site.
      jobs[i] = undefined;
      run.opts.progress?.('pages', i + 1, jobs.length);
      await renderer.render(pageJob(spec, out, inputKey, input.bodyOf, discovery));
    }
    stats.renderThreads = renderer.threads;
    await renderer.finish();
  } catch (err) {
    // A thread that died, a page that cannot be staged: the other threads stop too.
    await renderer.finish().catch(() => undefined);
    throw err;
  }
}

/**
 * The build fails: one page of each template and kind is rendered from the articles that are
 * sound, to find the templates' errors too; nothing is written. Not a template that includes
 * one that does not compile (`uncompiled`): that would throw out of reach.
 */
export async function probeTemplates(run: BuildRun, input: PageInput, logo: SiteLogo | undefined, uncompiled: ReadonlySet<string>): Promise<void> {
  const discovery = await createDiscovery(input.model, input.ctx, input.templates.dirs, logo, { generator: `midad ${VERSION}`, views: input.views });
  const renderer = inThreadRenderer(input.templates, run.opts.root, input.shared, (r) => {
    if ('error' in r) run.bag.add(r.error);
  });
  const tried = new Set<string>();
  for (const spec of discovery.enrich(pageSpecs(input.model, input.ctx, input.views))) {
    // One page of each kind: a section's first page opens with its lead, not a card, so a
    // tag's page is what shows a broken card partial when the site has one article.
    const kindKey = `${spec.template}\0${spec.kind}`;
    if (tried.has(kindKey)) continue;
    tried.add(kindKey);
    if (reachesFailed(input.templates, spec.template, uncompiled)) continue;
    await renderer.render(pageJob(spec, outputPathOf(spec.path), undefined, input.bodyOf, discovery));
  }
}

/** A page's job: its data, its SEO data, and its article's finished body. */
function pageJob(spec: PageSpec, out: string, inputKey: string | undefined, bodyOf: (a: PlacedArticle) => string, discovery: Discovery): PageJob {
  const own = spec.data();
  const data = { ...own, seo: discovery.seo(spec, own), ...(spec.article ? { body: bodyOf(spec.article) } : {}) };
  return { out, template: spec.template, data, ...(inputKey === undefined ? {} : { inputKey }) };
}

/**
 * A large build renders and stages on every core; an edit or a small site never starts a
 * thread. One render thread per other core: Pagefind needs a core as much as a second render
 * thread would, and while it indexes the whole site (a cold build) one more is left to it, so
 * that more of its one-core last step overlaps the pages (README, Speed).
 */
function chooseRenderer(run: BuildRun, input: PageInput, pages: number, writer: OutputWriter | undefined, discovery: Discovery, sink: RenderSink): PageRenderer {
  const threads = buildThreads() > 1 ? Math.max(1, buildThreads() - 1) : 0;
  if (!writer || threads === 0 || pages < RENDER_THREADS_AFTER) return inThreadRenderer(input.templates, run.opts.root, input.shared, sink);
  return threadedRenderer({
    templates: input.templates, root: run.opts.root, shared: input.shared, sink,
    threadsNow: () => Math.max(0, threads - (discovery.searchBusy() ? 1 : 0)),
    stagingFor: (out) => writer.stagingFor(out),
  });
}
