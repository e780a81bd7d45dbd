// The one concurrency limiter: enough work in flight to keep the thread pool (file system,
// sharp's libvips jobs) busy, few enough not to open thousands of files at once.

/** Runs `fn` over `items`, at most `width` calls pending at once; the results keep the items' order. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }));
  return out;
}

/** A gate: the functions passed to it run at most `width` at a time, the others in the order they came. */
export function limiter(width: number): <R>(fn: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    // The slot passes straight to the next in line, so nobody slips in between.
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (fn) => {
    if (running < width) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
