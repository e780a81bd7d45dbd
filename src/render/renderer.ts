// Pages → files, behind one interface: rendered in this thread, or, for a large build, on
// render threads that also stage each page as the writer would. The build picks one, once.
// Both render with renderTemplate, so a page gives the same bytes and the same errors either way.

import type { Diagnostic } from '../diagnostics.js';
import type { OutputFile } from '../model.js';
import type { OutputWriter } from '../output/write.js';
import { RenderPool } from './render-pool.js';
import type { SharedData } from './shared-data.js';
import { renderTemplate, type TemplateSet } from './templates.js';

/** One page to render. */
export interface PageJob {
  /** Output path, relative to the out folder. */
  out: string;
  template: string;
  /** What the template sees besides the shared data. */
  data: Record<string, unknown>;
  /** What the page is made from, for the manifest. */
  inputKey?: string;
}

/** A page rendered (already staged when a thread rendered it), or its template's error. */
export type Rendered = { file: OutputFile } | { error: Diagnostic };

/** Where rendered pages go: the build counts them and hands the files to the writer. */
export type RenderSink = (r: Rendered) => Promise<void> | void;

export interface PageRenderer {
  /**
   * Renders one page, or queues it for a thread (waiting while every thread has enough to do);
   * the result goes to the sink. One broken template would fail every page that uses it: after
   * its first error, its pages are skipped.
   */
  render(job: PageJob): Promise<void>;
  /** Waits for every page queued, stops the threads. Throws when a thread failed. */
  finish(): Promise<void>;
  /** Render threads started (0: every page was rendered in this thread). */
  readonly threads: number;
}

/** Renders every page in this thread. */
export function inThreadRenderer(templates: TemplateSet, root: string, shared: SharedData, sink: RenderSink): PageRenderer {
  const renderHere = hereRenderer(templates, root, shared, new Set(), sink);
  return { threads: 0, render: renderHere, finish: async () => undefined };
}

export interface ThreadedRendererOptions {
  templates: TemplateSet;
  root: string;
  shared: SharedData;
  /** Threads worth running now; 0 while every other core is busy (Pagefind indexing), when pages are rendered here. */
  threadsNow: () => number;
  /** Where a thread stages each page (the writer's). */
  stagingFor: OutputWriter['stagingFor'];
  sink: RenderSink;
}

/**
 * Renders on threads, started as cores are free and kept once started; the threads stage the
 * pages and the sink receives them staged. Until a thread can start, pages are rendered here.
 */
export function threadedRenderer(opts: ThreadedRendererOptions): PageRenderer {
  const failed = new Set<string>();
  const renderHere = hereRenderer(opts.templates, opts.root, opts.shared, failed, opts.sink);
  /** Input keys of the pages out in the threads. */
  const inputKeys = new Map<string, string>();
  let pool: RenderPool | undefined;
  let failure: unknown;
  const take = (r: Rendered): void => {
    // The sink stages nothing for a file a thread staged: it returns at once.
    void Promise.resolve(opts.sink(r)).catch((err: unknown) => (failure ??= err));
  };
  const startPool = (threads: number): RenderPool => new RenderPool(opts.root, opts.shared, threads, (o) => {
    if ('error' in o) {
      failed.add(o.template);
      take({ error: o.error });
    } else if ('hash' in o) {
      take({ file: { path: o.out, staged: o.staged.temp, hash: o.hash, ...optionalKey(inputKeys.get(o.out)) } });
    }
    inputKeys.delete(o.out);
  });
  return {
    get threads() {
      return pool?.threads ?? 0;
    },
    async render(job) {
      if (failure) throw failure;
      if (failed.has(job.template)) return;
      const threads = opts.threadsNow();
      if (!pool && threads === 0) return renderHere(job);
      pool ??= startPool(threads);
      pool.grow(threads);
      if (job.inputKey !== undefined) inputKeys.set(job.out, job.inputKey);
      await pool.add({ out: job.out, template: job.template, data: job.data, ...opts.stagingFor(job.out) });
    },
    async finish() {
      await pool?.finish();
      if (failure) throw failure;
    },
  };
}

/** Renders a page in this thread; `failed` holds the templates that failed. */
function hereRenderer(templates: TemplateSet, root: string, shared: SharedData, failed: Set<string>, sink: RenderSink): (job: PageJob) => Promise<void> {
  return async (job) => {
    if (failed.has(job.template)) return;
    const r = renderTemplate(templates, root, job.template, { ...shared, ...job.data });
    if ('error' in r) {
      failed.add(job.template);
      return sink(r);
    }
    // Encoded once, for both the manifest's hash and the file.
    return sink({ file: { path: job.out, bytes: Buffer.from(r.html), ...optionalKey(job.inputKey) } });
  };
}

const optionalKey = (inputKey: string | undefined): { inputKey?: string } => (inputKey === undefined ? {} : { inputKey });
