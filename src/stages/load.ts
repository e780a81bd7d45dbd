// Stage 1–3, load: site.yml, the article files, the static pages, and every article parsed
// (unchanged files from the parse cache). When site.yml is broken, the articles and their
// images are still checked as far as its sound parts allow, so that every error shows in one run.

import path from 'node:path';
import { loadSite, SITE_FILE, type PartialSite } from '../config/site.js';
import { findArticleFiles, type ArticleFile } from '../content/load.js';
import { readPages } from '../content/pages.js';
import { readArticles, type ReadArticlesResult } from '../content/read-articles.js';
import { processImages } from '../images/index.js';
import { siteImages } from '../images/uses.js';
import { createMarkdown } from '../markdown/index.js';
import type { Site, StaticPage } from '../model.js';
import { checkLinksToFiles } from '../site/links.js';
import { ENGINE_KEY } from '../version.js';
import type { BuildRun } from './run.js';

/** The site's content, read and checked file by file. */
export interface LoadedContent {
  site: Site;
  /** Absolute paths of every article file found, its front matter sound or not. */
  articleFiles: ReadonlySet<string>;
  staticPages: StaticPage[];
  /** The parsed articles, their bodies in the body store; `save()` when the build is over. */
  read: ReadArticlesResult;
}

/** Loads the content; undefined when site.yml is broken (its errors, and the articles', are in the bag). */
export async function loadContent(run: BuildRun): Promise<LoadedContent | undefined> {
  const { opts, bag } = run;
  let partial: PartialSite | undefined;
  const site = await run.stage('site', () => loadSite(opts.root, bag, run.sources, opts.baseUrl, (p) => (partial = p)));
  const known = site ?? partial?.site;
  const { files, staticPages } = await run.stage('find', async () => ({
    // Found and checked even when site.yml is broken: all errors in one run.
    files: await findArticleFiles(opts.root, bag),
    staticPages: readPages(opts.root, known?.sections ?? [], createMarkdown({ language: known?.language ?? 'ar' }), bag, (known?.direction ?? 'rtl') === 'rtl'),
  }));
  const articleFiles = new Set(files.map((f) => f.abs));
  if (!site) {
    if (partial) await checkWithBrokenSite(run, partial, files, articleFiles);
    return undefined;
  }
  const read = await run.stage('parse', () => readArticles(files, site, {
    cacheDir: opts.write ? path.join(run.cacheDir, 'build') : undefined,
    clean: opts.clean, version: ENGINE_KEY, siteText: run.sources.get(SITE_FILE) ?? '',
    ...(opts.progress ? { progress: (d: number, t: number) => opts.progress!('articles', d, t) } : {}),
  }, run.bag));
  run.stats.parsed = read.parsed;
  return { site, articleFiles, staticPages, read };
}

/** The articles checked as far as the valid parts of site.yml allow; their images checked and not encoded (nothing is written). */
async function checkWithBrokenSite(run: BuildRun, partial: PartialSite, files: ArticleFile[], articleFiles: ReadonlySet<string>): Promise<void> {
  const { site } = partial;
  const r = await readArticles(files, site, { cacheDir: undefined, clean: true, version: ENGINE_KEY, siteText: '', trust: { sections: partial.sectionsKnown, authors: partial.authorsKnown } }, run.bag);
  r.bodies.close();
  checkLinksToFiles(r.articles, run.bag, articleFiles);
  await processImages(siteImages(r.articles, site, r.imagesOfBrokenArticles), site, { cacheDir: path.join(run.cacheDir, 'images'), clean: false, readOnly: true }, run.bag);
}
