// sharp: reads a source's header, decodes it once to the one size every rendition derives
// from, and encodes the renditions. sharp's default output keeps no EXIF, GPS,
// XMP, IPTC or ICC data and is 8-bit sRGB; orientation is applied at decode.

import { msg as message } from '../messages/index.js';
import type { Metadata, Sharp } from 'sharp';
import { rename, unlink } from 'node:fs/promises';
import { killPoint } from '../faults.js';
import { type Problem, problem, unsupportedSvgProblem } from './problems.js';
import { decodeSize, type Rendition, type Size } from './renditions.js';

export interface Inspected {
  format: string;
  /** Size as stored. */
  stored: Size;
  /** Size as displayed, after EXIF orientation. */
  oriented: Size;
  /** Frames of an animated GIF or WebP (1 for a still image). */
  frames: number;
}

const FORMAT_NAMES: Record<string, string> = {
  tiff: 'TIFF', jp2k: 'JPEG 2000', jxl: 'JPEG XL', pdf: 'PDF', heif: 'HEIC', ppm: 'PPM', fits: 'FITS',
  exr: 'EXR', dcraw: 'camera raw', vips: 'VIPS', rad: 'Radiance',
};
const SUPPORTED = 'use JPEG, PNG, WebP, AVIF or GIF';

type SharpModule = typeof import('sharp')['default'];
let sharp: SharpModule | undefined;
/**
 * sharp, loaded on first use: loading libvips costs a quarter of a second, which a rebuild
 * whose images all come from the cache (most of them) need not pay.
 */
async function loadSharp(): Promise<SharpModule> {
  sharp ??= (await import('sharp')).default;
  return sharp;
}

/** Why a header was refused, as plain data (it crosses from the photo encoder's process). */
export type HeaderFailure =
  | { failed: 'not-image' }
  | { failed: 'svg' }
  | { failed: 'format'; format: string }
  | { failed: 'corrupt'; reason: string; format?: string }
  | { failed: 'too-large'; size: Size }
  | { failed: 'error'; reason: string }
  | { failed: 'stopped'; how: string };

export const isHeaderFailure = (h: Inspected | HeaderFailure): h is HeaderFailure => 'failed' in h;

/** Reads the header only: format, sizes, the pixel limit. Decodes no pixels. */
export async function readHeader(bytes: Buffer, maxPixels: number): Promise<Inspected | HeaderFailure> {
  let m: Metadata;
  try {
    m = await (await loadSharp())(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    const msg = (err as Error).message;
    if (/unsupported image format/i.test(msg)) return { failed: 'not-image' };
    const format = sniffFormat(bytes);
    return { failed: 'corrupt', reason: msg, ...(format ? { format } : {}) };
  }
  if (m.format === 'svg') return { failed: 'svg' };
  const avif = m.format === 'heif' && m.compression === 'av1';
  if (!['jpeg', 'png', 'webp', 'gif'].includes(m.format) && !avif) return { failed: 'format', format: m.format };
  if (!(m.width > 0 && m.height > 0)) return { failed: 'corrupt', reason: 'no image size in its header' };
  const size = { width: m.width, height: m.height };
  if (size.width * size.height > maxPixels) return { failed: 'too-large', size };
  const oriented = m.autoOrient?.width ? m.autoOrient : size;
  return { format: avif ? 'avif' : m.format, stored: size, oriented: { width: oriented.width, height: oriented.height }, frames: m.pages ?? 1 };
}

/** The problem a refused header is, reported at every reference to the source. */
export function headerProblem(h: HeaderFailure, maxPixels: number): Problem {
  switch (h.failed) {
    case 'not-image': return problem('image-not-image', (s) => message('image-not-image', { src: s }));
    case 'svg': return unsupportedSvgProblem();
    case 'format': {
      const name = FORMAT_NAMES[h.format];
      return problem('image-unsupported-format', (s) => name ? message('image-format-named', { src: s, format: name }) : message('image-format-unknown', { src: s }));
    }
    case 'corrupt': return corrupt(h.reason, h.format);
    case 'too-large': return tooLarge(h.size, maxPixels);
    case 'error': return failedProblem(h.reason);
    case 'stopped': return stoppedProblem(h.how);
  }
}

/** Reads the header in this process: `midad check`, which writes nothing and starts no encoder. */
export async function inspectImage(bytes: Buffer, maxPixels: number): Promise<Inspected | Problem> {
  const h = await readHeader(bytes, maxPixels);
  return isHeaderFailure(h) ? headerProblem(h, maxPixels) : h;
}

export function tooLarge(size: Size, maxPixels: number): Problem {
  const mp = (n: number): number => Number((n / 1e6).toFixed(1));
  return problem('image-too-large', (s) => message('image-too-large', { src: s, width: size.width, height: size.height, megapixels: mp(size.width * size.height), limit: mp(maxPixels) }));
}

/** The format a file's first bytes announce (for a file too damaged for its header to be read). */
function sniffFormat(b: Buffer): string | undefined {
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if (b.subarray(0, 4).toString('latin1') === '\x89PNG') return 'png';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (b.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (b.subarray(4, 8).toString('latin1') === 'ftyp') return 'avif';
  return undefined;
}

/** Words by which libvips' messages name each decoder (to tell whose message it is). */
const DECODER_WORDS: Record<string, RegExp> = { jpeg: /jpe?g/i, png: /png/i, webp: /webp/i, gif: /gif/i, avif: /heif|avif/i };

function corrupt(msg: string, format?: string): Problem {
  const reason = damageReason(msg, format);
  return problem('image-corrupt', (s) => message('image-corrupt', { src: s, ...(reason ? { reason } : {}) }));
}

/**
 * The reason libvips gives for a damaged file of `format`, or '' when it cannot be trusted.
 * libvips keeps its last error in a buffer its threads share: with many images decoding at
 * once the reason may be gone ("Unknown error"), cut short ("…corrupt header:"), or another
 * file's ("libpng read error" for a JPEG). Only a reason that can be this file's is kept.
 */
export function damageReason(msg: string, format?: string): string {
  const reason = msg.replace(/^\w+:\s*/, '').replace(/\s+$/, '').split('\n')[0] ?? '';
  const own = format !== undefined && DECODER_WORDS[format]?.test(reason);
  const another = !own && Object.entries(DECODER_WORDS).some(([f, words]) => f !== format && words.test(reason));
  return reason && !/^unknown error$/i.test(reason) && !/:$/.test(reason) && !another ? reason : '';
}

interface Decoded {
  data: Buffer;
  raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

/** Where one rendition is written: a temporary file, renamed to its place once whole. */
export interface RenditionTarget {
  rendition: Rendition;
  temp: string;
  file: string;
}

/**
 * What encoding a source came to, as plain data (it crosses from the photo encoder's process):
 * nothing (every rendition written), or why not.
 */
export type EncodeOutcome =
  | undefined
  | { failed: 'too-large' }
  | { failed: 'corrupt'; reason: string; format: string }
  | { failed: 'error'; reason: string }
  | { failed: 'stopped'; how: string };

/**
 * Decodes the whole source (so a truncated file fails here, not in a reader's browser) to the
 * size the renditions need, then encodes each of them, written whole. Runs in the photo
 * encoder's process (encoder.ts).
 */
export async function encodeToFiles(
  bytes: Buffer, info: Inspected, targets: RenditionTarget[], quality: number, maxPixels: number,
): Promise<EncodeOutcome> {
  let decoded: Decoded;
  try {
    decoded = await decode(bytes, info, targets.map((t) => t.rendition), maxPixels);
  } catch (err) {
    const msg = (err as Error).message;
    if (/pixel limit/i.test(msg)) return { failed: 'too-large' };
    return { failed: 'corrupt', reason: msg, format: info.format };
  }
  try {
    await Promise.all(targets.map(async (t) => {
      await encodeOne(decoded, t.rendition, quality).toFile(t.temp);
      await rename(t.temp, t.file);
      killPoint('encoder');
    }));
    return undefined;
  } catch (err) {
    await Promise.all(targets.map((t) => unlink(t.temp).catch(() => undefined)));
    return { failed: 'error', reason: (err as Error).message };
  }
}

/** The problem an outcome is, reported at every reference to the source. */
export function outcomeProblem(outcome: EncodeOutcome, info: Inspected, maxPixels: number): Problem | undefined {
  if (!outcome) return undefined;
  if (outcome.failed === 'too-large') return tooLarge(info.stored, maxPixels);
  if (outcome.failed === 'corrupt') return corrupt(outcome.reason, outcome.format);
  if (outcome.failed === 'stopped') return stoppedProblem(outcome.how);
  return failedProblem(outcome.reason);
}

function failedProblem(reason: string): Problem {
  return problem('image-failed', (s) => message('image-failed', { src: s, reason }));
}

function stoppedProblem(how: string): Problem {
  return problem('image-failed', (s) => message('image-encoder-stopped', { src: s, how }));
}

/** Decodes the whole source at a small size, writing nothing: `midad check`'s proof that it is sound. */
export async function checkDecodes(bytes: Buffer, info: Inspected, maxPixels: number): Promise<Problem | undefined> {
  try {
    await (await loadSharp())(bytes, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    return undefined;
  } catch (err) {
    const msg = (err as Error).message;
    return /pixel limit/i.test(msg) ? tooLarge(info.stored, maxPixels) : corrupt(msg, info.format);
  }
}

async function decode(bytes: Buffer, info: Inspected, renditions: Rendition[], maxPixels: number): Promise<Decoded> {
  const size = decodeSize(info.oriented, renditions);
  let p = (await loadSharp())(bytes, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true });
  if (size.width !== info.oriented.width || size.height !== info.oriented.height) {
    p = p.resize(size.width, size.height, { fit: 'fill' });
  }
  const { data, info: out } = await p.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, raw: { width: out.width, height: out.height, channels: out.channels } };
}

function encodeOne(d: Decoded, r: Rendition, quality: number): Sharp {
  // decode() loaded sharp.
  let p = sharp!(d.data, { raw: d.raw });
  if (r.crop) p = p.resize(r.width, r.height, { fit: 'cover', position: 'attention' });
  else if (r.width !== d.raw.width || r.height !== d.raw.height) p = p.resize(r.width, r.height, { fit: 'fill' });
  // Open Graph readers get JPEG, which has no alpha: flatten on white.
  if (r.format === 'jpeg') return p.flatten({ background: '#ffffff' }).jpeg({ quality });
  return p.webp({ quality });
}
