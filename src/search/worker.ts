// The search indexing job: for each shard to make, one after the other, makes each article's
// search document (reading its body from the body pack itself), sends it to a Pagefind index of
// its own, has Pagefind write the shard's bundle into its folder (its fragments then packed into
// one file: fragment-pack.ts) and drops the index before the next shard begins, so that
// Pagefind holds one shard at a time. A large job runs in a thread of its own, so the main
// thread renders pages meanwhile and Pagefind, a separate process, indexes on the other core; a
// small one (an edit) runs in the main thread, sparing the thread's start.
//
//   main → worker   workerData: { midadSearchJob: IndexJob };  { type: 'cancel' }
//   worker → main   IndexReply: { type: 'done', shards } | { type: 'error', message } | { type: 'cancelled' }

import { killPoint } from '../faults.js';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { DAMAGED_BODY } from '../cache/damaged.js';
import { parentPort, workerData } from 'node:worker_threads';
import { documentOf, type DocSpec } from './index.js';
import { packFragments } from './fragment-pack.js';
import { startPagefind, type PagefindRun } from './pagefind.js';

/** What the main thread asks for. */
export interface IndexJob {
  /** ISO 639-1 code the index is built for. */
  language: string;
  siteLanguage: string;
  shards: Array<{
    docs: DocSpec[];
    /** The folder Pagefind writes the shard's bundle into. */
    dir: string;
  }>;
  /**
   * Whether Pagefind's process is ended after each shard (the memory it held goes with it). In
   * a thread of its own, yes; in the main thread the process is shared with other builds.
   */
  restart: boolean;
}

export type IndexReply =
  | { type: 'done'; shards: Array<{ files: string[]; ids: string[] }> }
  | { type: 'error'; message: string }
  | { type: 'cancelled' };

/** Runs a job; `cancelled` is asked between documents. */
export async function runIndexJob(job: IndexJob, cancelled: () => boolean): Promise<IndexReply> {
  const packs = new Map<string, number>();
  const read = (spec: DocSpec): string => {
    if ('html' in spec.body) return spec.body.html;
    let fd = packs.get(spec.body.file);
    if (fd === undefined) packs.set(spec.body.file, (fd = openSync(spec.body.file, 'r')));
    const buf = Buffer.allocUnsafe(spec.body.length);
    readSync(fd, buf, 0, spec.body.length, spec.body.offset);
    if (createHash('sha1').update(buf).digest('hex') !== spec.body.hash) throw new Error(DAMAGED_BODY);
    return buf.toString('utf8');
  };
  let pagefind: PagefindRun | undefined;
  // Each shard's fragments are packed while Pagefind indexes the next.
  const packing: Array<Promise<void>> = [];
  try {
    const shards: Array<{ files: string[]; ids: string[] }> = [];
    for (const shard of job.shards) {
      pagefind = await startPagefind(job.language);
      for (const spec of shard.docs) {
        if (cancelled()) return { type: 'cancelled' };
        await pagefind.add({ url: spec.url, content: documentOf(job.siteLanguage, spec, read(spec)) });
        killPoint('index');
      }
      if (cancelled()) return { type: 'cancelled' };
      // Pagefind has them: the shard's documents go, so the job never holds the archive's whole.
      shard.docs = [];
      // write() drops the index, whether it succeeds or not.
      shards.push(await pagefind.write(shard.dir));
      pagefind = undefined;
      const packed = packFragments(shard.dir);
      packed.catch(() => undefined);
      packing.push(packed);
      if (job.restart) await import('pagefind').then((p) => p.close()).catch(() => undefined);
    }
    await Promise.all(packing);
    return { type: 'done', shards };
  } catch (err) {
    return { type: 'error', message: err instanceof Error ? err.message : String(err) };
  } finally {
    await Promise.allSettled(packing);
    await pagefind?.close();
    for (const fd of packs.values()) closeSync(fd);
  }
}

const data = workerData as { midadSearchJob?: IndexJob } | null;
if (parentPort && data?.midadSearchJob) {
  const port = parentPort;
  const job = data.midadSearchJob;
  let cancelled = false;
  port.on('message', (m: { type: string }) => {
    if (m.type === 'cancel') cancelled = true;
  });
  void runIndexJob(job, () => cancelled).then(async (reply) => {
    // This thread's Pagefind process goes with it.
    await import('pagefind').then((p) => p.close()).catch(() => undefined);
    port.postMessage(reply);
  });
}
