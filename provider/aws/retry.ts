// One retry policy for every AWS call a lifecycle operation makes: exponential backoff with full
// jitter, bounded in failed attempts and in total time. The AWS SDK's own retry strategy is turned
// off on our client (maxAttempts: 1) because it would re-send a write after a timeout or 5xx without
// reading the member back first, retries no ConflictException, and has no bound on total time.
import type { Clock } from "../config/clock";
import { classifyError, MacieOperationError, type Target } from "./errors";
import { BASE_DELAY_MS, MAX_DELAY_MS, settingNames, type ProviderSettings } from "../config/settings";

/** Full jitter: a uniform draw from [0, min(cap, base × 2^(failures-1))). */
export function backoffDelay(failures: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The retry allowance of one lifecycle operation (one create, update, read or delete). Every failed
 * AWS call is reported to it; it either sleeps and lets the caller go on, or throws the final error.
 */
export class RetryBudget {
  private failures = 0;
  private readonly startedAt: number;

  constructor(
    private readonly target: Target,
    private readonly settings: Pick<ProviderSettings, "maxAttempts" | "maxRetrySeconds">,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
  }

  get failedAttempts(): number {
    return this.failures;
  }

  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  /**
   * Records that `operation` failed with `error`. Resolves after the backoff when the error is
   * retryable and the bounds allow another attempt; throws a MacieOperationError otherwise.
   */
  async afterFailure(operation: string, error: unknown): Promise<void> {
    this.failures += 1;
    const kind = classifyError(error);
    if (kind === "fatal") {
      throw this.failure(operation, error, "This error is not retried.");
    }
    if (this.failures >= this.settings.maxAttempts) {
      throw this.failure(
        operation,
        error,
        `Gave up: the limit is ${this.settings.maxAttempts} failed attempts (${settingNames("maxAttempts")}).`,
      );
    }
    const delay = backoffDelay(this.failures, () => this.clock.random());
    if (this.elapsedMs() + delay > this.settings.maxRetrySeconds * 1000) {
      throw this.failure(
        operation,
        error,
        `Gave up: retrying longer would pass the ${this.settings.maxRetrySeconds} s limit (${settingNames("maxRetrySeconds")}).`,
      );
    }
    await this.clock.sleep(delay);
  }

  /**
   * Runs `call` until it succeeds, retrying within this budget: for reads, which are always safe
   * to repeat (a write's loop is converge's own: it reads back before writing again).
   */
  async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        await this.afterFailure(operation, error);
      }
    }
  }

  private failure(operation: string, cause: unknown, why: string): MacieOperationError {
    return new MacieOperationError({ operation, target: this.target, attempts: this.failures, cause, why });
  }
}
