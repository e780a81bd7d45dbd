// Writes the built site without ever exposing a half-built one: every file is
// staged in a folder beside the out folder, and only when the whole build succeeded are they
// moved into place (src/output/commit.ts: journalled, undone on failure or after a kill).
// Unchanged files are left untouched (writing costs more than rendering), and files an earlier
// build wrote but this one does not are removed; files midad did not write are never touched.
// What midad wrote is recorded in a manifest in the out folder.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { killPoint, writeFault } from '../faults.js';
import { commitStaged, makeStaging, recoverOutput, stagingDirOf, type Journal } from './commit.js';
import type { FileContent, OutputFile } from '../model.js';
import { isOutputPath } from './paths.js';

export { isOutputPath } from './paths.js';

export const MANIFEST = '.midad-manifest.json';

export interface Manifest {
  version: 1;
  /** Output path → content hash. */
  files: Record<string, string>;
  /** Output path → hash of everything the file was made from (pages only). */
  inputs?: Record<string, string>;
  /** Hash of everything the whole build was made from (see build.ts, buildInputKey). */
  build?: string;
}

/** The manifest in the out folder, if there is one this version can read. */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
    if (m?.version !== 1 || !isRecord(m.files)) return undefined;
    // Only paths midad could have written: a manifest edited to name "../x" or "/etc/x" must
    // not make the next build delete a file outside the out folder.
    const files: Record<string, string> = {};
    for (const [rel, hash] of Object.entries(m.files)) if (isOutputPath(rel) && typeof hash === 'string') files[rel] = hash;
    // What the files were made from is only a shortcut: when any of it is damaged, none of it is used.
    const inputs = isRecord(m.inputs) && Object.values(m.inputs).every((v) => typeof v === 'string') ? m.inputs : {};
    return { version: 1, files, inputs, ...(typeof m.build === 'string' ? { build: m.build } : {}) };
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Before a build: undoes what an interrupted one left (src/output/commit.ts). When even that
 * cannot be known (its journal damaged), the output may be a mix, so the manifest keeps only
 * which files midad wrote: every page is made again and compared with what is there.
 */
export async function recoverOutputFolder(outDir: string): Promise<{ interrupted: boolean }> {
  const r = await recoverOutput(outDir);
  if (r.unsure) {
    const m = await readManifest(outDir);
    const file = path.join(outDir, MANIFEST);
    if (m) {
      await writeFile(`${file}.midad-tmp`, JSON.stringify({ version: 1, files: m.files } satisfies Manifest));
      await rename(`${file}.midad-tmp`, file);
    }
  }
  return { interrupted: r.interrupted };
}

/** The previous build's input key and file count, from its manifest. */
export function previousBuild(m: Manifest | undefined): { key: string; files: number; pages: number } | undefined {
  if (!m || typeof m.build !== 'string') return undefined;
  const files = Object.keys(m.files);
  return { key: m.build, files: files.length, pages: files.filter((f) => f.endsWith('.html')).length };
}

export interface WriteStats {
  written: number;
  unchanged: number;
  removed: number;
}

export const hashOf = (bytes: Buffer | string): string => createHash('sha1').update(bytes).digest('hex');

/** A file's bytes staged for their target: the staged file, or none when the target already holds them. */
export interface StagedBytes {
  temp?: string;
}

/** Where an output file is staged: one flat folder, a name per output path (any length, any script). */
export const stagedNameOf = (relPath: string): string => `new/${hashOf(relPath)}`;

/**
 * Stages bytes for `target` (used by the writer and by the render threads): nothing when the
 * target already holds them (by the previous manifest's hash, or, without a record, by
 * comparing the bytes), else the file `temp` in the staging folder, renamed into place at commit.
 */
export async function stageBytes(
  target: string, temp: string, hash: string, bytes: Buffer | string, previousHash: string | undefined, mayExist: boolean,
): Promise<StagedBytes> {
  const existing = mayExist ? await stat(target).catch(() => undefined) : undefined;
  if (existing?.isFile()) {
    if (previousHash === hash) return {};
    // No record (a lost manifest, or a file midad did not write): compare the bytes.
    if (existing.size === Buffer.byteLength(bytes)) {
      const old = await readFile(target);
      if (old.equals(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)) return {};
    }
  }
  writeFault(temp);
  await writeFile(temp, bytes);
  return { temp };
}

/** A staged write of one output folder. Call `commit()` after the last `add`, or `abort()`. */
export class OutputWriter {
  private previous: Record<string, string> = {};
  private previousInputs: Record<string, string> = {};
  private readonly next: Record<string, string> = {};
  private readonly nextInputs: Record<string, string> = {};
  /** Staged files (absolute) and their output paths. */
  private readonly staged: Array<{ temp: string; rel: string }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Beside the out folder (chosen at begin()): everything this build writes is there until commit. */
  staging: string;
  readonly stats: WriteStats = { written: 0, unchanged: 0, removed: 0 };
  /** Recorded in the manifest at commit: lets the next build see that nothing changed. */
  buildKey: string | undefined;
  private failure: unknown;
  /** Whether the out folder had anything in it at begin(); if not, no target can exist yet. */
  private outDirHadFiles = true;
  /** Whether the out folder existed at begin(): a failed first build removes it again. */
  private outDirExisted = true;

  constructor(readonly outDir: string, private readonly maxConcurrent = 32) {
    this.staging = stagingDirOf(outDir);
  }

  /** Reads the previous build's manifest, if any (`known`: the caller read it already, with readManifest). */
  async begin(known?: { manifest: Manifest | undefined }): Promise<void> {
    // What an interrupted build left is undone first (the caller may have done it already).
    await recoverOutput(this.outDir);
    // Into a new or empty folder (a cold build, a CI runner), every target is new: asking the
    // file system about each of 20,000 files first cost over a second.
    const entries = await readdir(this.outDir).catch(() => undefined);
    this.outDirHadFiles = (entries?.length ?? 0) > 0;
    this.outDirExisted = entries !== undefined;
    this.staging = await makeStaging(this.outDir);
    const m = known ? known.manifest : await readManifest(this.outDir);
    if (m) {
      this.previous = m.files;
      this.previousInputs = m.inputs ?? {};
    }
  }

  /**
   * Keeps a file as the previous build wrote it when it was made from the same inputs, so it
   * need not even be rendered. Returns false when it must be rendered and added.
   *
   * The manifest is trusted: the file is not asked after. Asking the file system about each of
   * 12,000 pages cost half a second of a one-article rebuild, and midad owns what it
   * wrote, as a build with nothing changed trusts it too. A file deleted by hand comes back
   * with `--clean`.
   */
  keepIfSame(relPath: string, inputKey: string): boolean {
    if (relPath in this.next || this.previousInputs[relPath] !== inputKey || !this.previous[relPath]) return false;
    this.next[relPath] = this.previous[relPath]!;
    this.nextInputs[relPath] = inputKey;
    this.stats.unchanged++;
    return true;
  }

  /**
   * Keeps a set of files (a search bundle) as the previous build wrote them, all or none: true
   * when every one was made from `inputKey` and is still there. Checks a folder's files with one
   * directory read, not one stat per file.
   */
  async keepAllIfSame(relPaths: string[], inputKey: string): Promise<boolean> {
    const byDir = new Map<string, string[]>();
    for (const rel of relPaths) {
      if (rel in this.next || this.previousInputs[rel] !== inputKey || !this.previous[rel]) return false;
      const i = rel.lastIndexOf('/');
      const dir = i < 0 ? '' : rel.slice(0, i);
      let names = byDir.get(dir);
      if (!names) byDir.set(dir, (names = []));
      names.push(rel.slice(i + 1));
    }
    for (const [dir, names] of byDir) {
      const entries = await readdir(path.join(this.outDir, ...dir.split('/').filter(Boolean)), { withFileTypes: true }).catch(() => []);
      const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
      if (!names.every((n) => files.has(n))) return false;
    }
    for (const rel of relPaths) {
      this.next[rel] = this.previous[rel]!;
      this.nextInputs[rel] = inputKey;
      this.stats.unchanged++;
    }
    return true;
  }

  /** The files the previous build made from `inputKey` (for keepAllIfSame). */
  madeFrom(inputKey: string): string[] {
    return Object.keys(this.previousInputs).filter((rel) => this.previousInputs[rel] === inputKey);
  }

  /**
   * Makes a scratch folder in the staging folder (`name` a plain folder name) for files made
   * elsewhere and added with `moveFrom`; it goes, whatever is left in it, with the staging folder.
   */
  async scratchDir(name: string): Promise<string> {
    if (!/^[^/\\]+$/.test(name) || name === '.' || name === '..') throw new Error(`midad: not a scratch folder name: ${name}`);
    const dir = path.join(this.staging, 'scratch', name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Whether a path was already added in this build. */
  has(relPath: string): boolean {
    return relPath in this.next;
  }

  /**
   * Stages one file (`path` relative to the out folder, forward slashes). Returns false (and
   * stages nothing) if the path was already added. Waits when many writes are under way; a file
   * a render thread staged is recorded at once.
   */
  async add(file: OutputFile): Promise<boolean> {
    const relPath = file.path;
    if (relPath in this.next) return false;
    if (!isOutputPath(relPath)) {
      throw new Error(`midad: refusing to write outside the out folder: ${relPath}`);
    }
    if (file.inputKey !== undefined) this.nextInputs[relPath] = file.inputKey;
    if ('staged' in file) {
      this.next[relPath] = file.hash;
      this.record(relPath, file.staged);
      return true;
    }
    const hash = 'bytes' in file ? hashOf(file.bytes) : 'copyFrom' in file ? `copy:${file.hash}` : `move:${file.hash}`;
    this.next[relPath] = hash;
    while (this.inFlight.size >= this.maxConcurrent) await Promise.race(this.inFlight);
    const job = this.stage(relPath, hash, file).catch((err: unknown) => {
      this.failure ??= err;
    });
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return true;
  }

  private async stage(relPath: string, hash: string, content: Exclude<FileContent, { staged: unknown }>): Promise<void> {
    const { target, temp } = this.stagingFor(relPath);
    if ('bytes' in content) {
      this.record(relPath, (await stageBytes(target, temp, hash, content.bytes, this.previous[relPath], this.outDirHadFiles)).temp);
      return;
    }
    const existing = this.outDirHadFiles ? await stat(target).catch(() => undefined) : undefined;
    if (existing?.isFile() && this.previous[relPath] === hash) {
      this.stats.unchanged++;
      return;
    }
    if ('moveFrom' in content) {
      const inside = path.relative(this.staging, content.moveFrom);
      if (!isOutputPath(inside.split(path.sep).join('/'))) throw new Error(`midad: not a file of the staging folder: ${content.moveFrom}`);
      this.staged.push({ temp: content.moveFrom, rel: relPath });
      return;
    }
    writeFault(temp);
    await copyFile(content.copyFrom, temp);
    this.staged.push({ temp, rel: relPath });
  }

  private record(relPath: string, temp: string | undefined): void {
    if (temp) this.staged.push({ temp, rel: relPath });
    else this.stats.unchanged++;
    killPoint('render');
  }

  /** What the output folder held before this build: the settings a render thread stages with. */
  stagingFor(relPath: string): { target: string; temp: string; previousHash: string | undefined; mayExist: boolean } {
    return {
      target: path.join(this.outDir, ...relPath.split('/')),
      temp: path.join(this.staging, ...stagedNameOf(relPath).split('/')),
      previousHash: this.previous[relPath],
      mayExist: this.outDirHadFiles,
    };
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    if (this.failure) throw this.failure;
  }

  /**
   * Moves every staged file into place, removes stale files, records the manifest; on failure
   * the out folder is left as it was. The staging folder stays until finish().
   */
  async commit(): Promise<WriteStats> {
    await this.settle();
    const stale = Object.keys(this.previous).filter((p) => !(p in this.next));
    // Sorted, so the same files give the same manifest byte for byte. By the default sort (UTF-16
    // code units, as `<`), which needs no call back into JavaScript: a third of the time.
    const sorted = (o: Record<string, string>): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const k of Object.keys(o).sort()) out[k] = o[k]!;
      return out;
    };
    const manifest: Manifest = { version: 1, files: sorted(this.next), inputs: sorted(this.nextInputs), ...(this.buildKey ? { build: this.buildKey } : {}) };
    await writeFile(path.join(this.staging, 'manifest.json'), JSON.stringify(manifest));
    const inStaging = (abs: string): string => path.relative(this.staging, abs).split(path.sep).join('/');
    const journal: Journal = {
      version: 1,
      moves: this.staged.map(({ temp, rel }) => [inStaging(temp), rel]),
      stale,
      manifest: ['manifest.json', MANIFEST],
    };
    const { removed } = await commitStaged(this.outDir, this.staging, journal, this.outDirHadFiles);
    this.stats.written = this.staged.length;
    this.stats.removed = removed;
    return this.stats;
  }

  /** After commit and what must follow it (the caches that describe the output): the staging folder goes. */
  async finish(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }

  /** Removes every staged file; the out folder is left as it was. */
  async abort(): Promise<void> {
    await this.settle().catch(() => undefined);
    // A commit that failed and could not be undone (the folder went read-only half-way) keeps
    // its journal and backups for the next build to finish the undo.
    await recoverOutput(this.outDir).catch(() => undefined);
    if (!this.outDirExisted) await rmdir(this.outDir).catch(() => undefined);
  }
}
