// The search shards of one build: plans them (shards.ts) from what the previous build recorded,
// keeps each shard whose documents are the same, and starts Pagefind at once on the others, one
// shard at a time, so it indexes, and writes their bundles into a scratch folder, while midad
// renders pages; then hands the bundle files to the output writer, which moves them into place
// at commit (or drops them on abort). What the shards hold is recorded only after the writer
// committed them. A shard's old files that are not made again are removed by the writer (they
// are in no output of this build), so an article that left the site leaves no word behind.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { msg, type Message } from '../messages/index.js';
import { Worker } from 'node:worker_threads';
import { DAMAGED_BODY, DamagedCacheError } from '../cache/damaged.js';
import type { OutputFile } from '../model.js';
import type { OutputWriter } from '../output/write.js';
import { PAGEFIND_DIR, SHARDS_MANIFEST, UNUSED_BUNDLE_FILE, type SearchDoc, type SearchSource } from './index.js';
import { parseRecord, type ReadRecord, type SearchRecord, type ShardRecord } from './plan.js';
import { planShards, shardWords, type PlannedShard } from './shards.js';
import { runIndexJob, type IndexJob, type IndexReply } from './worker.js';

/** The writer, as far as the search bundles use it. */
export type BundleWriter = Pick<OutputWriter, 'outDir' | 'keepAllIfSame' | 'scratchDir'>;

export interface SearchBundleOptions {
  /** midad's cache folder (ROOT/.midad-cache): the record of what the shards hold. */
  cacheDir: string;
  /** Ignore the record (`--clean`): make every shard again. */
  clean: boolean;
  /** The record, when the caller read it already (readSearchRecord). */
  record?: ReadRecord | undefined;
  /** Words a shard holds at most (default: shardWords()). */
  shardWords?: number;
}

/** A file for the writer: bytes, or a file Pagefind wrote into the scratch folder (`inputKey`: the shard's key). */
export type BundleFile = OutputFile<{ bytes: string } | { moveFrom: string; hash: string }>;

export interface SearchBuild {
  /** What this build does with the shards, in a few words (for --verbose). */
  readonly summary: Message;
  /** Whether Pagefind is still indexing or writing (the build holds its render threads back meanwhile). */
  readonly indexing: boolean;
  /** Waits for indexing; the files to add to the writer (kept files are not listed). Rejects when Pagefind fails. */
  files(): Promise<BundleFile[]>;
  /** After the writer committed: records what the shards hold. */
  save(): Promise<void>;
  /** The build failed: drops the index in Pagefind. */
  abandon(): Promise<void>;
}

const RECORD = 'search-shards.json';
const SCRATCH_PREFIX = '.midad-search-';

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
  const kept: ShardRecord[] = [];
  const make: Array<PlannedShard<SearchDoc> & { key: string }> = [];
  for (const shard of planned) {
    const key = hash(source.config, shard.id, ...shard.docs.flatMap((d) => [d.url, d.key]));
    const old = before.get(shard.id);
    if (old && !('damaged' in old) && old.key === key && await writer.keepAllIfSame(old.files, key)) kept.push(old);
    else make.push({ ...shard, key });
  }
  await removeOldScratch(writer.outDir);
  const indexing = make.length ? index(source, make, writer) : undefined;
  const gone = [...before.keys()].filter((id) => !planned.some((s) => s.id === id)).length;
  let record: SearchRecord | undefined;
  const why = opts.clean ? 'clean' : !read ? 'none' : !prev ? 'changed' : undefined;
  return {
    summary: msg('search-summary', { shards: planned.length, articles: source.docs.length, made: make.length, kept: kept.length, gone, why }),
    get indexing() {
      return indexing?.busy ?? false;
    },
    async files() {
      const made = indexing ? await indexing.done : [];
      const out: BundleFile[] = [];
      const shards = new Map<string, ShardRecord>(kept.map((s) => [s.id, s]));
      make.forEach((shard, i) => {
        const files = made[i]!.map((f) => ({ path: `${PAGEFIND_DIR}/${shard.id}/${f.rel}`, moveFrom: f.abs, hash: `${shard.key}:${f.rel}`, inputKey: shard.key }));
        out.push(...files);
        shards.set(shard.id, { id: shard.id, start: shard.start, key: shard.key, files: files.map((f) => f.path), docs: shard.docs.map((d): [string, string] => [d.url, d.key]) });
      });
      const ordered = planned.map((s) => shards.get(s.id)!);
      record = { version: 3, config: source.config, shards: ordered };
      out.push(shardsManifest(ordered));
      return out;
    },
    save: () => (record ? saveRecord(recordFile, record) : Promise.resolve()),
    abandon: async () => indexing?.cancel(),
  };
}

/** What the previous build's shards hold, from the cache folder (undefined: nothing readable). */
export async function readSearchRecord(cacheDir: string): Promise<ReadRecord | undefined> {
  return parseRecord(await readFile(path.join(cacheDir, RECORD), 'utf8').catch(() => ''));
}

interface Indexing {
  /** Each shard's bundle as Pagefind wrote it into the scratch folder (files outside Pagefind's UIs), in job order. */
  done: Promise<Array<Array<{ rel: string; abs: string }>>>;
  /** True until `done` settles. */
  readonly busy: boolean;
  /** Stops indexing and waits until Pagefind no longer writes (the build failed). */
  cancel(): Promise<void>;
}

/** Jobs of at least this many documents run in a thread of their own (an edit's shard alone, rarely). */
const THREAD_MIN_DOCS = 250;

/**
 * Indexes the shards (src/search/worker.ts), one after the other: makes the documents, sends
 * them to Pagefind and has it write each shard's bundle into a scratch folder of the staging
 * folder (beside the output), in the background. A large job runs in a thread of its own, so the main thread only
 * hands over the documents' metadata and their bodies' places. The bundles are ready when the
 * pages are, and are moved into place (or dropped) with them.
 */
function index(source: SearchSource, shards: Array<PlannedShard<SearchDoc>>, writer: BundleWriter): Indexing {
  let cancelled = false;
  let worker: Worker | undefined;
  const done = (async () => {
    const scratch = await writer.scratchDir(`${SCRATCH_PREFIX}${process.pid}`);
    const dirs = shards.map((s) => path.join(scratch, s.id));
    for (const dir of dirs) await mkdir(dir, { recursive: true });
    if (cancelled) throw new Error('the build failed');
    const total = shards.reduce((n, s) => n + s.docs.length, 0);
    const threaded = total >= THREAD_MIN_DOCS;
    const job: IndexJob = {
      language: source.language,
      siteLanguage: source.siteLanguage,
      shards: shards.map((s, i) => ({ docs: s.docs.map((d) => d.spec()), dir: dirs[i]! })),
      restart: threaded,
    };
    let reply: IndexReply;
    if (!threaded) {
      reply = await runIndexJob(job, () => cancelled);
    } else {
      const w = (worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { midadSearchJob: job } }));
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
    if (reply.type === 'error') throw reply.message === DAMAGED_BODY ? new DamagedCacheError('bodies.pack') : new Error(reply.message);
    if (reply.type === 'cancelled') throw new Error('the build failed');
    return reply.shards.map((s, i) => s.files.filter((f) => !UNUSED_BUNDLE_FILE.test(f)).map((rel) => ({ rel, abs: path.join(dirs[i]!, ...rel.split('/')) })));
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

/**
 * What the browser reads first: each shard's folder and how many pages it indexes (to bring the
 * shards' scores to one scale), in publication order.
 */
function shardsManifest(shards: ShardRecord[]): BundleFile {
  const list = shards.map((s) => ({ id: s.id, pages: s.docs.length }));
  return { path: SHARDS_MANIFEST, bytes: `${JSON.stringify({ version: 1, shards: list })}\n` };
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

/** Scratch folders a killed build left in the out folder (only midad makes them). */
async function removeOldScratch(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const n of names) if (n.startsWith(SCRATCH_PREFIX)) await rm(path.join(outDir, n), { recursive: true, force: true });
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function hash(...parts: string[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}
