// Stage 4–5, validate: the site assembled (drafts and future articles held back, permalinks
// given, listings made), every link between articles, the logo, and where every page goes.
// Every check that can fail a build runs here or at the templates, before any image is encoded.

import { createFormatter, type Formatter } from '../render/format.js';
import { siteLogo, type SiteLogo } from '../render/logo.js';
import { pageSpecs } from '../render/pages.js';
import { checkOutputPaths } from '../site/addresses.js';
import { assembleSite, type SiteModel } from '../site/assemble.js';
import { heldBack } from '../site/held.js';
import { checkLinks, type ArticleLinkUrls } from '../site/links.js';
import type { LoadedContent } from './load.js';
import type { BuildRun } from './run.js';

/** The site ready to render, checked. */
export interface PlacedSite {
  model: SiteModel;
  /** Each published article's links to other articles' files, as URLs. */
  linkUrls: ArticleLinkUrls;
  logo: SiteLogo | undefined;
  fmt: Formatter;
}

/** The site assembled, its links and its logo checked. */
export async function placeSite(run: BuildRun, { site, read, staticPages, articleFiles }: LoadedContent): Promise<PlacedSite> {
  const { opts, bag, stats } = run;
  const model = assembleSite(site, read.articles, { drafts: opts.drafts, future: opts.future, now: opts.now, pages: staticPages }, bag);
  stats.articles = model.articles.length;
  stats.held = heldBack(read.articles, opts, site.timezone);
  const linkUrls = checkLinks(site, read.articles, model, bag, articleFiles);
  const logo = await siteLogo(site, bag);
  return { model, linkUrls, logo, fmt: createFormatter(site) };
}

/**
 * Where every page goes, checked. After the plan: a build whose inputs are the last successful
 * build's puts every page where that one did, and never pays for making 12,000 page specs.
 */
export function checkPagePaths(run: BuildRun, { site, staticPages }: LoadedContent, { model, fmt }: PlacedSite): void {
  // A page's path is known before its images are: none is asked for here.
  checkOutputPaths(site, staticPages, pageSpecs(model, { site, fmt, images: () => undefined, now: run.opts.now }), run.bag);
}
