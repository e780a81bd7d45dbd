// Bounded concurrency for file-system work: enough in flight to keep the thread pool busy,
// few enough not to open thousands of files at once.

/** Runs `fn` over `items`, at most `width` at a time. */
export async function inBatches<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}
