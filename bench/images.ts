// Image-stage benchmark: N photo-like JPEGs (1600–4000 px), a cold and a warm
// processImages run, and the floor — a plain loop doing the same encodes with a pool of
// os.availableParallelism() sharp jobs — in the same process, so the ratio compares like with like.
//
//   node dist/bench/images.js [--images N] [--rounds R] [--keep] [--dir DIR]
//
// Targets: cold ≥ 0.9 × the floor's images/s; warm with 500 unchanged images < 1 s.
// With --rounds R, floor and cold alternate R times and the best of each counts, which
// keeps a busy neighbour on a shared machine from deciding the ratio. CPU seconds (all
// threads) are printed too: they do not depend on what else the machine is doing.

import sharp, { type Sharp } from 'sharp';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DiagnosticBag, formatDiagnostic } from '../src/diagnostics.js';
import { processImages } from '../src/images/index.js';
import { inBatches } from '../src/concurrency.js';
import { cacheKey, planRenditions, type Rendition } from '../src/images/renditions.js';
import type { ImageRef } from '../src/model.js';
import { rng } from './corpus.js';
import { refTo, testSite } from '../tests/fixtures/images/generate.js';

interface Args {
  images: number;
  rounds: number;
  keep: boolean;
  dir?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { images: 60, rounds: 1, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--images') args.images = Number(argv[++i]);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--keep') args.keep = true;
    else if (a === '--dir') args.dir = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.images) || args.images < 1) throw new Error('--images takes a positive integer');
  if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error('--rounds takes a positive integer');
  return args;
}

interface Photo {
  name: string;
  width: number;
  height: number;
  hero: boolean;
}

/** N photo sizes (seeded): 1600–4000 px wide, landscape 3:2 or 4:3, one in six portrait; one in three a hero. */
function photoList(n: number): Photo[] {
  const rand = rng(20260124);
  return Array.from({ length: n }, (_, i) => {
    const long = 1600 + Math.round(rand() * 2400);
    const short = Math.round(long * (rand() < 0.5 ? 2 / 3 : 3 / 4));
    const portrait = rand() < 1 / 6;
    return {
      name: `photo-${String(i).padStart(4, '0')}.jpg`,
      width: portrait ? short : long, height: portrait ? long : short, hero: i % 3 === 0,
    };
  });
}

/** Smooth colour blobs with photographic grain; each image different. */
async function generate(dir: string, photos: Photo[]): Promise<void> {
  const grain = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 14 } } })
    .png().toBuffer();
  const have = new Set(await readdir(dir).catch(() => []));
  await inBatches(photos.filter((p) => !have.has(p.name)), os.availableParallelism(), async (p) => {
    const blobs = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .png().toBuffer();
    const photo: Sharp = sharp(await sharp(blobs).resize(p.width, p.height, { kernel: 'cubic', fit: 'fill' }).raw().toBuffer(), {
      raw: { width: p.width, height: p.height, channels: 3 },
    }).composite([{ input: grain, tile: true, blend: 'overlay' }]);
    await writeFile(path.join(dir, p.name), await photo.jpeg({ quality: 88 }).toBuffer());
  });
}

/** The floor: each output file made straight from its source, by a pool of availableParallelism() jobs. */
async function floor(photos: Array<Photo & { file: string }>, out: string, quality: number): Promise<number> {
  const jobs: Array<{ file: string; r: Rendition }> = [];
  for (const p of photos) {
    for (const r of planRenditions(cacheKey(p.name, quality), p, p.hero)) jobs.push({ file: p.file, r });
  }
  await inBatches(jobs, os.availableParallelism(), async ({ file, r }) => {
    let s = sharp(file, { autoOrient: true, failOn: 'error' });
    s = r.crop ? s.resize(r.width, r.height, { fit: 'cover', position: 'attention' }) : s.resize(r.width, r.height, { fit: 'fill' });
    s = r.format === 'jpeg' ? s.flatten({ background: '#ffffff' }).jpeg({ quality }) : s.webp({ quality });
    await s.toFile(path.join(out, r.file));
  });
  return jobs.length;
}

interface Timing {
  ms: number;
  /** CPU seconds of this process (all threads) and of its children waited for (the photo encoder). */
  cpuS: number;
}

/** User + system seconds of the children this process has waited for (/proc's cutime and cstime, in USER_HZ ticks). */
function childrenCpuS(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function timed(fn: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const children = childrenCpuS();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t, cpuS: (used.user + used.system) / 1e6 + childrenCpuS() - children };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0]!;
  const base = args.dir ?? await mkdtemp(path.join(os.tmpdir(), 'midad-bench-images-'));
  const site = testSite(path.join(base, 'site'));
  const articles = path.join(site.root, 'content', 'articles');
  await mkdir(articles, { recursive: true });
  const photos = photoList(args.images);

  let t = performance.now();
  await generate(articles, photos);
  const genMs = performance.now() - t;

  const refs: Array<{ ref: ImageRef; hero: boolean }> = photos.map((p) => ({ ref: refTo(site, p.name), hero: p.hero }));
  const cacheDir = path.join(site.root, '.midad-cache', 'images');
  const floorOut = path.join(base, 'floor');

  // Floor first, then cold, alternating: both start with the sources in the page cache.
  let floorRun: Timing = { ms: Infinity, cpuS: 0 };
  let coldRun: Timing = { ms: Infinity, cpuS: 0 };
  let outputs = 0;
  let encoded = 0;
  for (let round = 0; round < args.rounds; round++) {
    await rm(floorOut, { recursive: true, force: true });
    await mkdir(floorOut, { recursive: true });
    const f = await timed(async () => {
      outputs = await floor(photos.map((p) => ({ ...p, file: path.join(articles, p.name) })), floorOut, site.imageQuality);
    });
    if (f.ms < floorRun.ms) floorRun = f;
    await rm(cacheDir, { recursive: true, force: true });
    const bag = new DiagnosticBag();
    const c = await timed(async () => {
      encoded = (await processImages(refs, site, { cacheDir, clean: true }, bag)).stats.encoded;
    });
    if (bag.items.length) throw new Error(bag.items.map(formatDiagnostic).join('\n'));
    if (c.ms < coldRun.ms) coldRun = c;
  }
  const floorMs = floorRun.ms;
  const coldMs = coldRun.ms;

  let warmStats = { encoded: 0, cached: 0 };
  const warmRun = await timed(async () => {
    warmStats = (await processImages(refs, site, { cacheDir, clean: false }, new DiagnosticBag())).stats;
  });
  const warmMs = warmRun.ms;

  const rate = (ms: number): string => (photos.length / (ms / 1000)).toFixed(2);
  const ratio = floorMs / coldMs;
  const heroes = photos.filter((p) => p.hero).length;
  console.log(`images: ${photos.length} JPEGs 1600–4000 px (${heroes} heroes with card + 4 social crops), ${outputs} output files, quality ${site.imageQuality}`);
  console.log(`machine: ${os.availableParallelism()} cores, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, concurrency ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
  console.log(`generate: ${(genMs / 1000).toFixed(1)} s;  load average at start: ${loadAtStart.toFixed(2)}${args.rounds > 1 ? `;  best of ${args.rounds} rounds` : ''}`);
  console.log(`floor:    ${(floorMs / 1000).toFixed(2)} s  ${rate(floorMs)} images/s  cpu ${floorRun.cpuS.toFixed(1)} s  (pool of ${os.availableParallelism()} sharp jobs, one per output file)`);
  console.log(`cold:     ${(coldMs / 1000).toFixed(2)} s  ${rate(coldMs)} images/s  cpu ${coldRun.cpuS.toFixed(1)} s  encoded ${encoded}`);
  console.log(`ratio:    cold/floor = ${ratio.toFixed(2)}  (target ≥ 0.90) ${ratio >= 0.9 ? 'ok' : 'MISSED'}`);
  console.log(`warm:     ${warmMs.toFixed(0)} ms for ${photos.length} unchanged images, encoded ${warmStats.encoded}, cached ${warmStats.cached}${photos.length >= 500 ? `  (target < 1000 ms) ${warmMs < 1000 ? 'ok' : 'MISSED'}` : ''}`);

  if (!args.keep && !args.dir) await rm(base, { recursive: true, force: true });
  else console.log(`kept: ${base}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
