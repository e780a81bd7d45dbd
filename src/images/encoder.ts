// The photo encoder: a child process that decodes and encodes the renditions. libvips' threads
// leave what they allocated in glibc's per-thread arenas, which a build's process would hold to
// its end (while pages render and the search index is made); a process that exits returns all
// of it. It starts at the first photo to read or encode and ends with the image stage; the
// build's own process never loads sharp.

import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { limiter } from '../concurrency.js';
import { killPoint } from '../faults.js';
import type { EncodeOutcome, HeaderFailure, Inspected, RenditionTarget } from './process.js';

export interface EncodeJob {
  bytes: Buffer;
  info: Inspected;
  targets: RenditionTarget[];
  quality: number;
  maxPixels: number;
}

/** What the encoder's process is sent: a source's header to read, or its renditions to encode. */
export type EncoderRequest = { header: { bytes: Buffer; maxPixels: number } } | { encode: EncodeJob };

type Stopped = { failed: 'stopped'; how: string };

export interface PhotoEncoder {
  /** The source's header (format, sizes, the pixel limit), read without decoding pixels. */
  inspect(bytes: Buffer, maxPixels: number): Promise<Inspected | HeaderFailure>;
  encode(job: EncodeJob): Promise<EncodeOutcome>;
  /** Ends the process (after the jobs sent) and waits for it to exit. */
  close(): Promise<void>;
}

interface Reply {
  id: number;
  outcome: unknown;
}

const WORKER = new URL('./encode-worker.js', import.meta.url);

/**
 * Photos in the encoder's process at once: one per core. Each photo's renditions are encoded
 * side by side, which keeps libuv's pool busy; more photos would only hold more decoded images.
 */
const PHOTOS_AT_ONCE = Math.max(1, os.availableParallelism());

export function photoEncoder(): PhotoEncoder {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const pending = new Map<number, (o: unknown) => void>();
  let next = 0;
  const gate = limiter(PHOTOS_AT_ONCE);

  const start = (): ChildProcess => {
    const c = fork(WORKER, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Two arenas are enough for its few threads and keep its peak lower still.
      env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
    });
    c.on('message', (r: Reply) => {
      pending.get(r.id)?.(r.outcome);
      pending.delete(r.id);
    });
    exited = new Promise((resolve) => {
      // A process that dies (killed, out of memory, a crash in a decoder) fails the photos it
      // had, each reported at its references; a later photo starts a new one.
      const stopped = (how: string): void => {
        if (child === c) child = undefined;
        for (const done of pending.values()) done({ failed: 'stopped', how });
        pending.clear();
        resolve();
      };
      c.on('exit', (code, signal) => stopped(signal ?? String(code)));
      c.on('error', (err) => stopped(err.message));
    });
    return c;
  };

  const request = <T>(req: EncoderRequest): Promise<T | Stopped> => {
    child ??= start();
    const c = child;
    const id = next++;
    return new Promise((resolve) => {
      pending.set(id, resolve as (o: unknown) => void);
      c.send({ id, req }, (err) => {
        if (err && pending.delete(id)) resolve({ failed: 'stopped', how: err.message });
      });
    });
  };

  return {
    inspect: (bytes, maxPixels) => request<Inspected | HeaderFailure>({ header: { bytes, maxPixels } }),
    async encode(job) {
      const outcome = await gate(() => request<EncodeOutcome>({ encode: job }));
      // The build's own kill point, once per rendition written (the tests' "killed while encoding").
      if (!outcome) for (const _ of job.targets) killPoint('images');
      return outcome;
    },
    async close() {
      child?.disconnect();
      child = undefined;
      await exited;
    },
  };
}
