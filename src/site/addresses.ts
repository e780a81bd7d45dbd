// Where the pages go, checked before anything is made: no article in a folder midad fills
// itself or on a section's or static page's own address, and no two pages at one output path.

import { msg, type Message } from '../messages/index.js';
import { SITE_FILE } from '../config/site.js';
import type { DiagnosticBag } from '../diagnostics.js';
import type { PlacedArticle, Site, StaticPage } from '../model.js';
import { outputPathOf } from '../render/urls.js';
import { SITE_FOLDERS } from './reserved.js';


/**
 * Why an article cannot be written at `permalink` although the pattern is sound, or undefined:
 * it is inside a folder midad fills, or it is a section's own listing page (`/{slug}/` with the
 * slug `security`, or `/security/page/2/`), or a static page's (`/{slug}/` with the slug `about`).
 * (A folder named like one of the site's files, `/robots.txt/…`, can only come from the
 * pattern, which site.yml's check refuses: slugs have no dots.)
 */
export function reservedPermalink(site: Site, pages: readonly StaticPage[], permalink: string): Message | undefined {
  const top = permalink.split('/')[1] ?? '';
  if (SITE_FOLDERS.has(top)) return msg('reserved-permalink', { permalink, folder: top });
  const m = /^\/([^/]+)\/(?:page\/\d+\/)?$/.exec(permalink);
  if (m && site.sections.some((s) => s.slug === m[1])) return msg('section-page-permalink', { permalink, section: m[1]! });
  const page = pages.find((p) => permalink === `/${p.slug}/`);
  if (page) return msg('static-page-permalink', { permalink, page: page.file });
  return undefined;
}

/**
 * Reports every page whose output file another page already has: at the article when one of
 * the two shows one, else at site.yml (where the names that made both paths are). What
 * assembling the site reported is not reported again: an article at a reserved permalink, two
 * articles at one permalink.
 */
export function checkOutputPaths(site: Site, staticPages: readonly StaticPage[], pages: Iterable<{ path: string; article?: PlacedFile }>, bag: DiagnosticBag): void {
  /** Output path → the article shown there, if any. */
  const seen = new Map<string, PlacedFile | undefined>();
  for (const page of pages) {
    if (page.article && reservedPermalink(site, staticPages, page.article.permalink)) continue;
    const out = outputPathOf(page.path);
    if (!seen.has(out)) {
      seen.set(out, page.article);
      continue;
    }
    const first = seen.get(out);
    if (page.article && first?.permalink === page.article.permalink) continue;
    const article = page.article ?? first;
    const other = page.article ? first?.file : undefined;
    bag.error(article?.file ?? SITE_FILE, 1, 1, 'path-conflict', msg('path-conflict', { out, article: Boolean(article), ...(other ? { other } : {}) }));
  }
}

/** An article as far as its place goes. */
type PlacedFile = Pick<PlacedArticle, 'file' | 'permalink'>;
