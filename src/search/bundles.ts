// The search shards of one build: plans them (shards.ts) from what the previous build recorded,
// keeps each shard whose documents are the same, and starts Pagefind at once on the others, one
// shard at a time, so it indexes, and writes their bundles into the cache (.midad-cache/search/,
// a folder per shard and version of it), while midad renders pages; then merges every shard's
// bundle into the one bundle the site publishes (publish.ts) and hands its files to the output
// writer, which moves them into place at commit (or drops them on abort). What the shards hold
// is recorded only after the writer committed; shard bundles no record names are removed then.
// A published file the merge no longer makes is removed by the writer, so an article that left
// the site leaves no word behind.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { msg, type Message } from '../messages/index.js';
import { Worker } from 'node:worker_threads';
import { DAMAGED_BODY, DamagedCacheError } from '../cache/damaged.js';
import type { OutputFile } from '../model.js';
import type { OutputWriter } from '../output/write.js';
import { PAGEFIND_DIR, type SearchDoc, type SearchSource } from './index.js';
import { DamagedShardError, isWholeBundle, staticHashes } from './merge.js';
import { parseRecord, type MergedRecord, type ReadRecord, type SearchRecord, type ShardRecord } from './plan.js';
import { keepPublished, publishMerged } from './publish.js';
import { planShards, shardWords, type PlannedShard } from './shards.js';
import { runIndexJob, type IndexJob, type IndexReply } from './worker.js';

/** The writer, as far as the search bundles use it. */
export type BundleWriter = Pick<OutputWriter, 'outDir' | 'keepIfSame' | 'scratchDir'>;

export interface SearchBundleOptions {
  /** midad's cache folder (ROOT/.midad-cache): the shards' bundles and the record of what they hold. */
  cacheDir: string;
  /** Ignore the record (`--clean`): make every shard again. */
  clean: boolean;
  /** The record, when the caller read it already (readSearchRecord). */
  record?: ReadRecord | undefined;
  /** Words a shard holds at most (default: shardWords()). */
  shardWords?: number;
}

/** A file for the writer: bytes, a file of a shard's bundle, or a merged file written into the scratch folder (`inputKey`: what says its content, publish.ts). */
export type BundleFile = OutputFile;

export interface SearchBuild {
  /** What this build does with the shards, in a few words (for --verbose). */
  readonly summary: Message;
  /** Whether Pagefind is still indexing or writing (the build holds its render threads back meanwhile). */
  readonly indexing: boolean;
  /** Waits for indexing; the files to add to the writer (kept files are not listed). Rejects when Pagefind fails. */
  files(): Promise<BundleFile[]>;
  /** After the writer committed: records what the shards hold, and removes shard bundles no longer used. */
  save(): Promise<void>;
  /** The build failed: drops the index in Pagefind. */
  abandon(): Promise<void>;
}

const RECORD = 'search-shards.json';
/** The shards' bundles, below the cache folder: one folder per shard and key. */
const SHARD_BUNDLES = 'search';
const SCRATCH_PREFIX = '.midad-search-';

/** A shard's bundle folder: named by its id and key, so a changed shard is written beside the one it replaces. */
const bundleDir = (cacheDir: string, s: { id: string; key: string }): string => path.join(cacheDir, SHARD_BUNDLES, `${s.id}.${s.key.slice(0, 16)}`);

/**
 * Plans the shards and starts indexing the ones to make in the background. The documents'
 * contents are made (bodies read from the body store) while the caller renders pages.
 */
export async function startSearchBuild(source: SearchSource, writer: BundleWriter, opts: SearchBundleOptions): Promise<SearchBuild> {
  const recordFile = path.join(opts.cacheDir, RECORD);
  const read = opts.clean ? undefined : 'record' in opts ? opts.record : await readSearchRecord(opts.cacheDir);
  const prev = read && read.config === source.config ? read : undefined;
  const planned = planShards(source.docs, prev?.shards, opts.shardWords ?? shardWords());
  const before = new Map((prev?.shards ?? []).map((s) => [s.id, s]));
  const shards: Array<Omit<ShardRecord, 'statics'> & { statics?: Record<string, string>; made: boolean }> = [];
  const make: Array<PlannedShard<SearchDoc> & { key: string }> = [];
  for (const shard of planned) {
    const key = hash(source.config, shard.id, ...shard.docs.flatMap((d) => [d.url, d.key]));
    const old = before.get(shard.id);
    const keep = old && !('damaged' in old) && old.key === key && await isBundle(bundleDir(opts.cacheDir, old));
    if (!keep) make.push({ ...shard, key });
    shards.push({ id: shard.id, start: shard.start, key, docs: shard.docs.map((d): [string, string] => [d.url, d.key]), ...(keep ? { statics: old.statics } : {}), made: !keep });
  }
  await removeOldScratch(writer.outDir);
  const indexing = make.length ? index(source, make.map((s) => ({ docs: s.docs, dir: bundleDir(opts.cacheDir, s) }))) : undefined;
  const planIds = new Set(planned.map((s) => s.id));
  const gone = [...before.keys()].filter((id) => !planIds.has(id)).length;
  let record: SearchRecord | undefined;
  const why = opts.clean ? 'clean' : !read ? 'none' : !prev ? 'changed' : undefined;
  const summary = msg('search-summary', { shards: planned.length, articles: source.docs.length, made: make.length, kept: planned.length - make.length, gone, why });
  // What the build needs of the source and of the previous record from here on: not their
  // documents, which the closures below would otherwise keep for the rest of the build.
  const { language, config } = source;
  const previousMerged = prev?.merged;
  return {
    summary,
    get indexing() {
      return indexing?.busy ?? false;
    },
    async files() {
      if (indexing) await indexing.done;
      const { files, merged } = await publish({ language, config }, shards, previousMerged, writer, opts.cacheDir, recordFile);
      const whole: ShardRecord[] = [];
      for (const { made, ...s } of shards) whole.push({ ...s, statics: s.statics ?? await staticHashes(bundleDir(opts.cacheDir, s)) });
      record = { version: 4, config, shards: whole, merged };
      return files;
    },
    async save() {
      if (!record) return;
      await saveRecord(recordFile, record);
      await removeUnusedBundles(opts.cacheDir, record.shards);
    },
    abandon: async () => indexing?.cancel(),
  };
}

/**
 * The published bundle, merged from the shards' (or kept as the previous build published it,
 * when merged from the same shards). A shard bundle kept from an earlier build that turns out
 * damaged is marked so in the record, and the build is run again (DamagedCacheError), which
 * makes that shard again; one just made that cannot be read is Pagefind's failure.
 */
async function publish(
  source: Pick<SearchSource, 'language' | 'config'>, shards: Array<{ id: string; key: string; statics?: Record<string, string>; made: boolean }>, previous: MergedRecord | undefined,
  writer: BundleWriter, cacheDir: string, recordFile: string,
): Promise<{ files: BundleFile[]; merged: MergedRecord }> {
  const key = hash(source.config, ...shards.map((s) => s.key));
  if (keepPublished(writer, previous, key)) return { files: [], merged: previous! };
  const scratch = await writer.scratchDir(`${SCRATCH_PREFIX}${process.pid}`);
  const inputs = shards.map((s) => ({ dir: bundleDir(cacheDir, s), statics: s.statics }));
  try {
    const published = await publishMerged(inputs, source.language, writer, scratch, PAGEFIND_DIR, key);
    return { files: published.files, merged: published.record };
  } catch (err) {
    if (!(err instanceof DamagedShardError)) throw err;
    const shard = shards[err.shard]!;
    if (shard.made) throw new Error(`Pagefind wrote a bundle that cannot be read (${err.message})`);
    // Every kept shard read through, so that one run again makes all the damaged ones.
    const damaged: string[] = [];
    for (const [i, s] of shards.entries()) if (!s.made && (i === err.shard || !await isWholeBundle(inputs[i]!, source.language))) damaged.push(s.id);
    // A record that cannot be marked is dropped: every shard is made again.
    await markDamaged(recordFile, damaged).catch(() => rm(recordFile, { force: true }));
    throw new DamagedCacheError(`${SHARD_BUNDLES}/${path.basename(bundleDir(cacheDir, shard))}`);
  }
}

/** Whether a shard's bundle folder is there (its contents are checked as the merge reads them). */
async function isBundle(dir: string): Promise<boolean> {
  return (await stat(path.join(dir, 'pagefind-entry.json')).catch(() => undefined))?.isFile() ?? false;
}

/** What the previous build's shards hold, from the cache folder (undefined: nothing readable). */
export async function readSearchRecord(cacheDir: string): Promise<ReadRecord | undefined> {
  return parseRecord(await readFile(path.join(cacheDir, RECORD), 'utf8').catch(() => ''));
}

interface Indexing {
  /** Settles when every shard's bundle is written. */
  done: Promise<void>;
  /** True until `done` settles. */
  readonly busy: boolean;
  /** Stops indexing and waits until Pagefind no longer writes (the build failed). */
  cancel(): Promise<void>;
}

/** Pagefind's own UIs are not used (not RTL-clean): their files are not kept. */
const UNUSED_BUNDLE_FILE = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/;

/** Jobs of at least this many documents run in a thread of their own (an edit's shard alone, rarely). */
const THREAD_MIN_DOCS = 250;

/**
 * Indexes the shards (src/search/worker.ts), one after the other: makes the documents, sends
 * them to Pagefind and has it write each shard's bundle into its folder in the cache (emptied
 * first: a folder left by a failed build is in no record), in the background. A large job runs
 * in a thread of its own, so the main thread only hands over the documents' metadata and their
 * bodies' places. The bundles are ready when the pages are.
 */
function index(source: Pick<SearchSource, 'language' | 'siteLanguage'>, shards: Array<{ docs: SearchDoc[]; dir: string }>): Indexing {
  let cancelled = false;
  let worker: Worker | undefined;
  const dirs = shards.map((s) => s.dir);
  const total = shards.reduce((n, s) => n + s.docs.length, 0);
  const threaded = total >= THREAD_MIN_DOCS;
  // Let go once the thread has its copy: the documents' metadata grows with the archive.
  let job: IndexJob | undefined = {
    language: source.language,
    siteLanguage: source.siteLanguage,
    shards: shards.map((s) => ({ docs: s.docs.map((d) => d.spec()), dir: s.dir })),
    restart: threaded,
  };
  const done = (async () => {
    for (const dir of dirs) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
    }
    if (cancelled) throw new Error('the build failed');
    let reply: IndexReply;
    if (!threaded) {
      reply = await runIndexJob(job, () => cancelled);
    } else {
      const w = (worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { midadSearchJob: job } }));
      job = undefined;
      try {
        reply = await new Promise<IndexReply>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
          w.once('exit', (code) => reject(new Error(`the search indexer stopped (exit code ${code})`)));
        });
      } finally {
        await w.terminate();
      }
    }
    job = undefined;
    if (reply.type === 'error') throw reply.message === DAMAGED_BODY ? new DamagedCacheError('bodies.pack') : new Error(reply.message);
    if (reply.type === 'cancelled') throw new Error('the build failed');
    for (const [i, s] of reply.shards.entries()) for (const f of s.files.filter((f) => UNUSED_BUNDLE_FILE.test(f))) await rm(path.join(dirs[i]!, f), { force: true });
  })();
  // Failures surface in files(); a build that fails first never asks.
  done.catch(() => undefined);
  let busy = true;
  void done.finally(() => (busy = false)).catch(() => undefined);
  return {
    done,
    get busy() {
      return busy;
    },
    async cancel() {
      cancelled = true;
      worker?.postMessage({ type: 'cancel' });
      await done.catch(() => undefined);
    },
  };
}

async function saveRecord(file: string, record: SearchRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, JSON.stringify(record));
  await rename(temp, file);
}

/** Forgets what the bundles hold (a build was interrupted between its commit and this record): the next makes them afresh. */
export async function forgetSearchRecord(cacheDir: string): Promise<void> {
  await rm(path.join(cacheDir, RECORD), { force: true });
}

/** Marks shards of the record on disk as damaged: the next build makes them again, alone. */
async function markDamaged(file: string, ids: string[]): Promise<void> {
  const rec = JSON.parse(await readFile(file, 'utf8')) as { shards?: Array<{ id?: string; key?: string }> };
  for (const s of rec.shards ?? []) if (s.id && ids.includes(s.id)) delete s.key;
  await saveRecord(file, rec as SearchRecord);
}

/** Shard bundles in the cache that the record does not name (replaced, emptied, or left by a failed build). */
async function removeUnusedBundles(cacheDir: string, shards: ShardRecord[]): Promise<void> {
  const used = new Set(shards.map((s) => path.basename(bundleDir(cacheDir, s))));
  const dir = path.join(cacheDir, SHARD_BUNDLES);
  for (const name of await readdir(dir).catch(() => [] as string[])) if (!used.has(name)) await rm(path.join(dir, name), { recursive: true, force: true });
}

/** Scratch folders a killed build left in the out folder (only midad makes them). */
async function removeOldScratch(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const n of names) if (n.startsWith(SCRATCH_PREFIX)) await rm(path.join(outDir, n), { recursive: true, force: true });
}

function hash(...parts: string[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}
