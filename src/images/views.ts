// Renditions → the ImageView pages show (src/render/views.ts): a srcset, the displayed size,
// the listing-card crop and absolute URLs of the social crops.

import type { ImageRef, Site } from '../model.js';
import type { ImageView } from '../render/views.js';
import { absoluteUrl, siteUrl } from '../render/urls.js';
import type { Rendition } from './renditions.js';

/** Folder of the published images, relative to the output folder. */
export const IMAGES_DIR = 'images';

/** The `src` fallback: the widest rendition up to this width, for browsers without srcset. */
const FALLBACK_WIDTH = 800;

export function imageView(site: Site, ref: ImageRef, renditions: Rendition[]): ImageView {
  const url = (r: Rendition): string => siteUrl(site, `/${IMAGES_DIR}/${r.file}`);
  const set = renditions.filter((r) => r.kind === 'srcset');
  const widest = set[set.length - 1]!;
  const fallback = [...set].reverse().find((r) => r.width <= FALLBACK_WIDTH) ?? set[0]!;
  const card = renditions.find((r) => r.kind === 'card');
  const social = renditions.filter((r) => r.kind === 'social');
  return {
    src: url(fallback),
    srcset: set.map((r) => `${url(r)} ${r.width}w`).join(', '),
    width: widest.width,
    height: widest.height,
    alt: ref.alt,
    ...(ref.caption !== undefined ? { caption: ref.caption } : {}),
    ...(ref.credit !== undefined ? { credit: ref.credit } : {}),
    ...(card ? { card: { src: url(card), width: card.width, height: card.height } } : {}),
    ...(social.length
      ? {
          social: social.map((r) => ({
            url: absoluteUrl(site, `/${IMAGES_DIR}/${r.file}`), width: r.width, height: r.height,
            type: r.format === 'jpeg' ? 'image/jpeg' : 'image/webp',
          })),
        }
      : {}),
  };
}
