// Runs a task per item with at most `limit` in flight, and waits for all of them. Hand-written
// (a dozen lines) because the maintained choices, p-map and p-limit, ship as ES modules only and
// this package is CommonJS; the rate limiter, not this, is what bounds the calls to Macie.

/** `task` for every item, at most `limit` at once; resolves when all have settled, rejects on none. */
export async function eachAtOnce<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
