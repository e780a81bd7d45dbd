// Parses article files on worker threads, one per core: parsing (YAML with positions,
// validation, markdown-it) is most of a cold build's first half, and one thread left the other
// cores idle. Batches go to whichever thread is free; outcomes are handed back as they come.

import { Worker } from 'node:worker_threads';
import type { Site } from '../model.js';
import type { SiteTrust } from './article.js';
import type { ParseJob, ParseOutcome } from './parse-file.js';

/** Files per message: enough to make a message's cost small, few enough to keep threads even. */
const BATCH = 32;

/** Below this many files a thread's start (loading markdown-it and yaml) costs more than it saves. */
export const THREADED_PARSE_MIN = 200;


export async function parseInThreads(
  jobs: ParseJob[], site: Site, trust: SiteTrust | undefined, threads: number, onOutcome: (o: ParseOutcome) => void,
): Promise<void> {
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: Math.min(threads, Math.ceil(jobs.length / BATCH)) }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./parse-worker.js', import.meta.url), { workerData: { midadParse: { site, trust } } });
      workers.push(worker);
      let busy = false;
      const send = (): void => {
        if (next >= jobs.length) {
          busy = false;
          resolve();
          return;
        }
        const batch = jobs.slice(next, next + BATCH);
        next += batch.length;
        busy = true;
        worker.postMessage(batch);
      };
      worker.on('message', (outcomes: ParseOutcome[]) => {
        for (const o of outcomes) onOutcome(o);
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (busy) reject(new Error(`midad: a parse thread stopped (exit code ${code})`));
      });
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
