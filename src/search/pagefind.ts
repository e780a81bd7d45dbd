// One Pagefind index, run through its Node API (the indexer is a separate process, shared by
// the builds of this process). Documents are sent as they come, a bounded number in flight, so
// indexing overlaps midad's own work on the other core; Pagefind writes the bundle itself into a
// staging folder (no round trip of every file through Node), and the page ids it gave the
// documents are read back from the bundle's metadata file.

import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { direntPath } from '../dirent-path.js';
import zlib from 'node:zlib';

/** Documents sent to Pagefind and not yet answered (it indexes them on its own threads). */
const IN_FLIGHT = 32;

/** Pagefind's bundle files start, once gunzipped, with this signature. */
const SIGNATURE = 'pagefind_dcd';

export interface PagefindRun {
  /** Sends one document; resolves when the next may be sent (a bounded number are in flight). */
  add(doc: { url: string; content: string }): Promise<void>;
  /**
   * Waits for every document, then writes the bundle into `dir`. Resolves to its files (paths
   * relative to `dir`, forward slashes, sorted) and the page id of each document, in the order
   * the documents were added.
   */
  write(dir: string): Promise<{ files: string[]; ids: string[] }>;
  /** Drops the index from the Pagefind process (after a failure, or when the build failed). */
  close(): Promise<void>;
}

/** Starts an index for `language` (ISO 639-1). Rejects when Pagefind cannot start. */
export async function startPagefind(language: string): Promise<PagefindRun> {
  quietServiceStops();
  const pagefind = await import('pagefind');
  // One fragment file per page (never bundled into groups): a reader's phone then loads only
  // the results it shows, and page ids map to fragment files one to one.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language, maxFragments: 2_000_000_000 });
  if (!index) throw new Error(errors.join('; ') || 'Pagefind did not start');
  const inFlight = new Set<Promise<void>>();
  const urls: string[] = [];
  let failure: Error | undefined;
  let closed = false;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await Promise.allSettled([...inFlight]);
    // The Pagefind service is shared by the process (and unref'd): drop this index, keep it running.
    await index.deleteIndex().catch(() => undefined);
  };

  return {
    async add(doc) {
      if (failure) throw failure;
      if (closed) throw new Error('the search index was closed');
      urls.push(doc.url);
      const job = index.addHTMLFile(doc).then(
        (r) => {
          if (r.errors.length) failure ??= new Error(`${doc.url}: ${r.errors.join('; ')}`);
        },
        (err: unknown) => {
          failure ??= err instanceof Error ? err : new Error(String(err));
        },
      );
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    },
    async write(dir) {
      try {
        await Promise.all([...inFlight]);
        if (failure) throw failure;
        const out = await index.writeFiles({ outputPath: dir });
        if (out.errors.length) throw new Error(out.errors.join('; '));
        const files = await listFiles(dir);
        const ids = await pageIds(dir, files, urls);
        return { files, ids };
      } finally {
        await close();
      }
    },
    close,
  };
}

/** Every file under `dir`, relative, with forward slashes, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, direntPath(e)).split(path.sep).join('/'))
    .sort();
}

/**
 * The page id Pagefind gave each document (`urls` in the order they were added). The bundle's
 * metadata file lists pages in the order they were indexed, which is the order they were sent;
 * that is checked on a few fragments (first, middle, last), and if it ever does not hold, every
 * fragment is read instead.
 */
async function pageIds(dir: string, files: string[], urls: string[]): Promise<string[]> {
  const meta = files.find((f) => /^pagefind\.[^/]+\.pf_meta$/.test(f));
  if (!meta && urls.length === 0) return [];
  const listed = meta ? metaPageIds(await readFile(path.join(dir, meta))) : [];
  if (listed.length === urls.length) {
    const probes = [...new Set([0, urls.length >> 1, urls.length - 1])].filter((i) => i >= 0);
    const found = await Promise.all(probes.map((i) => fragmentUrl(path.join(dir, 'fragment', `${listed[i]}.pf_fragment`))));
    if (probes.every((i, n) => found[n] === urls[i])) return listed;
  }
  const byUrl = await scanFragments(dir);
  return urls.map((u) => {
    const id = byUrl.get(u);
    if (!id) throw new Error(`Pagefind did not index ${u}`);
    return id;
  });
}

/** URL → page id of every fragment of a bundle folder (the slow, sure way). */
export async function scanFragments(bundleDir: string): Promise<Map<string, string>> {
  const names = (await readdir(path.join(bundleDir, 'fragment')).catch(() => [] as string[])).filter((n) => n.endsWith('.pf_fragment'));
  const out = new Map<string, string>();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const url = await fragmentUrl(path.join(bundleDir, 'fragment', name));
      if (url !== undefined) out.set(url, name.slice(0, -'.pf_fragment'.length));
    }
  }));
  return out;
}

/**
 * The URL a fragment file is for, or undefined when it cannot be read. Only its first bytes are
 * inflated: the fragment is JSON that starts with the URL.
 */
export async function fragmentUrl(file: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(2048);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const partial = inflate(head.subarray(0, bytesRead), true);
    const url = partial && urlOf(partial);
    if (url !== undefined || bytesRead < head.length) return url;
    const whole = inflate(await readFile(file), false);
    return whole ? urlOf(whole) : undefined;
  } finally {
    await fh.close();
  }
}

function inflate(bytes: Buffer, partial: boolean): string | undefined {
  try {
    const out = zlib.gunzipSync(bytes, partial ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {});
    const text = out.toString('utf8');
    return text.startsWith(SIGNATURE) ? text.slice(SIGNATURE.length) : undefined;
  } catch {
    return undefined;
  }
}

function urlOf(json: string): string | undefined {
  const m = /^\{"url":("(?:[^"\\]|\\.)*")/.exec(json);
  return m ? (JSON.parse(m[1]!) as string) : undefined;
}

/** Page ids from a `.pf_meta` file (gzipped CBOR: [version, pages: [[id, word count, …]], …]). */
export function metaPageIds(file: Buffer): string[] {
  const data = zlib.gunzipSync(file);
  if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE) throw new Error('not a Pagefind metadata file');
  const cbor = new Cbor(data, SIGNATURE.length);
  const top = cbor.head(4);
  if (top < 2) throw new Error('unexpected Pagefind metadata');
  cbor.skip(); // version
  const count = cbor.head(4);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const fields = cbor.head(4);
    ids.push(cbor.text());
    for (let f = 1; f < fields; f++) cbor.skip();
  }
  return ids;
}

/** Just enough CBOR (RFC 8949, definite lengths) to read Pagefind's metadata file. */
class Cbor {
  constructor(private readonly b: Buffer, private p: number) {}

  /** Reads an item head of the expected major type; returns its argument (length or value). */
  head(major?: number): number {
    const ib = this.b[this.p++]!;
    const m = ib >> 5;
    if (major !== undefined && m !== major) throw new Error(`CBOR: expected major type ${major}, got ${m}`);
    return this.arg(ib & 31);
  }

  private arg(ai: number): number {
    if (ai < 24) return ai;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[ai];
    if (size === undefined) throw new Error('CBOR: indefinite lengths are not supported');
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + this.b[this.p++]!;
    return v;
  }

  text(): string {
    const n = this.head(3);
    const s = this.b.toString('utf8', this.p, this.p + n);
    this.p += n;
    return s;
  }

  skip(): void {
    const ib = this.b[this.p++]!;
    const m = ib >> 5;
    const ai = ib & 31;
    if (m === 7) {
      this.p += ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
      return;
    }
    const n = this.arg(ai);
    if (m === 2 || m === 3) this.p += n;
    else if (m === 4) for (let i = 0; i < n; i++) this.skip();
    else if (m === 5) for (let i = 0; i < 2 * n; i++) this.skip();
    else if (m === 6) this.skip();
  }
}

let quieted = false;
/**
 * Pagefind's Node library prints "Service stopped" and a stack trace of its own when its process
 * dies; the build reports the failure itself, in one plain line, so that print is dropped.
 */
function quietServiceStops(): void {
  if (quieted) return;
  quieted = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]): void => {
    if (args[0] === 'Service stopped') return;
    print(...args);
  };
}
