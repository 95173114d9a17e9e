// The rate limit Macie enforces per account, as a token bucket over every Macie call: `burst`
// calls at once, refilled at `ratePerSecond` on the emulator's clock. A call without a token answers 429.
import type { EmulatorClock } from "./clock";

export interface RateLimit {
  /** Calls per second, sustained. */
  ratePerSecond: number;
  /** Calls that may go through at once. */
  burst: number;
}

export class TokenBucket {
  private tokens = 0;
  private tokensAt = 0;
  private limit: RateLimit | undefined;

  constructor(
    limit: RateLimit | undefined,
    private readonly clock: EmulatorClock,
  ) {
    this.reset(limit);
  }

  /** A full bucket for `limit` (none: every call goes through). */
  reset(limit: RateLimit | undefined): void {
    this.limit = limit;
    this.tokens = limit?.burst ?? 0;
    this.tokensAt = this.clock.now();
  }

  /** True when the call may go through. */
  take(): boolean {
    const limit = this.limit;
    if (!limit) return true;
    const now = this.clock.now();
    this.tokens = Math.min(limit.burst, this.tokens + ((now - this.tokensAt) / 1000) * limit.ratePerSecond);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
