// The image stage. The build calls it once, after every article is parsed and before
// any output is written. In order:
//   1. resolve each reference to a real file inside the site root          (resolve.ts)
//   2. per source file, queued: its content hash — from the cache index when size and mtime
//      are unchanged, so a warm build reads no image — and its cache key   (cache.ts)
//   3. renditions already in the cache are reused; otherwise the source is
//      inspected, decoded once and encoded                                  (process.ts)
//   4. problems are reported at every reference; pages get views; the files pages use are listed

import { msg as message } from '../messages/index.js';
import { createHash } from 'node:crypto';
import { open, realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { inBatches } from '../concurrency.js';
import type { DiagnosticBag } from '../diagnostics.js';
import type { ImageRef, OutputFile, Site } from '../model.js';
import type { ImageView } from '../render/views.js';
import { type ImageCache, type KeyRecord, openCache } from './cache.js';
import { photoEncoder, type PhotoEncoder } from './encoder.js';
import { checkDecodes, headerProblem, type Inspected, inspectImage, isHeaderFailure, outcomeProblem, tooLarge } from './process.js';
import { isProblem, type Problem, problem, report } from './problems.js';
import { cacheKey, planRenditions, type Rendition } from './renditions.js';
import { resolveImage } from './resolve.js';
import type { ImageUse } from './uses.js';
import { IMAGES_DIR, imageView } from './views.js';

export { IMAGES_DIR } from './views.js';

export interface ImageStageResult {
  /** ImageView for a reference (keyed internally by resolved real path); undefined if it failed. */
  lookup: (ref: ImageRef) => ImageView | undefined;
  /**
   * What `lookup` gives for a reference, short: equal strings, equal views (for the reference's
   * own alt, caption and credit, which its article holds). For the pages' input keys.
   */
  stamp: (ref: ImageRef) => string;
  /** Files to publish, copied from the cache (named by their content: the file name is the hash). Only renditions some page uses. */
  files: Array<OutputFile<{ copyFrom: string; hash: string }>>;
  /** `images`: source files processed; `encoded`: of them, encoded in this run; `cached`: served from the cache; `ms`: wall time. */
  stats: { images: number; encoded: number; cached: number; ms: number };
}

export interface ImageStageOptions {
  /** Absolute; the build passes ROOT/.midad-cache/images. */
  cacheDir: string;
  /** Trust nothing in the cache (`--clean`). */
  clean: boolean;
  /** Called as each source file finishes (done of total), for a progress line on a TTY. */
  progress?: (done: number, total: number) => void;
  /**
   * `midad check`: use what the cache knows but write nothing; an image not in the cache is
   * decoded to prove it sound, and not encoded.
   */
  readOnly?: boolean;
}

/**
 * Sources prepared at once (read, hashed, looked up in the cache, their headers read): twice the
 * photos the encoder takes at once, so that the next ones are ready when a photo is done.
 */
const IMAGE_JOBS = Math.max(2, os.availableParallelism() * 2);

/** One source file and every reference to it. */
interface Source {
  real: string;
  size: number;
  mtimeMs: number;
  refs: ImageRef[];
  /** Some reference is an article's front-matter image: it needs the card and social crops. */
  hero: boolean;
}

interface Ready {
  renditions: Rendition[];
  encoded: boolean;
  /** An animated GIF or WebP: only its first frame is published (a warning at each reference). */
  animated?: boolean;
}

/**
 * Processes every image the articles use. Problems become content errors in `bag` at each
 * reference's position (1-based, path relative to the site root), all of them in one run;
 * nothing here throws for a bad image.
 */
export async function processImages(
  refs: readonly ImageUse[],
  site: Site,
  opts: ImageStageOptions,
  bag: DiagnosticBag,
): Promise<ImageStageResult> {
  const started = performance.now();
  const realRoot = await realpath(site.root);

  // 1. Resolve references; group them by the real file they reach.
  const sources = new Map<string, Source>();
  const realOf = new Map<string, string>();
  const resolved = await inBatches(refs, 32, ({ ref }) => resolveImage(ref, site.root, realRoot));
  refs.forEach(({ ref, hero }, i) => {
    const r = resolved[i]!;
    if (isProblem(r)) return report(bag, ref, r);
    realOf.set(ref.path, r.real);
    const s = sources.get(r.real) ?? { ...r, refs: [], hero: false };
    s.refs.push(ref);
    s.hero ||= hero;
    sources.set(r.real, s);
  });

  // 2–3. Hash, then reuse or encode, many sources at once.
  const list = [...sources.values()];
  const ready = new Map<string, Ready>();
  let cache: ImageCache | undefined;
  let cacheProblem: Problem | undefined;
  try {
    cache = await openCache(opts.cacheDir, opts.clean, opts.readOnly ?? false);
  } catch (err) {
    const msg = (err as Error).message;
    cacheProblem = problem('image-failed', (s) => message('image-failed', { src: s, reason: `cache folder: ${msg}` }));
  }
  const encoder = photoEncoder();
  const prepare = cache && sourcePreparer(site, cache, opts.readOnly ?? false, encoder);
  let done = 0;
  await inBatches(list, IMAGE_JOBS, async (src) => {
    const r = prepare ? await prepare(src).catch(unexpected) : cacheProblem!;
    if (isProblem(r)) for (const ref of src.refs) report(bag, ref, r);
    else {
      ready.set(src.real, r);
      for (const ref of r.animated ? src.refs : []) {
        bag.warn(ref.pos.file, ref.pos.line, ref.pos.column, 'image-animated', message('image-animated', { src: ref.src }));
      }
    }
    opts.progress?.(++done, list.length);
  }).finally(() => encoder.close());
  await cache?.saveIndex();

  // 4. The files pages use, and views for them.
  const files = new Map<string, string>();
  for (const r of ready.values()) {
    for (const rend of r.renditions) files.set(`${IMAGES_DIR}/${rend.file}`, cache!.fileOf(rend.file));
  }
  const encoded = [...ready.values()].filter((r) => r.encoded).length;
  const stamps = new Map<string, string>();
  return {
    lookup: (ref) => {
      const real = realOf.get(ref.path);
      const r = real !== undefined ? ready.get(real) : undefined;
      return r ? imageView(site, ref, r.renditions) : undefined;
    },
    stamp: (ref) => {
      const real = realOf.get(ref.path);
      const r = real !== undefined ? ready.get(real) : undefined;
      if (!r) return '';
      let s = stamps.get(real!);
      if (s === undefined) stamps.set(real!, (s = createHash('sha1').update(JSON.stringify(r.renditions)).digest('base64')));
      return s;
    },
    files: [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, copyFrom]) => ({ path, copyFrom, hash: basename(copyFrom) })),
    stats: { images: ready.size, encoded, cached: ready.size - encoded, ms: Math.round(performance.now() - started) },
  };
}

/**
 * Per run: prepares one source — hash, key, then cached or encoded renditions. Jobs are chained
 * per key, so the same bytes under two paths are encoded once and the second finds the files.
 */
function sourcePreparer(site: Site, cache: ImageCache, readOnly: boolean, encoder: PhotoEncoder): (src: Source) => Promise<Ready | Problem> {
  const jobs = new Map<string, Promise<unknown>>();
  return async (src) => {
    let sha = cache.knownSha(src.real, src.size, src.mtimeMs);
    let bytes: Buffer | undefined;
    if (sha === undefined) {
      const read = await readSource(src.real, (size, mtimeMs, data) => {
        sha = createHash('sha256').update(data).digest('hex');
        cache.remember(src.real, size, mtimeMs, sha);
      });
      if (isProblem(read)) return read;
      bytes = read;
    }
    const key = cacheKey(sha!, site.imageQuality);
    const job = (jobs.get(key) ?? Promise.resolve()).then(() => ensureRenditions(site, cache, key, src, bytes, readOnly, encoder));
    jobs.set(key, job.catch(() => undefined));
    return job;
  };
}

/** The renditions of `key` a source needs: from the cache, or encoded now (only those missing). */
async function ensureRenditions(
  site: Site, cache: ImageCache, key: string, src: Source, bytes: Buffer | undefined, readOnly: boolean, encoder: PhotoEncoder,
): Promise<Ready | Problem> {
  const max = site.maxImagePixels;
  const rec = await cache.record(key);
  if (rec) {
    // The limit may have been lowered since the cached encode.
    if (rec.stored.width * rec.stored.height > max) return tooLarge(rec.stored, max);
    const plan = planRenditions(key, rec.oriented, src.hero);
    if (plan.every((r) => rec.files.includes(r.file))) return { renditions: plan, encoded: false, animated: (rec.frames ?? 1) > 1 };
  }
  if (!bytes) {
    const read = await readSource(src.real, () => undefined);
    if (isProblem(read)) return read;
    bytes = read;
  }
  const info = rec ? { ...rec, frames: rec.frames ?? 1 } : await readInfo(bytes, max, readOnly, encoder);
  if (isProblem(info)) return info;
  const plan = planRenditions(key, info.oriented, src.hero);
  const animated = info.frames > 1;
  if (readOnly) {
    const unsound = rec ? undefined : await checkDecodes(bytes, info, max);
    return unsound ?? { renditions: plan, encoded: false, animated };
  }
  const missing = plan.filter((r) => !rec?.files.includes(r.file));
  const targets = missing.map((rendition) => ({ rendition, temp: cache.tempOf(rendition.file), file: cache.fileOf(rendition.file) }));
  const failed = outcomeProblem(await encoder.encode({ bytes, info, targets, quality: site.imageQuality, maxPixels: max }), info, max);
  if (failed) return failed;
  const files = [...new Set([...(rec?.files ?? []), ...plan.map((r) => r.file)])];
  const record: KeyRecord = { key, format: info.format, stored: info.stored, oriented: info.oriented, files, frames: info.frames };
  // Without the record the renditions are only encoded again next time: not worth failing for.
  await cache.saveRecord(record).catch(() => undefined);
  return { renditions: plan, encoded: true, animated };
}

/** The source's header: read by the photo encoder's process, or here by `midad check` (which starts none). */
async function readInfo(bytes: Buffer, max: number, readOnly: boolean, encoder: PhotoEncoder): Promise<Inspected | Problem> {
  if (readOnly) return inspectImage(bytes, max);
  const h = await encoder.inspect(bytes, max);
  return isHeaderFailure(h) ? headerProblem(h, max) : h;
}

/** A failure nobody foresaw is still reported at the reference, not thrown. */
function unexpected(err: unknown): Problem {
  const msg = err instanceof Error ? err.message : String(err);
  return problem('image-failed', (s) => message('image-failed', { src: s, reason: msg }));
}

/** Reads a source, telling `seen` the size and mtime of exactly the bytes read (for the index). */
async function readSource(
  file: string, seen: (size: number, mtimeMs: number, data: Buffer) => void,
): Promise<Buffer | Problem> {
  try {
    const fh = await open(file, 'r');
    try {
      const st = await fh.stat();
      const data = await fh.readFile();
      seen(st.size, st.mtimeMs, data);
      return data;
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return problem('image-unreadable', (s) => message('image-unreadable', { src: s, code }));
  }
}
