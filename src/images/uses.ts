// Which images a build uses, gathered in one place: each article's front-matter image and
// body images, and the authors' photos.

import type { ImageRef, Site } from '../model.js';

/** An image reference and whether it is an article's front-matter image (which also gets the card and social crops). */
export interface ImageUse {
  ref: ImageRef;
  hero: boolean;
}

/** An article's images: its front-matter image, then its body's, in order. */
export function articleImages(a: { image?: ImageRef | undefined; bodyImages: readonly ImageRef[] }): ImageUse[] {
  return [...(a.image ? [{ ref: a.image, hero: true }] : []), ...a.bodyImages.map((ref) => ({ ref, hero: false }))];
}

/**
 * Every image of the site: the articles', then `unchecked` (the images of article files with
 * errors: checked too, so that their errors come in the same run), then the authors' photos.
 */
export function siteImages(articles: Iterable<{ image?: ImageRef | undefined; bodyImages: readonly ImageRef[] }>, site: Site, unchecked: readonly ImageRef[] = []): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const a of articles) uses.push(...articleImages(a));
  for (const ref of unchecked) uses.push({ ref, hero: false });
  for (const au of site.authors) if (au.photo) uses.push({ ref: au.photo, hero: false });
  return uses;
}
