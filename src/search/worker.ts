// The search indexing job (issue 6): makes each article's search document (reading its body
// from the body pack itself), sends it to Pagefind, then has Pagefind write the bundle into the
// scratch folder. A large job runs in a thread of its own, so the main thread renders pages
// meanwhile and Pagefind, a separate process, indexes on the other core; a small one (a delta)
// runs in the main thread, sparing the thread's start.
//
//   main → worker   workerData: { midadSearchJob: IndexJob };  { type: 'cancel' }
//   worker → main   IndexReply: { type: 'done', files, ids } | { type: 'error', message } | { type: 'cancelled' }

import { killPoint } from '../faults.js';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { DAMAGED_BODY } from '../cache/damaged.js';
import { parentPort, workerData } from 'node:worker_threads';
import { documentOf, type DocSpec } from './index.js';
import { startPagefind, type PagefindRun } from './pagefind.js';

/** What the main thread asks for. */
export interface IndexJob {
  /** ISO 639-1 code the index is built for. */
  language: string;
  siteLanguage: string;
  bodyWords: number;
  docs: DocSpec[];
  /** The scratch folder Pagefind writes the bundle into. */
  dir: string;
}

export type IndexReply =
  | { type: 'done'; files: string[]; ids: string[] }
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
  try {
    pagefind = await startPagefind(job.language);
    for (const spec of job.docs) {
      if (cancelled()) return { type: 'cancelled' };
      await pagefind.add({ url: spec.url, content: documentOf(job.siteLanguage, spec, read(spec), job.bodyWords) });
      killPoint('index');
    }
    if (cancelled()) return { type: 'cancelled' };
    const { files, ids } = await pagefind.write(job.dir);
    return { type: 'done', files, ids };
  } catch (err) {
    return { type: 'error', message: err instanceof Error ? err.message : String(err) };
  } finally {
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
