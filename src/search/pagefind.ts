// One Pagefind index, run through its Node API (the indexer is a separate process, shared by
// the builds of this process). Documents are sent as they come, a bounded number in flight, so
// indexing overlaps midad's own work on the other core; Pagefind writes the bundle itself into a
// staging folder (no round trip of every file through Node), and the page ids it gave the
// documents are read back from the bundle's metadata file.

import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { direntPath } from '../dirent-path.js';
import zlib from 'node:zlib';
import { decodeMeta, SIGNATURE, unpackFile } from './bundle-format.js';

/** Documents sent to Pagefind and not yet answered (it indexes them on its own threads). */
const IN_FLIGHT = 32;

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
    const sig = SIGNATURE.toString('latin1');
    return text.startsWith(sig) ? text.slice(sig.length) : undefined;
  } catch {
    return undefined;
  }
}

function urlOf(json: string): string | undefined {
  const m = /^\{"url":("(?:[^"\\]|\\.)*")/.exec(json);
  return m ? (JSON.parse(m[1]!) as string) : undefined;
}

/** Page ids from a `.pf_meta` file (its pages' fragment names, in page number order). */
export function metaPageIds(file: Buffer): string[] {
  return decodeMeta(unpackFile(file)).pages.map((p) => p[0] as string);
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
