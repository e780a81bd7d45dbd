// Site paths → URLs. Site paths are raw (Arabic slugs and tags as text); URLs are
// percent-encoded, and carry the base URL's path when the site lives below a domain's root.

import type { Site } from '../model.js';

const encoded = new Map<string, string>();

/** Percent-encodes each segment of a site path; `/` stays. Memoised: a site repeats its paths. */
export function encodePath(sitePath: string): string {
  let e = encoded.get(sitePath);
  if (e === undefined) {
    e = sitePath.split('/').map((seg) => encodeURIComponent(seg.normalize('NFC'))).join('/');
    if (encoded.size > 200_000) encoded.clear();
    encoded.set(sitePath, e);
  }
  return e;
}

const basePaths = new Map<string, string>();

/** The path part of the base URL, e.g. `/` or `/newsroom/`. */
export function basePath(site: Site): string {
  let p = basePaths.get(site.baseUrl);
  if (p === undefined) basePaths.set(site.baseUrl, (p = new URL(site.baseUrl).pathname));
  return p;
}

/** Root-relative URL for links inside the site, e.g. `/newsroom/tags/%D8%A3/`. */
export function siteUrl(site: Site, sitePath: string): string {
  return basePath(site) + encodePath(sitePath.replace(/^\//, ''));
}

/** Absolute URL, e.g. for canonical links, feeds and sitemaps. */
export function absoluteUrl(site: Site, sitePath: string): string {
  return site.baseUrl + encodePath(sitePath.replace(/^\//, ''));
}

/** The output file of a site path: `/a/b/` → `a/b/index.html`; `/feed.xml` stays. */
export function outputPathOf(sitePath: string): string {
  const p = sitePath.replace(/^\//, '');
  return p === '' || p.endsWith('/') ? `${p}index.html` : p;
}
