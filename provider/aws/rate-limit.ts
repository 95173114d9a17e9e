// One client-side rate limiter per Macie2 client, so every resource of a process (and of a region)
// draws from it: under high engine parallelism they queue here instead of stampeding into 429s,
// and a 429 seen by one slows all of them. It plugs into the SDK's AdaptiveRetryStrategy (the
// SDK's RateLimiter interface); an optional token bucket adds the configured ceiling in front.
//
// Written here rather than using the SDK's DefaultRateLimiter because that one, measured, kept a
// 1,000-resource run at 2–3× the rate-limit floor: on a throttle it falls to 70% of the rate of
// *all* responses it has seen, smoothed from zero, so after the opening burst it lands near
// 0 calls/s and climbs back along a cubic curve for ~10 s, and again after every later throttle.
// This one estimates what Macie actually accepts (successful responses in the last half second,
// which under throttling is the service's rate) and goes back to 90% of that (BENCHMARKS.md).
import { isThrottlingError, type RateLimiter } from "@smithy/core/retry";
import { systemClock, type Clock } from "../config/clock";
import type { ProviderSettings } from "../config/settings";

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

/** Successful responses over this window estimate the rate Macie accepts. */
const WINDOW_MS = 500;
/** After a throttle: this share of the accepted rate. */
const BETA = 0.9;
/** Throttles this soon after slowing down answer calls sent at the old rate: not a new signal. */
const HOLD_MS = 500;
/** After slowing down, back to the estimate in this long; beyond it, the rate doubles this often. */
const CLIMB_MS = 1_000;
const DOUBLE_MS = 500;
/** Calls let through at once when the pace has fallen behind (timers are coarser than 2 ms). */
const CATCH_UP_MS = 50;
const MIN_RATE = 0.5;
const MAX_RATE = 100_000;

/**
 * Unpaced until the first throttle. On a throttle (at most once per HOLD_MS) the estimate becomes
 * the accepted rate; the pace drops to BETA of it, climbs back to it over CLIMB_MS, then probes
 * above it, doubling every DOUBLE_MS, until the next throttle. Waiting callers go first come,
 * first served at 1/pace intervals, the pace re-read at every release.
 */
export class AdaptiveRateLimiter implements RateLimiter {
  private enabled = false;
  private estimate = 0;
  private slowedAt = 0;
  private readonly accepted: number[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextAt = 0;
  private pumping = false;
  private readonly minRate: number;
  private readonly maxRate: number;

  /** `cap`, when known, bounds the pace: never above it, never below half of it. */
  constructor(
    cap?: RateCap,
    private readonly clock: Clock = systemClock,
  ) {
    this.minRate = cap ? cap.ratePerSecond / 2 : MIN_RATE;
    this.maxRate = cap ? cap.ratePerSecond : MAX_RATE;
  }

  /** Calls per second let through now (unbounded before the first throttle). */
  pace(now = this.clock.now()): number {
    if (!this.enabled) return Infinity;
    const t = now - this.slowedAt;
    const rate =
      t < CLIMB_MS
        ? this.estimate * (BETA + ((1 - BETA) * t) / CLIMB_MS)
        : this.estimate * 2 ** ((t - CLIMB_MS) / DOUBLE_MS);
    return Math.min(this.maxRate, Math.max(this.minRate, rate));
  }

  getSendToken(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      void this.pump();
    });
  }

  /** Called by the SDK after every attempt: `{}` on success, the error info on failure. */
  updateClientSendingRate(response: unknown): void {
    const now = this.clock.now();
    this.forget(now);
    if (!isThrottle(response)) {
      this.accepted.push(now);
      return;
    }
    if (this.enabled && now - this.slowedAt < HOLD_MS) return;
    const accepted = this.accepted.length / (WINDOW_MS / 1000);
    this.estimate = Math.max(this.minRate, this.enabled ? Math.min(accepted, this.pace(now)) : accepted);
    this.slowedAt = now;
    this.enabled = true;
  }

  private forget(now: number): void {
    let old = 0;
    while (old < this.accepted.length && (this.accepted[old] ?? now) <= now - WINDOW_MS) old += 1;
    this.accepted.splice(0, old);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now();
        const interval = 1000 / this.pace(now);
        this.nextAt = Math.max(this.nextAt, now - Math.max(interval, CATCH_UP_MS));
        if (this.nextAt > now) {
          await this.clock.sleep(this.nextAt - now);
          continue;
        }
        this.nextAt += interval;
        this.waiting.shift()?.();
      }
    } finally {
      this.pumping = false;
    }
  }
}

function isThrottle(response: unknown): boolean {
  const info = response as { errorType?: string; error?: unknown } | undefined;
  if (info?.errorType === "THROTTLING") return true;
  const error = info?.error;
  // isThrottlingError reads optional fields only; any object is a valid argument.
  return (
    typeof error === "object" &&
    error !== null &&
    isThrottlingError(error as Parameters<typeof isThrottlingError>[0])
  );
}

/** The adaptive limiter, behind a fixed ceiling when one is configured. */
export function sharedRateLimiter(cap: RateCap | undefined, clock: Clock = systemClock): RateLimiter {
  const adaptive = new AdaptiveRateLimiter(cap, clock);
  const bucket = cap ? new TokenBucket(cap, clock) : undefined;
  return {
    getSendToken: async () => {
      await bucket?.take();
      await adaptive.getSendToken();
    },
    updateClientSendingRate: (response: unknown) => adaptive.updateClientSendingRate(response),
  };
}

/** The configured rate ceiling, if any. */
export function rateCapOf(settings: ProviderSettings): RateCap | undefined {
  return settings.requestsPerSecond > 0
    ? { ratePerSecond: settings.requestsPerSecond, burst: settings.requestBurst }
    : undefined;
}
