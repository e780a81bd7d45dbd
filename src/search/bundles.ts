// The search bundles of one build (issue 6): decides, from what the previous build recorded,
// whether the base bundle is kept (with a small delta of the articles added or changed since
// it was made) or made again; starts Pagefind at once, so it indexes, and writes its bundle into
// a scratch folder, while midad renders pages; and hands the bundle files to the output writer,
// which moves them into place at commit (or drops them on abort). What the bundles hold is
// recorded only after the writer committed them.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DAMAGED_BODY, DamagedCacheError } from '../cache/damaged.js';
import type { OutputContent, OutputWriter } from '../output/write.js';
import { DELTA_DIR, DELTA_MANIFEST, PAGEFIND_DIR, UNUSED_BUNDLE_FILE, type SearchDoc, type SearchSource } from './index.js';
import { fragmentUrl, scanFragments } from './pagefind.js';
import { deltaLimit, parseRecord, planSearch, type BaseDoc, type SearchPlan, type SearchRecord } from './plan.js';
import { runIndexJob, type IndexJob, type IndexReply } from './worker.js';

/** The writer, as far as the search bundles use it. */
export type BundleWriter = Pick<OutputWriter, 'outDir' | 'keepAllIfSame' | 'scratchDir'>;

export interface SearchBundleOptions {
  /** midad's cache folder (ROOT/.midad-cache): the record of what the bundles hold. */
  cacheDir: string;
  /** Ignore the record (`--clean`): make the base again. */
  clean: boolean;
  /** The record, when the caller read it already (readSearchRecord). */
  record?: SearchRecord | undefined;
  /** Documents the delta may hold before the base is made again (default: deltaLimit). */
  deltaMax?: number;
}

/** A file for the writer: bytes, or a file Pagefind wrote into the scratch folder. */
export interface BundleFile {
  path: string;
  content: OutputContent;
  /** For the writer's manifest: the bundle's key (what it was made from). */
  inputKey?: string;
}

export interface SearchBuild {
  /** What this build does with the bundles, in a few words (for --verbose). */
  readonly summary: string;
  /** Whether Pagefind is still indexing or writing (the build holds its render threads back meanwhile). */
  readonly indexing: boolean;
  /** Waits for indexing; the files to add to the writer (kept files are not listed). Rejects when Pagefind fails. */
  files(): Promise<BundleFile[]>;
  /** After the writer committed: records what the bundles hold. */
  save(): Promise<void>;
  /** The build failed: drops the index in Pagefind. */
  abandon(): Promise<void>;
}

const RECORD = 'search-index.json';
const SCRATCH_PREFIX = '.midad-search-';

/**
 * Plans the bundles and starts indexing in the background. The documents' contents are made
 * (bodies read from the body store) while the caller renders pages.
 */
export async function startSearchBuild(source: SearchSource, writer: BundleWriter, opts: SearchBundleOptions): Promise<SearchBuild> {
  const recordFile = path.join(opts.cacheDir, RECORD);
  const prev = opts.clean ? undefined : 'record' in opts ? opts.record : await readSearchRecord(opts.cacheDir);
  const keys = new Map<string, string>();
  for (const d of source.docs) keys.set(d.url, d.key);
  let plan: SearchPlan = planSearch(prev, source.config, keys, deltaLimit(keys.size, opts.deltaMax ?? envLimit()), opts.clean);
  // The base is kept whole or made again whole.
  if (plan.kind === 'delta' && !(await writer.keepAllIfSame(prev!.base.files, prev!.base.key))) plan = { kind: 'base', reason: 'base-missing' };
  await removeOldScratch(writer.outDir);

  if (plan.kind === 'base') return baseBuild(source, writer, plan, recordFile);
  return deltaBuild(source, writer, plan, prev!, recordFile);
}

/** What the previous build's bundles hold, from the cache folder (undefined: nothing recorded). */
export async function readSearchRecord(cacheDir: string): Promise<SearchRecord | undefined> {
  return parseRecord(await readFile(path.join(cacheDir, RECORD), 'utf8').catch(() => ''));
}

/** The cap the current index was made with (undefined: no index, or one that did not say). */
export function previousBodyWords(prev: SearchRecord | undefined): number | undefined {
  if (prev?.bodyWords === undefined) return undefined;
  return prev.bodyWords === null ? Infinity : prev.bodyWords;
}

const wordsOf = (source: SearchSource): number | null => (Number.isFinite(source.bodyWords) ? source.bodyWords : null);

/** MIDAD_SEARCH_DELTA_MAX: an internal switch (tests) for the delta's size limit. */
function envLimit(): number | undefined {
  const v = process.env.MIDAD_SEARCH_DELTA_MAX;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The whole index made again: every document, then the base bundle; the delta dropped. */
async function baseBuild(source: SearchSource, writer: BundleWriter, plan: Extract<SearchPlan, { kind: 'base' }>, recordFile: string): Promise<SearchBuild> {
  const key = hash(source.config, ...source.docs.flatMap((d) => [d.url, d.key]));
  const indexing = source.docs.length ? index(source, source.docs, writer, 'base') : undefined;
  let record: SearchRecord | undefined;
  const words = Number.isFinite(source.bodyWords) ? `, the first ${source.bodyWords} words of each body` : '';
  return {
    summary: `index made anew (${count(source.docs.length, 'article')}${words}; ${REASONS[plan.reason]})`,
    get indexing() {
      return indexing?.busy ?? false;
    },
    async files() {
      const manifest = deltaManifest(false, [], { base: source.docs.length, delta: 0 });
      if (!indexing) return [manifest];
      const { files, ids } = await indexing.done;
      const docs: BaseDoc[] = source.docs.map((d, i) => [d.url, d.key, ids[i]!]);
      const bundle = bundleFiles(files, PAGEFIND_DIR, key);
      record = { version: 2, config: source.config, bodyWords: wordsOf(source), base: { key, files: bundle.map((f) => f.path), docs } };
      return [...bundle, manifest];
    },
    save: () => (record ? saveRecord(recordFile, record) : Promise.resolve()),
    abandon: async () => indexing?.cancel(),
  };
}

/**
 * The base kept; the delta holds the documents added or changed since it was made, and names
 * the base pages they supersede. Kept as it is when it would hold the same.
 */
async function deltaBuild(source: SearchSource, writer: BundleWriter, plan: Extract<SearchPlan, { kind: 'delta' }>, prev: SearchRecord, recordFile: string): Promise<SearchBuild> {
  const add = new Set(plan.add);
  const docs = source.docs.filter((d) => add.has(d.url));
  const key = hash(source.config, prev.base.key, ...docs.flatMap((d) => [d.url, d.key]), '\0', ...plan.superseded);
  const base = prev.base;
  // Nothing changed since the last build: the delta (or its absence) stays as it is.
  const unchanged = prev.delta
    ? prev.delta.key === key && (prev.delta.files.length === 0 || await writer.keepAllIfSame(prev.delta.files, key))
    : docs.length === 0 && plan.superseded.length === 0;
  if (unchanged) {
    const manifest = deltaManifest((prev.delta?.files.length ?? 0) > 0, prev.delta?.superseded ?? [], { base: base.docs.length, delta: prev.delta?.docs.length ?? 0 });
    return {
      summary: prev.delta ? `unchanged (a delta of ${count(prev.delta.docs.length, 'article')} over the base)` : 'unchanged',
      indexing: false,
      files: async () => [manifest],
      save: async () => undefined,
      abandon: async () => undefined,
    };
  }
  const indexing = docs.length ? index(source, docs, writer, 'delta') : undefined;
  let record: SearchRecord | undefined;
  const removed = plan.superseded.filter((u) => !add.has(u)).length;
  return {
    summary: `base kept; delta of ${count(docs.length, 'article')} added or changed${removed ? `, ${removed} removed` : ''}`,
    get indexing() {
      return indexing?.busy ?? false;
    },
    async files() {
      const { ids, docs: baseDocs } = await supersededIds(writer.outDir, base.docs, plan.superseded);
      const out = indexing ? await indexing.done : undefined;
      const bundle = out ? bundleFiles(out.files, DELTA_DIR, key) : [];
      record = {
        version: 2,
        config: source.config,
        bodyWords: wordsOf(source),
        base: { ...base, docs: baseDocs },
        ...(bundle.length || ids.length ? { delta: { key, files: bundle.map((f) => f.path), docs: docs.map((d): [string, string] => [d.url, d.key]), superseded: ids } } : {}),
      };
      return [...bundle, deltaManifest(bundle.length > 0, ids, { base: base.docs.length, delta: bundle.length ? docs.length : 0 })];
    },
    save: () => (record ? saveRecord(recordFile, record) : Promise.resolve()),
    abandon: async () => indexing?.cancel(),
  };
}

interface Indexing {
  /** The bundle Pagefind wrote into the scratch folder (files outside Pagefind's UIs) and the page id of each document. */
  done: Promise<{ files: Array<{ rel: string; abs: string }>; ids: string[] }>;
  /** True until `done` settles. */
  readonly busy: boolean;
  /** Stops indexing and waits until Pagefind no longer writes (the build failed). */
  cancel(): Promise<void>;
}

/** Jobs of at least this many documents run in a thread of their own (a delta never does). */
const THREAD_MIN_DOCS = 250;

/**
 * Indexes `docs` (src/search/worker.ts): makes the documents, sends them to Pagefind and has it
 * write the bundle into a scratch folder of the staging folder (`name` under it), in the
 * background. A large job runs in a thread of its own, so the main thread only hands over the
 * documents' metadata and their bodies' places. The bundle is ready when the pages are, and is
 * moved into place (or dropped) with them.
 */
function index(source: SearchSource, docs: SearchDoc[], writer: BundleWriter, name: string): Indexing {
  let cancelled = false;
  let worker: Worker | undefined;
  const done = (async () => {
    const dir = path.join(await writer.scratchDir(`${SCRATCH_PREFIX}${process.pid}`), name);
    await mkdir(dir, { recursive: true });
    if (cancelled) throw new Error('the build failed');
    const job: IndexJob = { language: source.language, siteLanguage: source.siteLanguage, bodyWords: source.bodyWords, docs: docs.map((d) => d.spec()), dir };
    let reply: IndexReply;
    if (docs.length < THREAD_MIN_DOCS) {
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
    return { files: reply.files.filter((f) => !UNUSED_BUNDLE_FILE.test(f)).map((rel) => ({ rel, abs: path.join(dir, ...rel.split('/')) })), ids: reply.ids };
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

function bundleFiles(files: Array<{ rel: string; abs: string }>, folder: string, key: string): BundleFile[] {
  return files.map((f) => ({ path: `${folder}/${f.rel}`, content: { moveFrom: f.abs, hash: `${key}:${f.rel}` }, inputKey: key }));
}

/**
 * What the browser reads first: whether there is a delta bundle, the base pages it supersedes,
 * and how many pages each bundle indexes (to bring the two bundles' scores to one scale).
 */
function deltaManifest(bundle: boolean, superseded: string[], pages: { base: number; delta: number }): BundleFile {
  return { path: DELTA_MANIFEST, content: { bytes: `${JSON.stringify({ version: 1, bundle, superseded, pages })}\n` } };
}

/**
 * The base page ids of superseded URLs, each checked against its fragment in the out folder (the
 * ids were read from Pagefind's metadata when the base was made). Should one not match, every
 * fragment is read and the ids of the whole base corrected.
 */
async function supersededIds(outDir: string, docs: BaseDoc[], urls: string[]): Promise<{ ids: string[]; docs: BaseDoc[] }> {
  if (urls.length === 0) return { ids: [], docs };
  const byUrl = new Map(docs.map((d) => [d[0], d[2]]));
  const bundleDir = path.join(outDir, PAGEFIND_DIR);
  const wanted = urls.map((u) => byUrl.get(u) ?? '');
  const found = await Promise.all(wanted.map((id) => (id ? fragmentUrl(path.join(bundleDir, 'fragment', `${id}.pf_fragment`)) : undefined)));
  if (found.every((u, i) => u === urls[i])) return { ids: wanted, docs };
  const scanned = await scanFragments(bundleDir);
  const fixed: BaseDoc[] = docs.map(([u, k, id]) => [u, k, scanned.get(u) ?? id]);
  const fixedIds = urls.map((u) => scanned.get(u)).filter((id): id is string => id !== undefined);
  return { ids: fixedIds, docs: fixed };
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

const REASONS: Record<Extract<SearchPlan, { kind: 'base' }>['reason'], string> = {
  'no-record': 'no earlier index',
  'base-missing': 'the earlier index is not in the output folder',
  clean: '--clean',
  config: 'documents are made differently',
  'delta-full': 'the delta would pass its limit',
  removed: 'an article left the site, and its text with it',
};

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function hash(...parts: string[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}
