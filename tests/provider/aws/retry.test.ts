import { ConflictException, ValidationException } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import fc from "fast-check";
import * as sinon from "sinon";
import { systemClock } from "../../../provider/config/clock";
import { MacieOperationError } from "../../../provider/aws/errors";
import { backoffDelay, RetryBudget } from "../../../provider/aws/retry";
import { BASE_DELAY_MS, MAX_DELAY_MS } from "../../../provider/config/settings";
import { awsError } from "../../support/macie-mock";
import { failure } from "../../support/failure";
import { ManualClock } from "../../support/manual-clock";

const TARGET = { accountId: "111122223333", region: "eu-west-1" };

describe("backoffDelay", () => {
  it("is full jitter: uniform in [0, min(cap, base × 2^(n-1)))", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (n - 1));
          const delay = backoffDelay(n, () => r);
          return delay >= 0 && delay < ceiling && delay === Math.floor(r * ceiling);
        },
      ),
    );
  });

  it("doubles its ceiling per failure until the cap", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0.999999))).to.deep.equal([249, 499, 999, 1999]);
    expect(backoffDelay(30, () => 0.999999)).to.equal(MAX_DELAY_MS - 1);
  });
});

describe("RetryBudget", () => {
  const conflict = () => awsError(ConflictException, "busy", 409);

  it("sleeps after a retryable failure and lets the caller go on", async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget(TARGET, { maxAttempts: 3, maxRetrySeconds: 60 }, clock);
    await budget.afterFailure("GetMember", conflict());
    await budget.afterFailure("GetMember", conflict());
    expect(clock.sleeps).to.deep.equal([125, 250]);
    expect(budget.failedAttempts).to.equal(2);
  });

  it("throws on the maxAttempts-th failure without sleeping", async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget(TARGET, { maxAttempts: 2, maxRetrySeconds: 60 }, clock);
    await budget.afterFailure("GetMember", conflict());
    const error = await failure<MacieOperationError>(budget.afterFailure("GetMember", conflict()));
    expect(error).to.be.instanceOf(MacieOperationError);
    expect(error.attempts).to.equal(2);
    expect(clock.sleeps).to.have.length(1);
  });

  it("throws at once, without sleeping, on an error that is not retried", async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget(TARGET, { maxAttempts: 5, maxRetrySeconds: 60 }, clock);
    const error = await failure<MacieOperationError>(
      budget.afterFailure("UpdateMemberSession", awsError(ValidationException, "nope", 400, "r-9")),
    );
    expect(error.message).to.equal(
      "UpdateMemberSession for Macie member account 111122223333 in eu-west-1 failed after 1 attempt: " +
        "ValidationException: nope (request id r-9). Hint: Macie refused the request as invalid for this account. " +
        "This error is not retried.",
    );
    expect(error.requestId).to.equal("r-9");
    expect(error.awsErrorName).to.equal("ValidationException");
    expect(clock.sleeps).to.deep.equal([]);
  });

  it("never sleeps past its total time bound, whatever the jitter (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 30 }),
        async (random, maxAttempts, maxRetrySeconds) => {
          const clock = new ManualClock(random);
          const budget = new RetryBudget(TARGET, { maxAttempts, maxRetrySeconds }, clock);
          let failures = 0;
          for (;;) {
            failures += 1;
            try {
              await budget.afterFailure("GetMember", conflict());
            } catch {
              break;
            }
          }
          return failures <= maxAttempts && clock.now() <= maxRetrySeconds * 1000;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("systemClock", () => {
  it("sleeps on the real timers (driven here by sinon's fake ones)", async () => {
    const timers = sinon.useFakeTimers();
    try {
      let done = false;
      const sleeping = systemClock.sleep(1000).then(() => (done = true));
      await timers.tickAsync(999);
      expect(done).to.equal(false);
      await timers.tickAsync(1);
      await sleeping;
      expect(done).to.equal(true);
    } finally {
      timers.restore();
    }
  });
});
