// Article bodies on disk, not in memory: rendered body HTML is appended to one pack file
// in the cache and read back when a page needs it. A 50,000-article site never holds every
// body at once, and an incremental build reuses the bodies of unchanged articles.

import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { DamagedCacheError } from './damaged.js';
import path from 'node:path';

/** Where a body stands in the pack: byte offset and length. */
export interface BodyLocation {
  offset: number;
  length: number;
}

const FLUSH_BYTES = 4 << 20;

/** An append-only pack of bodies, content-addressed by the body's hash. */
export class BodyStore {
  private fd: number | undefined;
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Body hash → location, for every body this build uses or may use. */
  readonly index = new Map<string, BodyLocation>();
  private readonly memory = new Map<string, string>();

  /** `file` undefined keeps bodies in memory only (`midad check`, tests). */
  private constructor(private readonly file: string | undefined) {}

  /**
   * Opens the pack, keeping `known` entries of the previous build when the pack is still
   * there; otherwise starts an empty pack.
   */
  static async open(file: string | undefined, known: Record<string, BodyLocation> | undefined, fresh: boolean): Promise<BodyStore> {
    const store = new BodyStore(file);
    if (!file) return store;
    await mkdir(path.dirname(file), { recursive: true });
    const reuse = !fresh && known !== undefined && existsSync(file);
    if (!reuse) {
      // No index may point into the new pack but the one this build saves: an older one left
      // beside it (a build killed before saving) would read other bodies at its offsets.
      for (const name of ['articles.bin', 'articles-delta.bin']) await rm(path.join(path.dirname(file), name), { force: true });
      // A new pack beside the old one, renamed into place, so a concurrent reader never sees it half-empty.
      const temp = `${file}.new-${process.pid}`;
      closeSync(openSync(temp, 'w'));
      renameSync(temp, file);
    }
    store.fd = openSync(file, 'a+');
    store.size = fstatSync(store.fd).size;
    if (reuse) {
      for (const [hash, loc] of Object.entries(known!)) {
        if (loc.offset + loc.length <= store.size) store.index.set(hash, loc);
      }
    }
    return store;
  }

  has(hash: string): boolean {
    return this.index.has(hash) || this.memory.has(hash);
  }

  /** Stores a body under its hash (once). */
  put(hash: string, html: string): void {
    if (this.has(hash)) return;
    if (this.fd === undefined) {
      this.memory.set(hash, html);
      return;
    }
    const bytes = Buffer.from(html, 'utf8');
    this.index.set(hash, { offset: this.size + this.pendingBytes, length: bytes.length });
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /**
   * Where the body with this hash stands in the pack on disk (flushed first), for a reader in
   * another thread (the search indexer); undefined when bodies are kept in memory or unknown.
   */
  locate(hash: string): { file: string; offset: number; length: number } | undefined {
    const loc = this.index.get(hash);
    if (!loc || this.file === undefined || this.fd === undefined) return undefined;
    if (loc.offset + loc.length > this.size) this.flush();
    return { file: this.file, offset: loc.offset, length: loc.length };
  }

  /** The body with this hash. */
  get(hash: string): string {
    const mem = this.memory.get(hash);
    if (mem !== undefined) return mem;
    const loc = this.index.get(hash);
    if (!loc || this.fd === undefined) throw new Error(`midad: body ${hash} is missing from the cache`);
    if (loc.offset >= this.size) this.flush();
    const buf = Buffer.allocUnsafe(loc.length);
    readSync(this.fd, buf, 0, loc.length, loc.offset);
    // Stored under the hash of its bytes: bytes that no longer match are a damaged pack.
    if (createHash('sha1').update(buf).digest('hex') !== hash) throw new DamagedCacheError('bodies.pack');
    return buf.toString('utf8');
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const all = Buffer.concat(this.pending);
    let written = 0;
    while (written < all.length) written += writeSync(this.fd, all, written, all.length - written);
    this.size += all.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Bytes in the pack that no current body uses: when large, the next build starts afresh. */
  wasted(live: Iterable<string>): number {
    let used = 0;
    for (const h of live) used += this.index.get(h)?.length ?? 0;
    return this.size + this.pendingBytes - used;
  }

  get bytes(): number {
    return this.size + this.pendingBytes;
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
