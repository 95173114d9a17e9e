// One client-side rate limiter per Macie2 client, so every resource of a process (and of a region)
// draws from it: under high engine parallelism they queue here instead of stampeding into 429s,
// and a 429 seen by one slows all of them. The adaptive part is the AWS SDK's own (CUBIC, as in
// its "adaptive" retry mode); the SDK has no fixed ceiling, so an optional token bucket adds the
// configured calls per second and burst in front of it.
import { DefaultRateLimiter, type RateLimiter } from "@smithy/core/retry";
import { systemClock, type Clock } from "./clock";

export interface RateCap {
  /** Calls per second, sustained. */
  ratePerSecond: number;
  /** Calls that may go at once after a quiet spell. */
  burst: number;
}

/** A plain token bucket: at most `burst` at once, refilled at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly cap: RateCap,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = cap.burst;
    this.refilledAt = clock.now();
  }

  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(
        this.cap.burst,
        this.tokens + ((now - this.refilledAt) / 1000) * this.cap.ratePerSecond,
      );
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.cap.ratePerSecond) * 1000));
    }
  }
}

/**
 * The SDK's adaptive limiter, behind a fixed ceiling when one is configured. With a ceiling the
 * user has told us the quota, so a throttle still slows every caller, but never below half of it:
 * left alone, the adaptive limiter drops to the rate it measured during the opening burst (near
 * nothing) and needs tens of seconds to climb back (measured in BENCHMARKS.md).
 */
export function sharedRateLimiter(cap: RateCap | undefined, clock: Clock = systemClock): RateLimiter {
  const adaptive = new DefaultRateLimiter(
    cap ? { minFillRate: cap.ratePerSecond / 2, minCapacity: Math.max(1, cap.burst / 2) } : undefined,
  );
  const bucket = cap ? new TokenBucket(cap, clock) : undefined;
  return {
    getSendToken: async () => {
      await bucket?.take();
      await adaptive.getSendToken();
    },
    updateClientSendingRate: (response: unknown) => adaptive.updateClientSendingRate(response),
  };
}
