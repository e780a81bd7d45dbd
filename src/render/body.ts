// Finishes an article body: image placeholders become responsive <img>/<figure> markup from
// the image stage, and links to other articles' .md files become their permalinks.

import { IMAGE_PLACEHOLDER } from '../markdown/figure.js';
import { ARTICLE_LINK_PLACEHOLDER } from '../markdown/index.js';
import type { ImageRef, PlacedArticle } from '../model.js';
import { textDirection } from './bidi.js';
import { escapeHtml } from './html.js';
import type { ImageLookup, ImageView } from './views.js';

/** Body images are shown at most at the text column's width. */
export const BODY_IMAGE_SIZES = '(min-width: 48rem) 45rem, 100vw';

/** Reads a body the build stored, by its hash (the body store). */
export interface StoredBodies {
  get(hash: string): string;
}

/** Each article's finished body: read from the store, its images and links to other articles filled in. */
export function bodyFinisher(bodies: StoredBodies, images: ImageLookup, linkUrls: ReadonlyMap<PlacedArticle, Array<string | undefined>>): (a: PlacedArticle) => string {
  return (a) => finishBody(a, bodies.get(a.bodyHash), images, linkUrls.get(a) ?? []);
}

/**
 * `article`: whether it has a front-matter image, and the images its body's placeholders stand
 * for (as far as the figure goes: `images` gives each one's renditions).
 */
export function finishBody<R extends Pick<ImageRef, 'alt' | 'caption' | 'credit'>>(
  article: { image?: unknown; bodyImages: readonly R[] }, bodyHtml: string, images: (ref: R) => ImageView | undefined, linkUrls: ReadonlyArray<string | undefined>,
): string {
  if (article.bodyImages.length === 0 && linkUrls.length === 0) return bodyHtml;
  return bodyHtml
    .replace(IMAGE_PLACEHOLDER, (_m, n: string) => {
      const ref = article.bodyImages[Number(n)];
      const view = ref ? images(ref) : undefined;
      if (!ref || !view) return '';
      // Without a hero, the body's first image is the page's first: it loads at once.
      const img = imgTag(view, ref.alt, BODY_IMAGE_SIZES, !article.image && n === '0');
      if (ref.caption === undefined) return img;
      return `<figure class="figure">${img}${figcaption(ref.caption, ref.credit)}</figure>`;
    })
    .replace(ARTICLE_LINK_PLACEHOLDER, (_m, n: string) => escapeHtml(linkUrls[Number(n)] ?? '#'));
}

/** A lazy, responsive <img> (every image but the hero is lazy). */
export function imgTag(view: ImageView, alt: string, sizes: string, eager = false): string {
  const loading = eager ? 'fetchpriority="high"' : 'loading="lazy"';
  return `<img src="${escapeHtml(view.src)}" srcset="${escapeHtml(view.srcset)}" sizes="${sizes}" width="${view.width}" height="${view.height}" alt="${escapeHtml(alt)}" ${loading} decoding="async">`;
}

export function figcaption(caption: string, credit?: string): string {
  const c = caption ? `<span class="caption">${escapeHtml(caption)}</span>` : '';
  // The brackets go inside the isolate, which takes the credit's own direction: an Arabic credit
  // ending in Latin, "[القيادة المركزية الأمريكية (CENTCOM)]", keeps its closing bracket at its end.
  const cr = credit ? ` <span class="credit"><bdi dir="${textDirection(credit)}">[${escapeHtml(credit)}]</bdi></span>` : '';
  return c || cr ? `<figcaption>${c}${cr}</figcaption>` : '';
}
