import { ThrottlingException } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import * as sinon from "sinon";
import { sharedRateLimiter, TokenBucket } from "../../provider/rate-limit";
import { awsError } from "../support/macie-mock";
import { ManualClock } from "../support/manual-clock";

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
    limiter.updateClientSendingRate({
      errorType: "THROTTLING",
      error: awsError(ThrottlingException, "slow down", 429),
    });
    let granted = 0;
    const waiting = Array.from({ length: 200 }, () => limiter.getSendToken().then(() => (granted += 1)));
    await timers.tickAsync(ms);
    const within = granted;
    await timers.tickAsync(600_000);
    await Promise.all(waiting);
    return { within, eventually: granted };
  }

  it("with a ceiling, a throttle still slows every caller, but not below half the ceiling", async () => {
    const adaptiveOnly = (await grantedAfterThrottle(sharedRateLimiter(undefined), 2000)).within;
    const withCeiling = (
      await grantedAfterThrottle(sharedRateLimiter({ ratePerSecond: 100, burst: 10 }), 2000)
    ).within;
    expect(withCeiling, "about 50 calls/s for 2 s").to.be.at.least(90).and.at.most(200);
    expect(adaptiveOnly).to.be.lessThan(withCeiling);
  });

  it("after one caller's 429, paces every caller (the SDK's adaptive limiter)", async () => {
    const { within, eventually } = await grantedAfterThrottle(sharedRateLimiter(undefined), 0);
    expect(within, "held back at once").to.be.lessThan(200);
    expect(eventually).to.equal(200);
  });
});
