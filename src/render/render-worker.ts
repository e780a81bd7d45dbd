// A render thread: renders batches of pages with the site's templates and stages
// each one in the staging folder, as the output writer would, so that a large build renders and
// writes on every core. The main thread keeps what needs the whole site (page data, input
// keys, the manifest) and records what comes back.
//
//   main → worker   workerData: { midadRender: { root, common } }; then RenderJob[] batches
//   worker → main   RenderOutcome[] per batch, in the batch's order

import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import { hashOf, stageBytes, type StagedBytes } from '../output/write.js';
import { createTemplates, renderTemplate } from './templates.js';

export interface RenderJob {
  /** Output path, relative to the out folder. */
  out: string;
  template: string;
  /** What the template sees besides the data every page shares. */
  data: Record<string, unknown>;
  /** Where it goes, and what the previous build left there (OutputWriter.stagingFor). */
  target: string;
  /** Its staged file. */
  temp: string;
  previousHash: string | undefined;
  mayExist: boolean;
}

export type RenderOutcome =
  | { out: string; hash: string; staged: StagedBytes }
  | { out: string; template: string; error: Diagnostic }
  /** Not rendered: its template already failed in this thread. */
  | { out: string; skipped: true }
  /** Staging failed: the error, with its file-system code (a full disk) so the build can say so plainly. */
  | { out: string; failure: string; code?: string; syscall?: string; path?: string };

const data = workerData as { midadRender?: { root: string; common: Record<string, unknown> } } | null;
if (parentPort && data?.midadRender) {
  const port = parentPort;
  const { root, common } = data.midadRender;
  const templates = createTemplates(root);
  const failed = new Set<string>();
  const renderOne = async (job: RenderJob): Promise<RenderOutcome> => {
    if (failed.has(job.template)) return { out: job.out, skipped: true };
    const r = renderTemplate(templates, root, job.template, { ...common, ...job.data });
    if ('error' in r) {
      // One broken template would fail every page that uses it: reported once per thread.
      failed.add(job.template);
      return { out: job.out, template: job.template, error: r.error };
    }
    // Encoded once, for both the hash and the file.
    const bytes = Buffer.from(r.html);
    const hash = hashOf(bytes);
    try {
      return { out: job.out, hash, staged: await stageBytes(job.target, job.temp, hash, bytes, job.previousHash, job.mayExist) };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { out: job.out, failure: e instanceof Error ? e.message : String(e), ...(e?.code ? { code: e.code, syscall: e.syscall ?? 'write', path: e.path ?? job.temp } : {}) };
    }
  };
  port.on('message', (jobs: RenderJob[]) => {
    void Promise.all(jobs.map(renderOne)).then((outcomes) => port.postMessage(outcomes));
  });
}
