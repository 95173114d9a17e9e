// 200 resources through one host, all at once, under the emulator's rate limit: every one converges,
// with no failed operation. Times and 429 counts are printed for the closing note and benchmarks,
// never asserted.
import { expect } from "chai";
import { MiniEngine } from "../../engine/engine";
import { declare } from "../../engine/program";
import { MacieMemberStatus } from "../../provider";
import { emulator } from "../support/emulator";
import { startHost } from "../support/host";

const N = 200;
const RATE = { ratePerSecond: 100, burst: 20 };

describe(`${N} resources through one host, concurrently, under a rate limit`, function () {
  this.timeout(180_000);

  it(`all converge with no failed operation (${RATE.ratePerSecond} calls/s, burst ${RATE.burst})`, async () => {
    const emu = await emulator();
    const accounts = Array.from({ length: N }, (_, i) => String(500000000000 + i));
    emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    emu.configure({ rateLimit: RATE });
    const started = await startHost();
    try {
      const declared = await declare(
        () =>
          accounts.forEach(
            (accountId) =>
              new MacieMemberStatus(`m-${accountId}`, { accountId, status: "PAUSED", region: "us-east-1" }),
          ),
        { project: "scale", stack: "ci" },
      );
      const engine = new MiniEngine(started.host, N);
      const t0 = Date.now();
      const steps = await engine.up(declared);
      const seconds = (Date.now() - t0) / 1000;
      const failed = steps.filter((s) => s.error);
      expect(failed.map((s) => s.error).slice(0, 3)).to.deep.equal([]);
      expect(steps.every((s) => s.op === "create")).to.equal(true);
      expect(Object.values(emu.statuses()).every((s) => s === "Paused")).to.equal(true);
      expect(emu.counts.writesApplied).to.equal(N);
      const c = emu.counts;
      const floor = (3 * N) / RATE.ratePerSecond;
      console.log(
        `      ${N} creates: ${seconds.toFixed(1)} s (floor ${floor.toFixed(1)} s), ` +
          `GetMember ${c.operations.GetMember.calls}, UpdateMemberSession ${c.operations.UpdateMemberSession.calls}, 429s ${c.throttled}`,
      );
    } finally {
      await started.stop();
    }
  });
});
