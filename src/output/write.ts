// Writes the built site without ever exposing a half-built one (contract §1): every file is
// staged as a temporary file beside its target, and only when the whole build succeeded are
// they renamed into place. Unchanged files are left untouched (writing costs more than
// rendering), and files an earlier build wrote but this one does not are removed; files midad
// did not write are never touched. What midad wrote is recorded in a manifest in the out folder.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const MANIFEST = '.midad-manifest.json';

interface Manifest {
  version: 1;
  /** Output path → content hash. */
  files: Record<string, string>;
}

export interface WriteStats {
  written: number;
  unchanged: number;
  removed: number;
}

const hashOf = (bytes: Buffer | string): string => createHash('sha1').update(bytes).digest('hex');

/** A staged write of one output folder. Call `commit()` after the last `add`, or `abort()`. */
export class OutputWriter {
  private previous: Record<string, string> = {};
  private readonly next: Record<string, string> = {};
  private readonly staged: Array<{ temp: string; target: string }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirJobs = new Map<string, Promise<void>>();
  /** Folders this build made, removed again on abort when empty. */
  private readonly createdDirs = new Set<string>();
  readonly stats: WriteStats = { written: 0, unchanged: 0, removed: 0 };
  private failure: unknown;

  constructor(readonly outDir: string, private readonly maxConcurrent = 32) {}

  /** Reads the previous build's manifest, if any. */
  async begin(): Promise<void> {
    try {
      const m = JSON.parse(await readFile(path.join(this.outDir, MANIFEST), 'utf8')) as Manifest;
      if (m.version === 1 && m.files && typeof m.files === 'object') this.previous = m.files;
    } catch {
      this.previous = {};
    }
  }

  /** Whether a path was already added in this build. */
  has(relPath: string): boolean {
    return relPath in this.next;
  }

  /**
   * Stages one file. `relPath` uses forward slashes, relative to the out folder. Returns false
   * (and stages nothing) if the path was already added. Waits when many writes are under way.
   */
  async add(relPath: string, content: { bytes: Buffer | string } | { copyFrom: string; hash: string }): Promise<boolean> {
    if (relPath in this.next) return false;
    if (relPath.split('/').some((s) => s === '..' || s === '') || path.isAbsolute(relPath)) {
      throw new Error(`midad: refusing to write outside the out folder: ${relPath}`);
    }
    const hash = 'bytes' in content ? hashOf(content.bytes) : `copy:${content.hash}`;
    this.next[relPath] = hash;
    while (this.inFlight.size >= this.maxConcurrent) await Promise.race(this.inFlight);
    const job = this.stage(relPath, hash, content).catch((err: unknown) => {
      this.failure ??= err;
    });
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return true;
  }

  private async stage(relPath: string, hash: string, content: { bytes: Buffer | string } | { copyFrom: string }): Promise<void> {
    const target = path.join(this.outDir, ...relPath.split('/'));
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isFile()) {
      if (this.previous[relPath] === hash) {
        this.stats.unchanged++;
        return;
      }
      // No record (a lost manifest, or a file midad did not write): compare the bytes.
      if ('bytes' in content && existing.size === Buffer.byteLength(content.bytes)) {
        const old = await readFile(target);
        if (old.equals(typeof content.bytes === 'string' ? Buffer.from(content.bytes) : content.bytes)) {
          this.stats.unchanged++;
          return;
        }
      }
    }
    const dir = path.dirname(target);
    let made = this.dirJobs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true }).then((created) => {
        if (created) this.createdDirs.add(dir);
      });
      this.dirJobs.set(dir, made);
    }
    await made;
    const temp = `${target}.midad-tmp-${process.pid}`;
    if ('bytes' in content) await writeFile(temp, content.bytes);
    else await copyFile(content.copyFrom, temp);
    this.staged.push({ temp, target });
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
    if (this.failure) throw this.failure;
  }

  /** Moves every staged file into place, removes stale files, records the manifest. */
  async commit(): Promise<WriteStats> {
    await this.settle();
    for (const { temp, target } of this.staged) await rename(temp, target);
    this.stats.written = this.staged.length;
    const stale = Object.keys(this.previous).filter((p) => !(p in this.next));
    for (const rel of stale) {
      const target = path.join(this.outDir, ...rel.split('/'));
      try {
        await unlink(target);
        this.stats.removed++;
        await removeEmptyDirs(path.dirname(target), this.outDir);
      } catch {
        // already gone
      }
    }
    const manifest: Manifest = { version: 1, files: this.next };
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
    for (const dir of [...this.createdDirs].sort((a, b) => b.length - a.length)) await removeEmptyDirs(dir, this.outDir);
  }
}

async function removeEmptyDirs(dir: string, stop: string): Promise<void> {
  let d = dir;
  while (d.startsWith(stop) && d !== stop) {
    const entries = await readdir(d).catch(() => ['?']);
    if (entries.length > 0) return;
    await rmdir(d).catch(() => undefined);
    d = path.dirname(d);
  }
}
