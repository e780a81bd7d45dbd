// The photo encoder: a child process that decodes and encodes the renditions. libvips' threads
// leave what they allocated in glibc's per-thread arenas, which a build's process would hold to
// its end (while pages render and the search index is made); a process that exits returns all
// of it. It starts at the first photo to encode and ends with the image stage.

import { fork, type ChildProcess } from 'node:child_process';
import { killPoint } from '../faults.js';
import type { EncodeOutcome, Inspected, RenditionTarget } from './process.js';

export interface EncodeJob {
  bytes: Buffer;
  info: Inspected;
  targets: RenditionTarget[];
  quality: number;
  maxPixels: number;
}

export interface PhotoEncoder {
  encode(job: EncodeJob): Promise<EncodeOutcome>;
  /** Ends the process (after the jobs sent) and waits for it to exit. */
  close(): Promise<void>;
}

interface Reply {
  id: number;
  outcome: EncodeOutcome;
}

const WORKER = new URL('./encode-worker.js', import.meta.url);

export function photoEncoder(): PhotoEncoder {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const pending = new Map<number, (o: EncodeOutcome) => void>();
  let next = 0;

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

  return {
    encode(job) {
      child ??= start();
      const c = child;
      const id = next++;
      return new Promise<EncodeOutcome>((resolve) => {
        pending.set(id, resolve);
        c.send({ id, job }, (err) => {
          if (err && pending.delete(id)) resolve({ failed: 'stopped', how: err.message });
        });
      }).then((outcome) => {
        // The build's own kill point, once per rendition written (the tests' "killed while encoding").
        if (!outcome) for (const _ of job.targets) killPoint('images');
        return outcome;
      });
    },
    async close() {
      child?.disconnect();
      child = undefined;
      await exited;
    },
  };
}
