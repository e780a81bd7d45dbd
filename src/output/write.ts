// Writes the built site without ever exposing a half-built one (contract §1): every file is
// staged as a temporary file beside its target, and only when the whole build succeeded are
// they renamed into place. Unchanged files are left untouched (writing costs more than
// rendering), and files an earlier build wrote but this one does not are removed; files midad
// did not write are never touched. What midad wrote is recorded in a manifest in the out folder.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inBatches } from '../concurrency.js';

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
    if (m.version !== 1 || !m.files || typeof m.files !== 'object') return undefined;
    // Only paths midad could have written: a manifest edited to name "../x" or "/etc/x" must
    // not make the next build delete a file outside the out folder.
    const files: Record<string, string> = {};
    for (const [rel, hash] of Object.entries(m.files)) if (isOutputPath(rel) && typeof hash === 'string') files[rel] = hash;
    return { ...m, files };
  } catch {
    return undefined;
  }
}

/**
 * A path inside the out folder as the writer takes it: relative, forward slashes, no empty,
 * "." or ".." segment (nor a ".." between backslashes, which Windows would follow).
 */
export function isOutputPath(rel: string): boolean {
  return rel.length > 0 && !rel.includes('\0') && !path.isAbsolute(rel) && !path.win32.isAbsolute(rel)
    && rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..') && !rel.split(/[\\/]/).includes('..');
}

/** The previous build's input key and file count, from its manifest. */
export function previousBuild(m: Manifest | undefined): { key: string; files: number; pages: number } | undefined {
  if (!m || typeof m.build !== 'string') return undefined;
  const files = Object.keys(m.files);
  return { key: m.build, files: files.length, pages: files.filter((f) => f.endsWith('.html')).length };
}

/**
 * What a file is made of: bytes; a copy of a file (images from the cache); or a file already
 * written in a scratch folder inside the out folder, renamed into place at commit (the search
 * bundle, written by Pagefind itself). `hash` names the content for the manifest.
 */
export type OutputContent = { bytes: Buffer | string } | { copyFrom: string; hash: string } | { moveFrom: string; hash: string };

export interface WriteStats {
  written: number;
  unchanged: number;
  removed: number;
}

export const hashOf = (bytes: Buffer | string): string => createHash('sha1').update(bytes).digest('hex');

/** A file's bytes staged beside their target: the temporary file, or none when the target already holds them. */
export interface StagedBytes {
  temp?: string;
  /** Its folder, when staging it made that folder (removed again, with its parents, if the build fails). */
  createdDir?: string;
}

/**
 * Stages bytes for `target` (used by the writer and by the render threads): nothing when the
 * target already holds them (by the previous manifest's hash, or, without a record, by
 * comparing the bytes), else a temporary file beside the target, renamed into place at commit.
 */
export async function stageBytes(
  target: string, hash: string, bytes: Buffer | string, previousHash: string | undefined, mayExist: boolean,
  mkdirOnce: (dir: string) => Promise<string | undefined | void>,
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
  const dir = path.dirname(target);
  const made = await mkdirOnce(dir);
  const temp = `${target}.midad-tmp-${process.pid}`;
  await writeFile(temp, bytes);
  return { temp, ...(typeof made === 'string' ? { createdDir: dir } : {}) };
}

/** A staged write of one output folder. Call `commit()` after the last `add`, or `abort()`. */
export class OutputWriter {
  private previous: Record<string, string> = {};
  private previousInputs: Record<string, string> = {};
  private readonly next: Record<string, string> = {};
  private readonly nextInputs: Record<string, string> = {};
  private readonly staged: Array<{ temp: string; target: string }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirJobs = new Map<string, Promise<void>>();
  /** Folders this build made, removed again on abort when empty. */
  private readonly createdDirs = new Set<string>();
  /** Scratch folders inside the out folder, removed with what is left in them at commit or abort. */
  private readonly scratchDirs = new Set<string>();
  /** Whether making a scratch folder made the out folder itself (removed again on abort if empty). */
  private madeOutDir = false;
  readonly stats: WriteStats = { written: 0, unchanged: 0, removed: 0 };
  /** Recorded in the manifest at commit: lets the next build see that nothing changed. */
  buildKey: string | undefined;
  private failure: unknown;
  /** Whether the out folder had anything in it at begin(); if not, no target can exist yet. */
  private outDirHadFiles = true;
  /** Whether the out folder existed at begin(): a failed first build removes it again. */
  private outDirExisted = true;

  constructor(readonly outDir: string, private readonly maxConcurrent = 32) {}

  /** Reads the previous build's manifest, if any (`known`: the caller read it already, with readManifest). */
  async begin(known?: { manifest: Manifest | undefined }): Promise<void> {
    // Into a new or empty folder (a cold build, a CI runner), every target is new: asking the
    // file system about each of 20,000 files first cost over a second.
    const entries = await readdir(this.outDir).catch(() => undefined);
    this.outDirHadFiles = (entries?.length ?? 0) > 0;
    this.outDirExisted = entries !== undefined;
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
   * 12,000 pages cost half a second of a one-article rebuild (issue 5), and midad owns what it
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
   * Makes a scratch folder inside the out folder (`name` a plain folder name) for files made
   * elsewhere and added with `moveFrom`; it is removed, whatever is left in it, at commit or
   * abort, and so is the out folder if this made it and nothing else is in it.
   */
  async scratchDir(name: string): Promise<string> {
    if (!/^[^/\\]+$/.test(name) || name === '.' || name === '..') throw new Error(`midad: not a scratch folder name: ${name}`);
    const dir = path.join(this.outDir, name);
    this.scratchDirs.add(dir);
    const made = await mkdir(dir, { recursive: true });
    if (made !== undefined && made !== dir) this.madeOutDir = true;
    return dir;
  }

  /** Whether a path was already added in this build. */
  has(relPath: string): boolean {
    return relPath in this.next;
  }

  /**
   * Stages one file. `relPath` uses forward slashes, relative to the out folder. Returns false
   * (and stages nothing) if the path was already added. Waits when many writes are under way.
   */
  async add(relPath: string, content: OutputContent, inputKey?: string): Promise<boolean> {
    if (relPath in this.next) return false;
    if (inputKey !== undefined) this.nextInputs[relPath] = inputKey;
    if (!isOutputPath(relPath)) {
      throw new Error(`midad: refusing to write outside the out folder: ${relPath}`);
    }
    const hash = 'bytes' in content ? hashOf(content.bytes) : 'copyFrom' in content ? `copy:${content.hash}` : `move:${content.hash}`;
    this.next[relPath] = hash;
    while (this.inFlight.size >= this.maxConcurrent) await Promise.race(this.inFlight);
    const job = this.stage(relPath, hash, content).catch((err: unknown) => {
      this.failure ??= err;
    });
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return true;
  }

  private async stage(relPath: string, hash: string, content: OutputContent): Promise<void> {
    const target = path.join(this.outDir, ...relPath.split('/'));
    if ('bytes' in content) {
      this.record(target, await stageBytes(target, hash, content.bytes, this.previous[relPath], this.outDirHadFiles, this.mkdirOnce));
      return;
    }
    const existing = this.outDirHadFiles ? await stat(target).catch(() => undefined) : undefined;
    if (existing?.isFile() && this.previous[relPath] === hash) {
      this.stats.unchanged++;
      return;
    }
    await this.mkdirOnce(path.dirname(target));
    if ('moveFrom' in content) {
      this.staged.push({ temp: content.moveFrom, target });
      return;
    }
    const temp = `${target}.midad-tmp-${process.pid}`;
    await copyFile(content.copyFrom, temp);
    this.staged.push({ temp, target });
  }

  /** Makes a folder (and its parents) once per build, remembering it for abort(). */
  private readonly mkdirOnce = (dir: string): Promise<void> => {
    let made = this.dirJobs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true }).then((created) => {
        if (created) this.createdDirs.add(dir);
      });
      this.dirJobs.set(dir, made);
    }
    return made;
  };

  private record(target: string, staged: StagedBytes): void {
    if (staged.createdDir) this.createdDirs.add(staged.createdDir);
    if (staged.temp) this.staged.push({ temp: staged.temp, target });
    else this.stats.unchanged++;
  }

  /** What the output folder held before this build: the settings a render thread stages with. */
  stagingFor(relPath: string): { target: string; previousHash: string | undefined; mayExist: boolean } {
    return { target: path.join(this.outDir, ...relPath.split('/')), previousHash: this.previous[relPath], mayExist: this.outDirHadFiles };
  }

  /**
   * Records a file another thread staged with stageBytes (the render threads, issue 6), as
   * add() would have. Returns false if the path was already added.
   */
  addStaged(relPath: string, hash: string, staged: StagedBytes, inputKey?: string): boolean {
    if (relPath in this.next) return false;
    if (inputKey !== undefined) this.nextInputs[relPath] = inputKey;
    this.next[relPath] = hash;
    this.record(path.join(this.outDir, ...relPath.split('/')), staged);
    return true;
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    if (this.failure) throw this.failure;
  }

  /** Moves every staged file into place, removes stale files, records the manifest. */
  async commit(): Promise<WriteStats> {
    await this.settle();
    await inBatches(this.staged, 32, ({ temp, target }) => rename(temp, target));
    this.stats.written = this.staged.length;
    const stale = Object.keys(this.previous).filter((p) => !(p in this.next));
    const emptied = new Set<string>();
    await inBatches(stale, 32, async (rel) => {
      const target = path.join(this.outDir, ...rel.split('/'));
      try {
        await unlink(target);
        this.stats.removed++;
        emptied.add(path.dirname(target));
      } catch {
        // already gone
      }
    });
    await removeEmptyDirs(emptied, this.outDir);
    await this.removeScratch();
    // Sorted, so the same files give the same manifest byte for byte. By the default sort (UTF-16
    // code units, as `<`), which needs no call back into JavaScript: a third of the time.
    const sorted = (o: Record<string, string>): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const k of Object.keys(o).sort()) out[k] = o[k]!;
      return out;
    };
    const manifest: Manifest = { version: 1, files: sorted(this.next), inputs: sorted(this.nextInputs), ...(this.buildKey ? { build: this.buildKey } : {}) };
    const mPath = path.join(this.outDir, MANIFEST);
    await mkdir(this.outDir, { recursive: true });
    await writeFile(`${mPath}.midad-tmp-${process.pid}`, JSON.stringify(manifest));
    await rename(`${mPath}.midad-tmp-${process.pid}`, mPath);
    return this.stats;
  }

  /** Removes every staged file; the out folder is left as it was. */
  async abort(): Promise<void> {
    await this.settle().catch(() => undefined);
    await Promise.all(this.staged.map(({ temp }) => unlink(temp).catch(() => undefined)));
    await this.removeScratch();
    await removeEmptyDirs(this.createdDirs, this.outDir);
    if (this.madeOutDir || !this.outDirExisted) await rmdir(this.outDir).catch(() => undefined);
  }

  private async removeScratch(): Promise<void> {
    for (const dir of this.scratchDirs) await rm(dir, { recursive: true, force: true });
    this.scratchDirs.clear();
  }
}

/** Removes the folders (and their parents up to `stop`) that are empty; rmdir refuses the others. */
async function removeEmptyDirs(dirs: Iterable<string>, stop: string): Promise<void> {
  const all = new Set<string>();
  for (const dir of dirs) {
    for (let d = dir; d.startsWith(stop + path.sep); d = path.dirname(d)) all.add(d);
  }
  for (const d of [...all].sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => undefined);
}
