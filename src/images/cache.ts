// The image cache in .midad-cache/images: rendition files named by
// cache key, one JSON record per key, and an index from a source file's real path, size and
// mtime to its content hash, so a warm build neither reads nor decodes unchanged images.
// Every write is whole: a temporary file, then a rename.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
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
  /** Each file's size in bytes, checked when the record is read (absent in older records). */
  sizes?: Record<string, number>;
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
  const names = await readdir(dir).catch(() => [] as string[]);
  // Temporary files of a build killed while encoding (only one build at a time holds the site).
  if (!readOnly) for (const n of names) if (n.startsWith('.') && n.endsWith('.tmp')) await rm(path.join(dir, n), { force: true });
  const present = new Set<string>(clean ? [] : names.filter((n) => !n.endsWith('.tmp')));
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
    async saveRecord(given) {
      const sizes: Record<string, number> = {};
      for (const f of given.files) sizes[f] = (await stat(path.join(dir, f))).size;
      const rec = { ...given, sizes };
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
    if (!valid || !rec.files.every((f) => typeof f === 'string' && present.has(f))) return undefined;
    // A file cut short, emptied or overwritten is encoded again rather than published.
    const sound = await Promise.all(rec.files.map((f) => soundFile(path.join(dir, f), rec.sizes?.[f])));
    return sound.every(Boolean) ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a cached rendition is whole: its recorded size, and the start (and end) its format always has. */
async function soundFile(file: string, size: number | undefined): Promise<boolean> {
  if (size === undefined) return true; // recorded before sizes were
  try {
    const fh = await open(file, 'r');
    try {
      if ((await fh.stat()).size !== size || size < 16) return false;
      const head = Buffer.alloc(12);
      const tail = Buffer.alloc(2);
      await fh.read(head, 0, 12, 0);
      await fh.read(tail, 0, 2, size - 2);
      if (file.endsWith('.webp')) return head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP' && head.readUInt32LE(4) + 8 === size;
      if (file.endsWith('.jpg')) return head[0] === 0xff && head[1] === 0xd8 && tail[0] === 0xff && tail[1] === 0xd9;
      if (file.endsWith('.avif')) return head.toString('latin1', 4, 8) === 'ftyp';
      return true;
    } finally {
      await fh.close();
    }
  } catch {
    return false;
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
