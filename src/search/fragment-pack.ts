// A shard's fragments in one file of the cache: Pagefind writes a file per page, and a
// shard of 900 articles kept as 900 files costs a file system more than their bytes. The
// pack is a count, each fragment's length (32-bit big-endian) and the fragments, in page order,
// as Pagefind wrote them (gzip, which checks itself when read).

import { open, readdir, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CborError } from './cbor.js';
import { decodeMeta, unpackFile } from './bundle-format.js';

export const FRAGMENT_PACK = 'fragments.pack';

/** Packs the fragments of the bundle in `dir` in the order of its metadata's pages, and removes them. */
export async function packFragments(dir: string): Promise<void> {
  const meta = (await readdir(dir)).find((n) => /^pagefind\..+\.pf_meta$/.test(n));
  const pages = meta ? decodeMeta(unpackFile(await readFile(path.join(dir, meta)))).pages : [];
  const parts: Buffer[] = [];
  for (const p of pages) parts.push(await readFile(path.join(dir, 'fragment', `${p[0] as string}.pf_fragment`)));
  const head = Buffer.alloc(4 * (parts.length + 1));
  head.writeUInt32BE(parts.length, 0);
  parts.forEach((b, i) => head.writeUInt32BE(b.length, 4 * (i + 1)));
  await writeFile(path.join(dir, FRAGMENT_PACK), Buffer.concat([head, ...parts]));
  await rm(path.join(dir, 'fragment'), { recursive: true, force: true });
}

/** A pack opened for reading, fragment by fragment. */
export class FragmentPack {
  private constructor(private readonly fh: FileHandle, private readonly offsets: number[]) {}

  /** Opens the pack of `count` fragments in `dir`; throws CborError when its lengths do not add up. */
  static async open(dir: string, count: number): Promise<FragmentPack> {
    const fh = await open(path.join(dir, FRAGMENT_PACK), 'r');
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(4 * (count + 1));
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      if (bytesRead !== head.length || head.readUInt32BE(0) !== count) throw new CborError('the fragment pack does not list every page');
      const offsets = [head.length];
      for (let i = 0; i < count; i++) offsets.push(offsets[i]! + head.readUInt32BE(4 * (i + 1)));
      if (offsets[count] !== size) throw new CborError('the fragment pack is not as long as its lengths');
      return new FragmentPack(fh, offsets);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Fragment `i` as Pagefind wrote it, checked (its gzip's CRC and length). */
  async read(i: number): Promise<Buffer> {
    const at = this.offsets[i]!;
    const buf = Buffer.alloc(this.offsets[i + 1]! - at);
    await this.fh.read(buf, 0, buf.length, at);
    unpackFile(buf);
    return buf;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
