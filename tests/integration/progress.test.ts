// A policy region's progress lines (progress.ts) as the region resource prints them against the
// emulator: through its writes from the listing, their verification, a failure, and a delete. Time
// is the runtime's clock, which here moves 100 ms per write sent: 120 writes are "12 s".
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import type { Clock } from "../../provider/config/clock";
import { RegionMembersProvider } from "../../provider/lifecycle/region-provider";
import type { RegionOutputs } from "../../provider/lifecycle/region-state";
import type { Runtime } from "../../provider/lifecycle/runtime";
import { emulator, emulatorRuntime } from "../support/emulator";
import { failure } from "../support/failure";

const EAST = "us-east-1";
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(130000000000 + i));
const LINE = /^Macie members in us-east-1: (\d+)\/120 (set|released), (\d+) failed(, in (\d+) s)?$/;

describe("a policy region's progress lines", function () {
  this.timeout(60_000);
  let emu: MacieEmulator;
  let runtime: Runtime | undefined;
  let lines: string[];

  beforeEach(async () => {
    emu = await emulator();
    lines = [];
  });
  afterEach(() => runtime?.destroy());

  /** A region provider whose clock moves 100 ms per write sent (and by every sleep), printing to `lines`. */
  function provider(progressSeconds = 5): RegionMembersProvider {
    let slept = 0;
    const clock: Clock = {
      now: () => slept + emu.calls("UpdateMemberSession") * 100,
      sleep: (ms) => {
        slept += ms;
        return Promise.resolve();
      },
      random: () => 0.5,
    };
    runtime = emulatorRuntime(
      emu,
      { progressSeconds, waitTimeoutSeconds: 5 },
      { clock, progressSink: (line) => lines.push(line) },
    );
    return new RegionMembersProvider(runtime);
  }

  /** The lines parsed: [done, verb, failed, closing seconds or undefined]. */
  const parsed = () =>
    lines.map((line) => {
      const m = LINE.exec(line);
      if (!m) throw new Error(`not a progress line: ${JSON.stringify(line)} (all: ${lines.join(" | ")})`);
      return { done: Number(m[1]), verb: m[2], failed: Number(m[3]), closing: m[5] && Number(m[5]) };
    });

  it("counts up while 120 members are written, one line per 5 s of writes at most, then closes; the delete says released", async () => {
    const members = ids(120);
    emu.seed(members.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: EAST })));
    const created = await provider().create({
      region: EAST,
      members: Object.fromEntries(members.map((a) => [a, "PAUSED"])),
      pending: Object.fromEntries(members.map((a) => [a, "Enabled"])),
      listedAt: new Date().toISOString(),
    });
    expect(emu.calls("UpdateMemberSession")).to.equal(120);
    const set = parsed();
    // 12 s of writes: a line at 5 s and at 10 s (at most), and the closing one.
    expect(set.length, lines.join("\n")).to.be.within(2, 3);
    const closing = set.pop();
    expect(closing).to.deep.equal({ done: 120, verb: "set", failed: 0, closing: 12 });
    expect(set.every((l) => l.verb === "set" && l.failed === 0 && l.closing === undefined)).to.equal(true);
    expect(set.map((l) => l.done)).to.deep.equal([...set.map((l) => l.done)].sort((a, b) => a - b));

    lines = [];
    await provider().delete(EAST, created.outs as Record<string, unknown>);
    expect(emu.calls("UpdateMemberSession")).to.equal(240);
    expect(parsed().pop()).to.deep.equal({ done: 120, verb: "released", failed: 0, closing: 12 });
  });

  it("counts a member whose write failed, and says nothing for a run shorter than the interval", async () => {
    const members = ids(120);
    emu.seed(members.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: EAST })));
    emu.addFault({ kind: "403", operation: "UpdateMemberSession", accountId: members[7] });
    const error = await failure(
      provider().create({
        region: EAST,
        members: Object.fromEntries(members.map((a) => [a, "PAUSED"])),
        pending: Object.fromEntries(members.map((a) => [a, "Enabled"])),
        listedAt: new Date().toISOString(),
      }),
    );
    expect(error.message).to.contain("1 of 120 members could not be set");
    expect(parsed().pop()).to.deep.equal({ done: 119, verb: "set", failed: 1, closing: 12 });

    lines = [];
    await provider(60).delete(EAST, {
      region: EAST,
      members: Object.fromEntries(members.map((a) => [a, "PAUSED"])),
      statusOnDelete: "ENABLED",
      administratorAccountId: emu.adminAccountId,
    } satisfies RegionOutputs);
    expect(lines).to.deep.equal([]);
  });
});
