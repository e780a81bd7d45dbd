// What an image becomes: the srcset widths, the listing-card crop and the social
// crops, their pixel sizes for a given source, and file names that carry the cache key.
// Pure functions: no sharp, no files.

import { createHash } from 'node:crypto';

/** Bump when the encoding recipe changes, so every cached rendition is made again. */
export const RECIPE_VERSION = 2;

/** srcset widths in CSS pixels; never wider than the source. */
export const WIDTHS: readonly number[] = [480, 800, 1200, 1600];

/** A fixed-aspect crop chosen by sharp's attention strategy. */
export interface CropSpec {
  /** File-name suffix, unique among crops. */
  name: string;
  width: number;
  height: number;
  format: 'webp' | 'jpeg';
}

/** Listing cards: 25:16. */
export const CARD: CropSpec = { name: 'card', width: 600, height: 384, format: 'webp' };

/**
 * Open Graph first, then the 16:9, 4:3 and 1:1 crops news structured data recommends. The Open
 * Graph card is JPEG, which every link preview reads (social cards may be JPEG);
 * the structured-data crops are WebP like every other image, which search engines read.
 */
export const SOCIAL: readonly CropSpec[] = [
  { name: 'og', width: 1200, height: 630, format: 'jpeg' },
  { name: '16x9', width: 1200, height: 675, format: 'webp' },
  { name: '4x3', width: 1200, height: 900, format: 'webp' },
  { name: '1x1', width: 1200, height: 1200, format: 'webp' },
];

export interface Size {
  width: number;
  height: number;
}

/** One output file of an image. `file` is a bare name inside the cache and under `images/`. */
export interface Rendition {
  file: string;
  kind: 'srcset' | 'card' | 'social';
  width: number;
  height: number;
  format: 'webp' | 'jpeg';
  /** Cover-crop with the attention strategy (true) or plain scale (false). */
  crop: boolean;
}

/** The settings that change output bytes, as one string hashed into every file name. */
export function recipe(quality: number): string {
  const crops = [CARD, ...SOCIAL].map((c) => `${c.name}:${c.width}x${c.height}:${c.format}`).join(',');
  return `midad-images v${RECIPE_VERSION} q${quality} w${WIDTHS.join(',')} ${crops}`;
}

/** The cache key of a source: its bytes' SHA-256 and the recipe, as hex. */
export function cacheKey(contentSha: string, quality: number): string {
  return createHash('sha256').update(recipe(quality)).update('\0').update(contentSha).digest('hex');
}

/** The 12-hex-digit prefix that output names carry. */
export const shortKey = (key: string): string => key.slice(0, 12);

/**
 * srcset widths for a source `width` px wide: the standard widths that fit, plus the source's own
 * width when it is clearly wider than the last of them (so a 1590 px photo is not cut to 1200)
 * or when only the narrowest fits (a 560 px photo has two widths, as every source wider
 * than the narrowest gets), or alone when the source is narrower than every standard width.
 */
export function srcsetWidths(width: number): number[] {
  const out = WIDTHS.filter((w) => w <= width);
  const last = out[out.length - 1];
  if (last === undefined || (width < WIDTHS[WIDTHS.length - 1]! && (width > last * 1.25 || (out.length === 1 && width > last)))) out.push(width);
  return out;
}

/** The crop's size for this source: the target, shrunk (same aspect) when the source is smaller. */
export function cropSize(spec: Size, source: Size): Size {
  const s = Math.min(1, source.width / spec.width, source.height / spec.height);
  return { width: Math.max(1, Math.round(spec.width * s)), height: Math.max(1, Math.round(spec.height * s)) };
}

/** WebP's largest width or height (libwebp): no rendition may be taller. */
export const WEBP_MAX_SIDE = 16383;

/**
 * Every rendition of a source (oriented size); with `crops`, the card and social crops too.
 * A source so tall that a rendition of its width would pass WebP's limit (a long infographic,
 * 1080 × 17000) gets its widths from the widest that fits.
 */
export function planRenditions(key: string, source: Size, crops: boolean): Rendition[] {
  const k = shortKey(key);
  const widest = source.height > WEBP_MAX_SIDE ? Math.max(1, Math.floor((WEBP_MAX_SIDE * source.width) / source.height)) : source.width;
  const out: Rendition[] = srcsetWidths(widest).map((w) => ({
    file: `${k}-${w}.webp`, kind: 'srcset', format: 'webp', crop: false,
    width: w, height: Math.max(1, Math.round((source.height * w) / source.width)),
  }));
  if (!crops) return out;
  for (const spec of [CARD, ...SOCIAL]) {
    const size = cropSize(spec, source);
    out.push({
      file: `${k}-${spec.name}.${spec.format === 'jpeg' ? 'jpg' : 'webp'}`,
      kind: spec === CARD ? 'card' : 'social', format: spec.format, crop: true, ...size,
    });
  }
  return out;
}

/**
 * The one size the source is decoded to, from which every rendition is derived: the smallest
 * that still covers each rendition (never larger than the source). When the widest srcset
 * rendition decides it, that rendition is the decoded image itself, with no second resample.
 */
export function decodeSize(source: Size, renditions: Rendition[]): Size {
  let scale = 0;
  for (const r of renditions) {
    const s = r.crop ? Math.max(r.width / source.width, r.height / source.height) : r.width / source.width;
    scale = Math.max(scale, s);
  }
  if (scale >= 1) return { ...source };
  const widest = renditions.find((r) => !r.crop && r.width / source.width === scale);
  if (widest) return { width: widest.width, height: widest.height };
  return {
    width: Math.min(source.width, Math.ceil(source.width * scale)),
    height: Math.min(source.height, Math.ceil(source.height * scale)),
  };
}
