// Whole-site test helpers (the Hugo model): write a site into a fresh temp folder, run the
// real CLI on it, read back what it wrote. Paths are found from this file, so the suite runs
// from any working folder; fixtures are read from the source tests/ folder, never from dist.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: this file is dist/tests/helpers/site.js (or tests/helpers/site.ts). */
export const ROOT = findRoot();
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/tests/helpers → ../../.. ; tests/helpers → ../..
  const up = here.split(path.sep).includes('dist') ? ['..', '..', '..'] : ['..', '..'];
  return path.resolve(here, ...up);
}

const made: string[] = [];
process.on('exit', () => {
  if (process.env.KEEP_TEMP) return;
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Removes `dir` when the test process exits, like a folder made by `tempDir` (for one a test renamed). */
export function removeOnExit(dir: string): void {
  made.push(dir);
}

/** A fresh, empty temp folder, removed when the test process exits (unless KEEP_TEMP is set). */
export async function tempDir(prefix = 'midad-test-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/**
 * Parses a site written as one text block (txtar-like):
 *
 *     -- content/site.yml --
 *     title: …
 *     -- content/articles/a.md --
 *     ---
 *
 * Text before the first `-- path --` line is ignored.
 */
export function parseTextBlock(block: string): Record<string, string> {
  const files: Record<string, string> = {};
  let current: string | undefined;
  const lines: string[] = [];
  const flush = (): void => {
    if (current !== undefined) files[current] = lines.join('\n').replace(/\n*$/, '\n');
    lines.length = 0;
  };
  for (const line of block.split('\n')) {
    const m = /^-- (.+) --$/.exec(line);
    if (m) {
      flush();
      current = m[1]!.trim();
    } else if (current !== undefined) lines.push(line);
  }
  flush();
  return files;
}

export type SiteFiles = Record<string, string | Buffer | ImageSpec>;

/** An image to generate with sharp (never commit binary fixtures when a recipe will do). */
export interface ImageSpec {
  image: { width: number; height: number; format?: 'jpeg' | 'png' | 'webp' };
}

/** Writes files (an object or a text block) under `dir`; returns `dir`. */
export async function writeFiles(dir: string, files: SiteFiles | string): Promise<string> {
  const map: SiteFiles = typeof files === 'string' ? parseTextBlock(files) : files;
  for (const [rel, content] of Object.entries(map)) {
    const abs = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(abs), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) await writeFile(abs, content);
    else await writeFile(abs, await makeImage(content.image.width, content.image.height, content.image.format));
  }
  return dir;
}

/** A new temp site root holding `files`. */
export async function makeSite(files: SiteFiles | string): Promise<string> {
  return writeFiles(await tempDir('midad-site-'), files);
}

/** A temp copy of tests/fixtures/sites/<name> (plus extra files written over it). */
export async function copyFixtureSite(name: string, extra?: SiteFiles | string): Promise<string> {
  const dir = await tempDir(`midad-${name}-`);
  await cp(path.join(FIXTURES, 'sites', name), dir, { recursive: true });
  if (extra) await writeFiles(dir, extra);
  return dir;
}

/** A photo-like test image: a gradient with some noise, so encoders do real work. */
export async function makeImage(width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = ((x ^ y) & 0xff);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** The build's clock (env MIDAD_NOW), ISO 8601. */
  now?: string;
  env?: Record<string, string>;
}

/** The clock most tests build with. */
export const NOW = '2026-03-01T12:00:00Z';

/** Runs `node dist/src/cli.js …args`; never rejects on a non-zero exit. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Tests read midad's English messages unless they ask for another language.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', MIDAD_LANG: 'en', ...opts.env };
    delete env.NODE_TEST_CONTEXT; // the child is not a test runner's child
    if (opts.now) env.MIDAD_NOW = opts.now;
    execFile(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? os.tmpdir(), env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

/** Builds `root` into `out` (default ROOT/public); throws with stderr when the build fails. */
export async function buildSite(root: string, args: string[] = [], opts: CliOptions = {}): Promise<CliResult> {
  const r = await runCli(['build', '--root', root, ...args], { now: NOW, ...opts });
  if (r.code !== 0) throw new Error(`midad build failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  return r;
}

/** Reads a file of the built site as text. */
export function readOut(out: string, rel: string): Promise<string> {
  return readFile(path.join(out, ...rel.split('/')), 'utf8');
}

export async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** Every file under `dir`, relative, forward slashes, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/** The HTML pages of a built site. */
export async function htmlPages(out: string): Promise<string[]> {
  return (await listFiles(out)).filter((f) => f.endsWith('.html'));
}

/** File → sha256 of its bytes, for "byte-identical" checks. */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const f of await listFiles(dir)) m.set(f, createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex'));
  return m;
}

/** File → mtime in ms. */
export async function mtimes(dir: string): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const f of await listFiles(dir)) m.set(f, (await stat(path.join(dir, f))).mtimeMs);
  return m;
}

/** Removes a file or folder of a site. */
export function remove(root: string, rel: string): Promise<void> {
  return rm(path.join(root, ...rel.split('/')), { recursive: true, force: true });
}

/** The site path of an output file: `a/b/index.html` → `a/b/`, `404.html` → `404.html`. */
export function sitePathOf(file: string): string {
  return file === 'index.html' ? '' : file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}

/** Percent-encodes a raw site path segment by segment, as URLs in the built site must be. */
export function encodeSitePath(p: string): string {
  return p.split('/').map((s) => encodeURIComponent(s)).join('/');
}
