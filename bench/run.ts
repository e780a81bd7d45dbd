// `npm run bench`: midad against the floor (a bare loop over the same stack) and, when it is
// installed, Hugo, on a deterministic Arabic corpus. Each figure is the median of several
// runs; all run in the same session so the ratios hold on a noisy machine.
//   node dist/bench/run.js [--articles 1000,10000] [--runs 3] [--image-every 200] [--keep] [--skip-lighthouse]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, appendFileSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { articleText, rng, writeCorpus } from './corpus.js';
import { queryCosts, searchFiles, type QueryCost } from './search-download.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, '../..');
const cli = path.join(project, 'dist/src/cli.js');
const hook = path.join(here, 'measure-hook.js');
const treePeak = path.join(here, 'tree-peak.js');

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '3' },
    'image-every': { type: 'string', default: '200' },
    dir: { type: 'string', default: path.join(os.tmpdir(), 'midad-bench') },
    keep: { type: 'boolean', default: false },
    'skip-lighthouse': { type: 'boolean', default: false },
  },
});
const sizes = values.articles!.split(',').map(Number);
const runs = Math.max(1, Number(values.runs));
const imageEvery = Number(values['image-every']);

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

/**
 * Runs a command; returns wall time, CPU time and peak RSS of the whole process tree. GNU
 * time (Debian's `time`) counts the children a process waited for; the measure hook, loaded
 * into Node processes, adds those it did not (midad's Pagefind indexer, killed at the end of
 * a build) and the peak of the tree's summed RSS, which GNU time cannot see (its figure is the
 * largest single process).
 */
function measure(args: string[], cwd = project): Sample {
  return timed(process.execPath, ['--import', hook, ...args], cwd);
}

function timed(command: string, args: string[], cwd = project): Sample {
  const out = path.join(os.tmpdir(), `midad-measure-${process.pid}.json`);
  const tree = path.join(os.tmpdir(), `midad-tree-${process.pid}.json`);
  rmSync(out, { force: true });
  rmSync(tree, { force: true });
  const gnuTime = existsSync('/usr/bin/time');
  // The whole process tree's memory is sampled from outside (bench/tree-peak.ts): the command
  // and every process below it, Pagefind's included, summed at each reading.
  const sampled = [treePeak, tree, '--', command, ...args];
  const start = performance.now();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...sampled], { cwd, env: { ...process.env, MIDAD_MEASURE: out }, encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(process.execPath, sampled, { cwd, env: { ...process.env, MIDAD_MEASURE: out }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`failed: ${command} ${args.join(' ')}\n${r.stderr}`);
  const m = gnuTime ? /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr.trim()) : null;
  // What the hook saw of child processes nobody waited for (midad's Pagefind indexer).
  const hooked = existsSync(out)
    ? JSON.parse(readFileSync(out, 'utf8')) as { userMs: number; systemMs: number; maxRssKb: number; unwaitedChildrenMs: number; peakTreeKb: number }
    : undefined;
  const sampledTree = existsSync(tree) ? JSON.parse(readFileSync(tree, 'utf8')) as { peakTreeKb: number; selfCpuMs: number } : undefined;
  const peakKb = Math.max(m ? Number(m[3]) : 0, hooked?.peakTreeKb ?? 0, sampledTree?.peakTreeKb ?? 0);
  if (m) {
    return {
      wallMs,
      // GNU time counts the sampler too: its own CPU is taken off.
      cpuMs: (Number(m[1]) + Number(m[2])) * 1000 + (hooked?.unwaitedChildrenMs ?? 0) - (sampledTree?.selfCpuMs ?? 0),
      maxRssMb: peakKb / 1024,
    };
  }
  if (hooked) return { wallMs, cpuMs: hooked.userMs + hooked.systemMs + hooked.unwaitedChildrenMs, maxRssMb: peakKb / 1024 };
  return { wallMs, cpuMs: NaN, maxRssMb: peakKb / 1024 || NaN };
}

/** Hugo, timed the same way. */
function measureHugo(args: string[]): Sample {
  return timed('hugo', args);
}

/**
 * Pagefind's own command line over a built folder's article pages, as a site made by Hugo
 * (or by the floor) gets its search: every word of every article indexed, as midad indexes
 * them. So the sums below are the like-for-like peers of midad's cold build.
 */
const pagefindCli = path.join(project, 'node_modules/.bin/pagefind');
function measurePagefind(site: string): Sample {
  // Article pages only, as midad indexes (not the listings).
  return timed(pagefindCli, ['--site', site, '--glob', 'articles/*/*/*/*/index.html', '--silent']);
}

/** One run's two steps as one: times and CPU add up; memory is the larger peak (they run one after the other). */
const chain = (a: Sample, b: Sample): Sample => ({ wallMs: a.wallMs + b.wallMs, cpuMs: a.cpuMs + b.cpuMs, maxRssMb: Math.max(a.maxRssMb, b.maxRssMb) });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function summarise(samples: Sample[]): Sample {
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)) };
}

async function photo(file: string, seed: number): Promise<void> {
  const r = rng(seed);
  const width = 1600 + Math.floor(r() * 2400);
  const height = Math.round(width * (0.56 + r() * 0.2));
  const small = await sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 150 + Math.floor(r() * 80), g: 120 + Math.floor(r() * 60), b: 80 + Math.floor(r() * 60) } }, })
    .composite([{ input: Buffer.from(Array.from({ length: 64 * 40 * 3 }, () => Math.floor(r() * 255))), raw: { width: 64, height: 40, channels: 3 }, blend: 'overlay' }])
    .raw().toBuffer();
  await sharp(small, { raw: { width: 64, height: 40, channels: 3 } }).resize(width, height, { kernel: 'cubic' })
    .blur(2).jpeg({ quality: 85 }).toFile(file);
}

async function prepare(n: number): Promise<string> {
  const root = path.join(values.dir!, `corpus-${n}`);
  const marker = path.join(root, '.corpus-ready');
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  const { images } = await writeCorpus(root, { articles: n, imageEvery, seed: 20260124 });
  let i = 0;
  const queue = [...images];
  await Promise.all(Array.from({ length: os.availableParallelism() * 2 }, async () => {
    for (let f = queue.pop(); f; f = queue.pop()) await photo(f, i++);
  }));
  writeFileSync(marker, `${n} articles, ${images.length} images\n`);
  return root;
}

/**
 * Old outputs and caches are moved aside, never deleted, until every figure is measured: files
 * created right after a large delete cost the kernel seconds (ext4 reuses freed inodes late), a
 * cost of the benchmark's, not of a build's. The pile is deleted at the end.
 */
const trash = path.join(values.dir!, '.bench-trash');
rmSync(trash, { recursive: true, force: true });
let trashed = 0;
function discard(p: string): void {
  if (!existsSync(p)) return;
  mkdirSync(trash, { recursive: true });
  renameSync(p, path.join(trash, String(trashed++)));
}

/** Queries whose download is measured: a word on most pages, one on few, two words, a number. */
const QUERIES = ['الحكومة', 'المفوضية', 'النفط الغاز', '1234'];

/** The search files a build published. */
function searchFigures(out: string): string[] {
  if (!existsSync(path.join(out, 'pagefind'))) return ['search files          none'];
  const f = searchFiles(out);
  let site = 0;
  let siteFiles = 0;
  for (const rel of readdirSync(out, { recursive: true }).map(String)) {
    const st = statSync(path.join(out, rel));
    if (st.isFile()) {
      site += st.size;
      siteFiles++;
    }
  }
  return [
    `search files          ${f.files} files, ${(f.bytes / 1048576).toFixed(1)} MB, merged from ${f.shards} shards`,
    `whole site            ${siteFiles} files, ${(site / 1048576).toFixed(0)} MB (GitHub Pages: under 1 GB)`,
  ];
}

const fmt = (s: Sample): string => `${(s.wallMs / 1000).toFixed(2).padStart(7)} s wall ${(s.cpuMs / 1000).toFixed(2).padStart(7)} s CPU ${s.maxRssMb.toFixed(0).padStart(5)} MB`;

const results: string[] = [];
for (const n of sizes) {
  const corpus = await prepare(n);
  const out = path.join(corpus, 'public');
  const build = (): Sample => measure([cli, 'build', '--root', corpus, '--quiet']);
  const coldRuns: Sample[] = [];
  const coldPages: Sample[] = [];
  const noop: Sample[] = [];
  const freshOut: Sample[] = [];
  const edit: Sample[] = [];
  const add: Sample[] = [];
  const del: Sample[] = [];
  const floor: Sample[] = [];
  const hugo: Sample[] = [];
  const hugoCached: Sample[] = [];
  const floorIndexed: Sample[] = [];
  const hugoIndexed: Sample[] = [];
  const hugoColdIndexed: Sample[] = [];
  const hasPagefind = existsSync(pagefindCli);
  const hasHugo = spawnSync('hugo', ['version']).status === 0;
  const hugoSite = path.join(values.dir!, `hugo-${n}`);
  if (hasHugo && !existsSync(hugoSite)) {
    cpSync(path.join(project, 'bench/hugo'), hugoSite, { recursive: true });
    mkdirSync(path.join(hugoSite, 'content'), { recursive: true });
    symlinkSync(path.join(corpus, 'content/articles'), path.join(hugoSite, 'content/articles'));
  }
  const editFile = path.join(corpus, articleText(rng(1), 1, new Date(Date.UTC(2021, 0, 1)), 1, undefined).rel);
  for (let r = 0; r < runs; r++) {
    discard(out);
    discard(path.join(corpus, '.midad-cache'));
    coldRuns.push(build());
    // Cold again, but with the images already encoded: the work the floor does (it encodes none).
    discard(out);
    for (const entry of readdirSync(path.join(corpus, '.midad-cache'))) {
      if (entry !== 'images' && entry !== 'fonts') discard(path.join(corpus, '.midad-cache', entry));
    }
    coldPages.push(build());
    // A CI runner that restores .midad-cache but not the output folder: every article parsed
    // already, but no page, manifest or search bundle to keep.
    discard(out);
    freshOut.push(build());
    noop.push(build());
    // One article's body edited (the file found by the corpus's first article).
    const first = spawnSync('find', [path.join(corpus, 'content/articles'), '-name', 'article-1.md', '-o', '-path', '*/article-1/index.md'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    appendFileSync(first || editFile, `\nفقرة أضيفت في التشغيل ${r + 1} للقياس.\n`);
    edit.push(build());
    const added = path.join(corpus, `content/articles/2026/01/0${(r % 9) + 1}/bench-added-${r}.md`);
    mkdirSync(path.dirname(added), { recursive: true });
    writeFileSync(added, articleText(rng(99 + r), 100000 + r, new Date(Date.UTC(2026, 0, 1)), 1, undefined).text);
    add.push(build());
    // One old article deleted (its shard, in the archive, made again without it), then put back.
    const deleted = readFileSync(first || editFile);
    rmSync(first || editFile);
    del.push(build());
    writeFileSync(first || editFile, deleted);
    rmSync(added);
    build();
    const floorOut = path.join(values.dir!, `floor-${n}`);
    discard(floorOut);
    floor.push(measure([path.join(here, 'floor.js'), corpus, floorOut]));
    if (hasPagefind) floorIndexed.push(chain(floor[floor.length - 1]!, measurePagefind(floorOut)));
    if (hasHugo) {
      const hugoOut = path.join(values.dir!, `hugo-out-${n}`);
      discard(hugoOut);
      discard(path.join(hugoSite, 'resources'));
      hugo.push(measureHugo(['--source', hugoSite, '--destination', hugoOut, '--quiet', '--cacheDir', path.join(hugoSite, '.hugo-cache'), '--ignoreCache']));
      if (hasPagefind) hugoColdIndexed.push(chain(hugo[hugo.length - 1]!, measurePagefind(hugoOut)));
      // Again with its processed images kept (resources/_gen), as midad's "photos cached".
      discard(hugoOut);
      hugoCached.push(measureHugo(['--source', hugoSite, '--destination', hugoOut, '--quiet', '--cacheDir', path.join(hugoSite, '.hugo-cache')]));
      if (hasPagefind) hugoIndexed.push(chain(hugoCached[hugoCached.length - 1]!, measurePagefind(hugoOut)));
    }
  }
  const c = summarise(coldRuns);
  const f = summarise(floor);
  const cp = summarise(coldPages);
  const lines = [
    `## ${n} articles (${imageEvery ? Math.floor(n / imageEvery) : 0} with hero photos), median of ${runs} runs`,
    `cold build            ${fmt(c)}   ${(c.wallMs / f.wallMs).toFixed(2)}× floor (empty caches: encodes every photo)`,
    `cold, photos cached   ${fmt(cp)}   ${(cp.wallMs / f.wallMs).toFixed(2)}× floor (every page, feed, sitemap and the search index)`,
    `caches, no output    ${fmt(summarise(freshOut))}   ${((summarise(freshOut).wallMs / c.wallMs) * 100).toFixed(1)}% of cold (.midad-cache kept, the output folder not)`,
    `nothing changed       ${fmt(summarise(noop))}   ${((summarise(noop).wallMs / c.wallMs) * 100).toFixed(1)}% of cold`,
    `one article edited    ${fmt(summarise(edit))}   ${((summarise(edit).wallMs / c.wallMs) * 100).toFixed(1)}% of cold`,
    `one article added     ${fmt(summarise(add))}   ${((summarise(add).wallMs / c.wallMs) * 100).toFixed(1)}% of cold`,
    `one article deleted   ${fmt(summarise(del))}   ${((summarise(del).wallMs / c.wallMs) * 100).toFixed(1)}% of cold (an old one: its shard made again)`,
    `floor (bare loop)     ${fmt(f)}   article pages only`,
  ];
  if (hasPagefind) {
    const fi = summarise(floorIndexed);
    lines.push(`floor + Pagefind CLI  ${fmt(fi)}   midad cold, photos cached = ${(cp.wallMs / fi.wallMs).toFixed(2)}× (the floor's pages, then indexed)`);
  }
  if (hasHugo) {
    const h = summarise(hugo);
    const hc = summarise(hugoCached);
    lines.push(`hugo ${spawnSync('hugo', ['version'], { encoding: 'utf8' }).stdout.split(' ')[1] ?? ''}`.padEnd(22) + `${fmt(h)}   midad cold = ${(c.wallMs / h.wallMs).toFixed(2)}× hugo (both encode every photo)`);
    lines.push('hugo, images cached'.padEnd(22) + `${fmt(hc)}   midad cold, photos cached = ${(cp.wallMs / hc.wallMs).toFixed(2)}× hugo`);
    if (hasPagefind) {
      const hci = summarise(hugoColdIndexed);
      lines.push('hugo + Pagefind CLI'.padEnd(22) + `${fmt(hci)}   midad cold = ${(c.wallMs / hci.wallMs).toFixed(2)}× (Hugo's site from scratch, then indexed: the like-for-like peer)`);
      const hi = summarise(hugoIndexed);
      lines.push('hugo cached+Pagefind'.padEnd(22) + `${fmt(hi)}   midad cold, photos cached = ${(cp.wallMs / hi.wallMs).toFixed(2)}× (Hugo's site, then indexed)`);
    }
  } else lines.push('hugo                  not installed (apt-get install hugo) — skipped');
  lines.push(...searchFigures(out));
  if (existsSync('/usr/bin/chromium')) {
    const costs = await queryCosts(out, QUERIES);
    for (const q of costs) lines.push(`one query's download  ${(q.bytes / 1024).toFixed(0).padStart(6)} KB in ${q.requests} requests for «${q.query}» (${q.results} results; empty cache, gzip as GitHub Pages)`);
    lines.push(`largest query         ${(Math.max(...costs.map((q: QueryCost) => q.bytes)) / 1024).toFixed(0).padStart(6)} KB`);
  } else lines.push('one query\'s download  not measured (no /usr/bin/chromium)');
  results.push(lines.join('\n'));
  process.stdout.write(lines.join('\n') + '\n\n');
  if (!values.keep) discard(path.join(corpus, 'public'));
}
rmSync(trash, { recursive: true, force: true });

// Lighthouse: mobile scores of the sample site's home page and an article.
if (!values['skip-lighthouse']) {
  process.stdout.write('## Lighthouse (mobile), the sample site\n');
  const r = spawnSync(process.execPath, [path.join(here, 'lighthouse.js')], { cwd: project, stdio: 'inherit' });
  if (r.status !== 0) process.stdout.write('lighthouse: failed (is /usr/bin/chromium installed?)\n');
}
