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
