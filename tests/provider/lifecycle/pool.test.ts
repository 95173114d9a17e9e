import { expect } from "chai";
import { eachAtOnce } from "../../../provider/lifecycle/pool";

describe("eachAtOnce", () => {
  it("runs every task, at most `limit` at once", async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await eachAtOnce([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      done.push(n);
    });
    expect(done.sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(most).to.equal(3);
  });

  it("settles every task before it rejects with the one that threw", async () => {
    const boom = new Error("b failed");
    const finished: string[] = [];
    let releaseA: () => void = () => undefined;
    let reported = false;
    const run = eachAtOnce(["a", "b", "c"], 2, async (item) => {
      if (item === "b") throw boom;
      if (item === "a") await new Promise<void>((resolve) => (releaseA = resolve));
      finished.push(item);
    }).then(
      () => expect.fail("should reject"),
      (error: unknown) => {
        reported = true;
        return error;
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    // b threw and c ran in its place, but a is still running: nothing is reported yet.
    expect(finished).to.deep.equal(["c"]);
    expect(reported).to.equal(false);
    releaseA();
    expect(await run).to.equal(boom);
    expect(finished).to.deep.equal(["c", "a"]);
  });

  it("reports every failure when several tasks throw", async () => {
    const error = await eachAtOnce(["a", "b", "c"], 3, (item) =>
      item === "b" ? Promise.resolve() : Promise.reject(new Error(`${item} failed`)),
    ).then(
      () => expect.fail("should reject"),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).to.deep.equal([
      "a failed",
      "c failed",
    ]);
    expect((error as Error).message).to.equal("2 of 3 tasks failed: a failed; c failed");
  });
});
