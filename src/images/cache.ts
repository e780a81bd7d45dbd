// The image cache in .midad-cache/images (contract §2, issue 3 §4): rendition files named by
// cache key, one JSON record per key, and an index from a source file's real path, size and
// mtime to its content hash, so a warm build neither reads nor decodes unchanged images.
// Every write is whole: a temporary file, then a rename.

import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Size } from './renditions.js';

const INDEX_FILE = 'index.json';
const INDEX_VERSION = 1;

/** What the index knows about one source file. `mtimeMs` as fs.Stats gives it. */
interface IndexEntry {
  size: number;
  mtimeMs: number;
  sha: string;
}

/** The record kept per cache key: the source's sizes and the files already encoded for it. */
export interface KeyRecord {
  key: string;
  /** Decoder name from sharp, e.g. `jpeg`. */
  format: string;
  /** Stored size (before EXIF orientation), for the pixel limit. */
  stored: Size;
  /** Displayed size (after EXIF orientation). */
  oriented: Size;
  /** Bare names of the files in the cache folder encoded for this key. */
  files: string[];
  /** Frames of the source (absent in records written before midad counted them). */
  frames?: number;
}

export interface ImageCache {
  readonly dir: string;
  /** Content hash of a source whose size and mtime are unchanged, else undefined. */
  knownSha(realPath: string, size: number, mtimeMs: number): string | undefined;
  remember(realPath: string, size: number, mtimeMs: number, sha: string): void;
  /** The record of a key whose files all still exist, else undefined. */
  record(key: string): Promise<KeyRecord | undefined>;
  saveRecord(rec: KeyRecord): Promise<void>;
  /** Absolute path of a cache file. */
  fileOf(name: string): string;
  /** A fresh temporary path beside `name`, for write-then-rename. */
  tempOf(name: string): string;
  /** Writes the index if it changed; a failure only costs the next build some hashing. */
  saveIndex(): Promise<void>;
}

/** Opens (creating) the cache folder; with `clean`, nothing already in it is trusted. */
export async function openCache(dir: string, clean: boolean, readOnly = false): Promise<ImageCache> {
  if (!readOnly) await mkdir(dir, { recursive: true });
  const index = new Map<string, IndexEntry>(clean ? [] : await readIndex(dir));
  const present = new Set<string>(clean ? [] : await readdir(dir).catch(() => []));
  const records = new Map<string, Promise<KeyRecord | undefined>>();
  let dirty = false;
  const tempOf = (name: string): string =>
    path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

  return {
    dir,
    knownSha(realPath, size, mtimeMs) {
      const e = index.get(realPath);
      return e && e.size === size && e.mtimeMs === mtimeMs ? e.sha : undefined;
    },
    remember(realPath, size, mtimeMs, sha) {
      const e = index.get(realPath);
      if (e && e.size === size && e.mtimeMs === mtimeMs && e.sha === sha) return;
      index.set(realPath, { size, mtimeMs, sha });
      dirty = true;
    },
    record(key) {
      let p = records.get(key);
      if (!p) {
        p = present.has(`${key}.json`) ? readRecord(dir, key, present) : Promise.resolve(undefined);
        records.set(key, p);
      }
      return p;
    },
    async saveRecord(rec) {
      for (const f of rec.files) present.add(f);
      present.add(`${rec.key}.json`);
      records.set(rec.key, Promise.resolve(rec));
      await writeWhole(path.join(dir, `${rec.key}.json`), tempOf(`${rec.key}.json`), JSON.stringify(rec));
    },
    fileOf: (name) => path.join(dir, name),
    tempOf,
    async saveIndex() {
      if (!dirty || readOnly) return;
      const body = JSON.stringify({ version: INDEX_VERSION, entries: Object.fromEntries(index) });
      await writeWhole(path.join(dir, INDEX_FILE), tempOf(INDEX_FILE), body).catch(() => undefined);
      dirty = false;
    },
  };
}

async function readIndex(dir: string): Promise<Array<[string, IndexEntry]>> {
  try {
    const data = JSON.parse(await readFile(path.join(dir, INDEX_FILE), 'utf8')) as {
      version?: number;
      entries?: Record<string, IndexEntry>;
    };
    if (data.version !== INDEX_VERSION || typeof data.entries !== 'object' || !data.entries) return [];
    return Object.entries(data.entries).filter(([, e]) =>
      typeof e?.sha === 'string' && typeof e.size === 'number' && typeof e.mtimeMs === 'number');
  } catch {
    return []; // missing or damaged: the cache is only an optimisation
  }
}

async function readRecord(dir: string, key: string, present: Set<string>): Promise<KeyRecord | undefined> {
  try {
    const rec = JSON.parse(await readFile(path.join(dir, `${key}.json`), 'utf8')) as KeyRecord;
    const valid = rec.key === key && Array.isArray(rec.files) && rec.stored?.width > 0 && rec.oriented?.width > 0;
    return valid && rec.files.every((f) => present.has(f)) ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a file whole: to `temp`, then renamed over `target`. */
export async function writeWhole(target: string, temp: string, data: string | Buffer): Promise<void> {
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
