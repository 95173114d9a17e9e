import { ThrottlingException } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import * as sinon from "sinon";
import { AdaptiveRateLimiter, sharedRateLimiter, TokenBucket } from "../../../provider/aws/rate-limit";
import { awsError } from "../../support/macie-mock";
import { ManualClock } from "../../support/manual-clock";

describe("TokenBucket", () => {
  it("lets a burst through at once, then one call per 1/rate seconds", async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2 }, clock);
    for (let i = 0; i < 5; i += 1) await bucket.take();
    expect(clock.sleeps).to.deep.equal([100, 100, 100]);
    expect(clock.now()).to.equal(300);
  });

  it("refills while idle, up to the burst", async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, clock);
    for (let i = 0; i < 3; i += 1) await bucket.take();
    await clock.sleep(10_000);
    clock.sleeps.length = 0;
    for (let i = 0; i < 4; i += 1) await bucket.take();
    expect(clock.sleeps).to.deep.equal([100]);
  });
});

const throttle = { errorType: "THROTTLING", error: awsError(ThrottlingException, "slow down", 429) };

/** `count` successful responses spread over the last `ms`, ending now. */
function accept(limiter: AdaptiveRateLimiter, clock: ManualClock, count: number, ms: number): void {
  for (let i = 0; i < count; i += 1) {
    clock.advance(ms / count);
    limiter.updateClientSendingRate({});
  }
}

describe("AdaptiveRateLimiter", () => {
  it("lets every call through at once until Macie throttles one", async () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter(undefined, clock);
    accept(limiter, clock, 50, 100);
    await Promise.all(Array.from({ length: 100 }, () => limiter.getSendToken()));
    expect(clock.sleeps).to.deep.equal([]);
    expect(limiter.pace()).to.equal(Infinity);
  });

  it("on a throttle, paces at 90% of the rate Macie accepted over the last half second", () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter(undefined, clock);
    accept(limiter, clock, 400, 2000); // 200/s, of which the last 0.5 s count
    limiter.updateClientSendingRate(throttle);
    expect(limiter.pace()).to.be.closeTo(180, 0.5);
  });

  it("releases waiting callers first come, first served at that pace", async () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter(undefined, clock);
    accept(limiter, clock, 100, 500);
    limiter.updateClientSendingRate(throttle);
    const start = clock.now();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 91 }, (_, i) => limiter.getSendToken().then(() => order.push(i))));
    // 90 intervals at 180–200 calls/s (climbing): about half a second, less the up to 50 ms a
    // pace that has fallen behind may catch up at once.
    expect(clock.now() - start).to.be.within(430, 505);
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
  });

  it("ignores throttles that answer calls sent before it slowed down", () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter(undefined, clock);
    accept(limiter, clock, 100, 500);
    limiter.updateClientSendingRate(throttle);
    const pace = limiter.pace();
    clock.advance(100);
    limiter.updateClientSendingRate(throttle);
    expect(limiter.pace()).to.be.greaterThan(pace);
    clock.advance(500);
    accept(limiter, clock, 10, 500); // only 20/s accepted since: a real signal
    limiter.updateClientSendingRate(throttle);
    expect(limiter.pace()).to.be.closeTo(18, 0.5);
  });

  it("climbs back to the estimate in a second, then probes above it, doubling every half second", () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter(undefined, clock);
    accept(limiter, clock, 50, 500);
    limiter.updateClientSendingRate(throttle);
    const now = clock.now();
    expect(limiter.pace(now + 500)).to.be.closeTo(95, 0.01);
    expect(limiter.pace(now + 1000)).to.be.closeTo(100, 0.01);
    expect(limiter.pace(now + 1500)).to.be.closeTo(200, 0.01);
    expect(limiter.pace(now + 2000)).to.be.closeTo(400, 0.01);
  });

  it("with a known ceiling, never paces above it nor below half of it", () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter({ ratePerSecond: 100, burst: 10 }, clock);
    accept(limiter, clock, 2, 500); // a near-empty window: 4/s
    limiter.updateClientSendingRate(throttle);
    expect(limiter.pace()).to.equal(50);
    expect(limiter.pace(clock.now() + 60_000)).to.equal(100);
  });

  it("counts only throttling errors as throttles", () => {
    const clock = new ManualClock();
    const limiter = new AdaptiveRateLimiter(undefined, clock);
    accept(limiter, clock, 10, 100);
    limiter.updateClientSendingRate({ errorType: "SERVER_ERROR", error: new Error("boom") });
    expect(limiter.pace()).to.equal(Infinity);
    limiter.updateClientSendingRate({
      errorType: "CLIENT_ERROR",
      error: awsError(ThrottlingException, "x", 429),
    });
    expect(limiter.pace()).to.be.lessThan(Infinity);
  });
});

describe("sharedRateLimiter", () => {
  let timers: sinon.SinonFakeTimers;
  beforeEach(() => (timers = sinon.useFakeTimers({ now: 1_000_000 })));
  afterEach(() => timers.restore());

  it("does not hold calls back before any throttling", async () => {
    const limiter = sharedRateLimiter(undefined);
    let done = 0;
    await Promise.all([1, 2, 3, 4, 5].map(() => limiter.getSendToken().then(() => (done += 1))));
    expect(done).to.equal(5);
  });

  /** Calls granted within `ms` after one throttle with 200 callers waiting, and in the end. */
  async function grantedAfterThrottle(
    limiter: ReturnType<typeof sharedRateLimiter>,
    ms: number,
  ): Promise<{ within: number; eventually: number }> {
    for (let i = 0; i < 20; i += 1) {
      await limiter.getSendToken();
      limiter.updateClientSendingRate({});
      await timers.tickAsync(10);
    }
    limiter.updateClientSendingRate(throttle);
    let granted = 0;
    const waiting = Array.from({ length: 200 }, () => limiter.getSendToken().then(() => (granted += 1)));
    await timers.tickAsync(ms);
    const within = granted;
    await timers.tickAsync(600_000);
    await Promise.all(waiting);
    return { within, eventually: granted };
  }

  it("after one caller's 429, paces every caller", async () => {
    const { within, eventually } = await grantedAfterThrottle(sharedRateLimiter(undefined), 0);
    expect(within, "held back at once").to.be.lessThan(200);
    expect(eventually).to.equal(200);
  });

  it("with a ceiling, holds every caller to it even before any throttle", async () => {
    const limiter = sharedRateLimiter({ ratePerSecond: 100, burst: 10 });
    let granted = 0;
    const waiting = Array.from({ length: 200 }, () => limiter.getSendToken().then(() => (granted += 1)));
    await timers.tickAsync(1000);
    expect(granted, "the burst, then 100/s for 1 s").to.be.within(105, 111);
    await timers.tickAsync(10_000);
    await Promise.all(waiting);
    expect(granted).to.equal(200);
  });
});
