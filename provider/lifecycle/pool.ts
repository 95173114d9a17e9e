// Runs a task per item with at most `limit` in flight, and waits for all of them. Hand-written
// (a few dozen lines) because the maintained choices, p-map and p-limit, ship as ES modules only and
// this package is CommonJS; the rate limiter, not this, is what bounds the calls to Macie.
import { firstOf } from "../member/first-of";

/**
 * `task` for every item, at most `limit` at once. Every task runs and settles, whatever the others
 * do: a caller that reports failures never does so while a read or a write it started is still
 * running. Then resolves, or rejects with the one error thrown, or an AggregateError of all of them.
 */
export async function eachAtOnce<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      try {
        await task(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw failedTogether(errors, items.length);
}

/** Messages shown in the combined one (a region of 10,000 members may fail 10,000 times); all stay in `errors`. */
const SHOWN = 5;

function failedTogether(errors: unknown[], tasks: number): AggregateError {
  const messages = firstOf(
    errors.map((e) => (e instanceof Error ? e.message : String(e))),
    SHOWN,
    "; ",
  );
  return new AggregateError(errors, `${errors.length} of ${tasks} tasks failed: ${messages}`);
}
