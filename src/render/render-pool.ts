// Render threads for a large build: pages go out in batches to whichever thread has
// the least work queued, and come back as outcomes, handed to the build as they arrive. At most
// a few batches wait per thread, so page data never piles up in memory.

import { Worker } from 'node:worker_threads';
import type { RenderJob, RenderOutcome } from './render-worker.js';

/** Pages per message. */
const BATCH = 16;
/** Batches queued per thread before add() waits. */
const QUEUED_PER_THREAD = 3;

/** Pages to render from which a build renders on threads: an edit or a small site never pays for their start. */
export const RENDER_THREADS_AFTER = 200;


export class RenderPool {
  private readonly workers: Array<{ worker: Worker; queued: number }> = [];
  private batch: RenderJob[] = [];
  private failure: Error | undefined;
  private waiting: Array<() => void> = [];

  constructor(private readonly root: string, private readonly common: Record<string, unknown>, threads: number, private readonly onOutcome: (o: RenderOutcome) => void) {
    this.grow(threads);
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Starts threads until there are `threads`. */
  grow(threads: number): void {
    const { root, common } = this;
    while (this.workers.length < threads) {
      const worker = new Worker(new URL('./render-worker.js', import.meta.url), { workerData: { midadRender: { root, common } } });
      const slot = { worker, queued: 0 };
      worker.on('message', (outcomes: RenderOutcome[]) => {
        slot.queued--;
        for (const o of outcomes) {
          if ('failure' in o) this.failure ??= Object.assign(new Error(o.failure), o.code ? { code: o.code, syscall: o.syscall, path: o.path } : {});
          else this.onOutcome(o);
        }
        this.wake();
      });
      worker.on('error', (err) => {
        this.failure ??= err;
        slot.queued = 0;
        this.wake();
      });
      // A thread that ends with pages still out (killed, out of memory) fails the build, never hangs it.
      worker.on('exit', (code) => {
        if (slot.queued === 0) return;
        this.failure ??= new Error(`midad: a render thread stopped (exit code ${code})`);
        slot.queued = 0;
        this.wake();
      });
      this.workers.push(slot);
    }
  }

  /** Queues one page; waits while every thread has enough work queued. */
  async add(job: RenderJob): Promise<void> {
    this.batch.push(job);
    if (this.batch.length < BATCH) return;
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.workers.reduce((a, b) => (b.queued < a.queued ? b : a));
      if (slot.queued < QUEUED_PER_THREAD) {
        slot.queued++;
        slot.worker.postMessage(this.batch);
        this.batch = [];
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** Sends what is left, waits for every outcome, stops the threads. Throws if a thread failed. */
  async finish(): Promise<void> {
    try {
      // After a failure nothing more is sent.
      if (!this.failure) await this.flush().catch((err: unknown) => (this.failure ??= err instanceof Error ? err : new Error(String(err))));
      // But every batch already out is waited for, failure or not: its pages' temporary files
      // become known to the writer, which removes them when the build fails. (A thread that
      // dies counts as done: its exit handler clears what it had queued.)
      while (this.workers.some((w) => w.queued > 0)) {
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      }
    } finally {
      await Promise.all(this.workers.map((w) => w.worker.terminate()));
    }
    if (this.failure) throw this.failure;
  }
}
