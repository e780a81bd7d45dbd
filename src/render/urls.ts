// Site paths → URLs. Site paths are raw (Arabic slugs and tags as text); URLs are
// percent-encoded, and carry the base URL's path when the site lives below a domain's root.

import type { Site } from '../model.js';

/** Percent-encodes each segment of a site path; `/` stays. */
export function encodePath(sitePath: string): string {
  return sitePath.split('/').map((seg) => encodeURIComponent(seg.normalize('NFC'))).join('/');
}

/** The path part of the base URL, e.g. `/` or `/newsroom/`. */
export function basePath(site: Site): string {
  return new URL(site.baseUrl).pathname;
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
