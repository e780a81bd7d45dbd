// A small concurrency limiter: sharp runs one libvips thread per job here, so throughput comes
// from keeping many jobs queued at once.

import os from 'node:os';

/** Jobs in flight: enough to keep every core (and libuv's pool) busy while others do I/O. */
export const DEFAULT_CONCURRENCY = Math.max(2, os.availableParallelism() * 2);

/** Runs `fn` over `items` with at most `limit` calls pending at once; results keep input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
