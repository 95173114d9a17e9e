// A policy region's progress lines (progress.ts): at most one per interval while the run goes on,
// a closing line when a run that took at least the interval ends, nothing for a shorter run.
import { expect } from "chai";
import { regionProgress, type ProgressOptions } from "../../../provider/lifecycle/progress";
import { ManualClock } from "../../support/manual-clock";

describe("regionProgress", () => {
  let clock: ManualClock;
  let lines: string[];
  const options = (intervalSeconds = 5): ProgressOptions => ({
    clock,
    sink: (line) => lines.push(line),
    intervalSeconds,
  });

  beforeEach(() => {
    clock = new ManualClock();
    lines = [];
  });

  /** Settles `n` members a[from]… one per `everyMs`. */
  function settle(progress: ReturnType<typeof regionProgress>, from: number, n: number, everyMs: number) {
    for (let i = from; i < from + n; i++) {
      clock.advance(everyMs);
      progress.settled(`a${i}`, true);
    }
  }

  it("says nothing for a run that ends within the interval", () => {
    const progress = regionProgress("us-east-1", "set", 300, options());
    settle(progress, 0, 99, 50); // 4.95 s
    progress.finish();
    expect(lines).to.deep.equal([]);
  });

  it("prints one line per interval at most while the run goes on, then a closing line", () => {
    const progress = regionProgress("us-east-1", "set", 300, options());
    settle(progress, 0, 300, 50); // 20 members a second: 15 s
    progress.finish();
    expect(lines).to.deep.equal([
      "Macie members in us-east-1: 100/300 set, 0 failed",
      "Macie members in us-east-1: 200/300 set, 0 failed",
      "Macie members in us-east-1: 300/300 set, 0 failed",
      "Macie members in us-east-1: 300/300 set, 0 failed, in 15 s",
    ]);
  });

  it("counts a member's latest outcome: a write answered, then its verification failed, is one failure", () => {
    const progress = regionProgress("eu-west-1", "released", 3, options());
    progress.settled("a", true);
    progress.settled("b", true);
    progress.settled("c", false);
    clock.advance(5_000);
    progress.settled("b", false); // the re-listing did not show it, nor GetMember after
    clock.advance(7_000);
    progress.finish();
    expect(lines).to.deep.equal([
      "Macie members in eu-west-1: 1/3 released, 2 failed",
      "Macie members in eu-west-1: 1/3 released, 2 failed, in 12 s",
    ]);
  });

  it("has no timer: a stall prints nothing until a member settles, then one line", () => {
    const progress = regionProgress("us-east-1", "set", 10, options());
    clock.advance(30_000);
    expect(lines).to.deep.equal([]);
    progress.settled("a", true);
    progress.settled("b", true);
    expect(lines).to.deep.equal(["Macie members in us-east-1: 1/10 set, 0 failed"]);
  });

  it("closes a long run even when no member settled after the first interval", () => {
    const progress = regionProgress("us-east-1", "set", 2, options());
    settle(progress, 0, 2, 100);
    clock.advance(9_000); // a re-listing, say
    progress.finish();
    progress.finish(); // once only
    progress.settled("late", true); // after the end: nothing
    expect(lines).to.deep.equal(["Macie members in us-east-1: 2/2 set, 0 failed, in 9 s"]);
  });

  it("takes another interval, and prints nothing when it is 0 or there is nothing to do", () => {
    const every10 = regionProgress("us-east-1", "set", 300, options(10));
    settle(every10, 0, 300, 50);
    expect(lines).to.have.length(1);
    lines = [];
    for (const progress of [
      regionProgress("us-east-1", "set", 300, options(0)),
      regionProgress("us-east-1", "set", 0, options()),
    ]) {
      settle(progress, 0, 300, 50);
      progress.finish();
    }
    expect(lines).to.deep.equal([]);
  });

  it("never shows more settled than the total it was given", () => {
    const progress = regionProgress("us-east-1", "set", 1, options());
    progress.settled("a", true);
    clock.advance(5_000);
    progress.settled("b", true);
    expect(lines).to.deep.equal(["Macie members in us-east-1: 2/2 set, 0 failed"]);
  });
});
