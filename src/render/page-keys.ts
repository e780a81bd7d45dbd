// Each page's input key: a hash of everything the page is made from, so a rebuild
// renders only the pages whose key changed. It is made from the page's spec (its article, the
// articles whose cards it shows, its parameters), never from its data: making the data of every
// page (12,000 at 10,000 articles) to find the few an edit touched took seconds.

import { createHash } from 'node:crypto';
import type { ImageRef, PageSpec, PlacedArticle } from '../model.js';
import { isRecent } from './views.js';

export interface PageKeyInputs {
  /** What every page shares: midad's version, the templates, the site, the shared data. */
  base: string;
  /** See ImageStageResult.stamp. */
  imageStamp: (ref: ImageRef) => string;
  /** The build's clock: an article dated later shows as "future" (in dev). */
  now: Date;
}

/** Returns the function giving a page's input key; `links` are the page article's resolved links. */
export function pageKeyer(inputs: PageKeyInputs): (spec: PageSpec, links: ReadonlyArray<string | undefined>) => string {
  const stamps = new Map<PlacedArticle, string>();
  /**
   * Everything an article's views are made from: its file's bytes (which, with the site and
   * midad in `base`, make the article), what assembling the site added (its permalink, the
   * site's spelling of its tags), what its images became, and whether it is still in the future.
   * Hashed once, so that the keys of the pages that show it (a listing shows twenty) hash a
   * few short strings.
   */
  const stampOf = (a: PlacedArticle): string => {
    let s = stamps.get(a);
    if (s === undefined) {
      const h = createHash('sha1').update(`${a.sourceHash}\0${a.permalink}\0${a.tags.map((t) => t.name).join('\u0001')}\0${a.date.getTime() > inputs.now.getTime() ? 'future' : isRecent(a, inputs.now) ? 'recent' : ''}`);
      if (a.image) h.update(`\0${inputs.imageStamp(a.image)}`);
      for (const ref of a.bodyImages) h.update(`\0${inputs.imageStamp(ref)}`);
      stamps.set(a, (s = h.digest('base64')));
    }
    return s;
  };
  return (spec, links) => {
    const h = createHash('sha1').update(inputs.base).update('\0').update(spec.template).update('\0').update(spec.path)
      .update('\0').update(JSON.stringify(spec.params) ?? '');
    if (spec.article) h.update('\0').update(stampOf(spec.article)).update(JSON.stringify(links));
    h.update('\0');
    for (const a of spec.cards) h.update(stampOf(a));
    return h.digest('hex');
  };
}
