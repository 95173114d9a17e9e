// The provider with the real AWS SDK against the emulator on its hostile days, as AWS has them:
// answers that never come or stall after the headers, stale reads after a write, malformed 200s,
// listings cut short or looping, "not a member" answers from a stranger's credentials. The emulator
// and the provider share a manual clock (backoffs, waits and the read lag pass at once, recorded in
// clock.sleeps), but for the request timeouts, which are real sockets' and run on real time.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { MacieMemberStatusPolicy } from "../../provider";
import { MemberStatusProvider } from "../../provider/lifecycle/provider";
import { systemClock, type Clock } from "../../provider/config/clock";
import type { ProviderSettings } from "../../provider/config/settings";
import { declare } from "../../harness/program";
import { emulator, emulatorRuntime, programOn, useRealTime } from "../support/emulator";
import { failure } from "../support/failure";
import { ManualClock } from "../support/manual-clock";

const REGION = "us-east-1";
const A = "123456789012";
const B = "210987654321";
const inputs = (status: string, accountId = A) => ({
  accountId,
  status,
  region: REGION,
  statusOnDelete: "ENABLED",
});

describe("against a hostile Macie (emulator, real SDK)", function () {
  this.timeout(60_000);
  let emu: MacieEmulator;
  let clock: ManualClock;
  const provider = (settings: Partial<ProviderSettings> = {}, time: Clock = clock) =>
    new MemberStatusProvider(emulatorRuntime(emu, { waitTimeoutSeconds: 10, ...settings }, { clock: time }));

  beforeEach(async () => {
    clock = new ManualClock();
    emu = await emulator({ clock });
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled" },
      { accountId: B, relationshipStatus: "Paused" },
    ]);
  });

  describe("time is bounded", () => {
    // Real time, the emulator's and the provider's: these are about sockets' timeouts, which only
    // real time ends, and the bound on the whole includes the real backoff between attempts.
    beforeEach(useRealTime);

    for (const kind of ["hold-before", "stall"] as const) {
      it(`a GetMember that ${kind === "stall" ? "sends headers, then stalls" : "never answers"} fails after the request timeout, naming the endpoint`, async () => {
        emu.addFault({ kind, operation: "GetMember", times: "always" });
        const started = Date.now();
        const error = await failure(
          provider({ requestTimeoutSeconds: 1, maxAttempts: 2 }, systemClock).read(A, inputs("PAUSED")),
        );
        expect(error.message)
          .to.contain("no complete answer from http://127.0.0.1:")
          .and.contain("within 1 s");
        expect(error.message).to.contain("after 2 attempts");
        expect(emu.calls("GetMember")).to.equal(2);
        // Bounded by maxAttempts × (request timeout + backoff), not by the server: well under 10 s.
        expect(Date.now() - started).to.be.lessThan(10_000);
      });
    }

    it("a write whose answer never comes is read back, not re-sent: 1 write, converged", async () => {
      emu.addFault({ kind: "hold-after", operation: "UpdateMemberSession" });
      const result = await provider({ requestTimeoutSeconds: 1 }, systemClock).create(inputs("PAUSED"));
      expect(result.outs).to.include({ status: "PAUSED" });
      expect([emu.calls("UpdateMemberSession"), emu.counts.writesApplied]).to.deep.equal([1, 1]);
    });
  });

  describe("stale reads (eventual consistency)", () => {
    it("a lost write answer followed by stale reads costs exactly one write", async () => {
      emu.setReadLag(1_500);
      emu.addFault({ kind: "drop-after", operation: "UpdateMemberSession" });
      const result = await provider().create(inputs("PAUSED"));
      expect(result.outs).to.include({ status: "PAUSED", relationshipStatus: "Paused" });
      expect([emu.calls("UpdateMemberSession"), emu.counts.writesApplied]).to.deep.equal([1, 1]);
      // Read back after the backoff (125 ms) and the settle polls (0.5 s, 1 s): stale until 1.5 s
      // after the write, then the write shows.
      expect(clock.sleeps).to.deep.equal([125, 500, 1000]);
      expect(emu.counts.operations.GetMember.answers).to.deep.equal({ "200": 2, stale: 2 });
    });
  });

  describe("malformed answers never reach state", () => {
    for (const body of ["empty-object", "empty", "truncated", "html", "missing-fields"] as const) {
      it(`GetMember answering 200 with a ${body} body is retried, then fails clearly`, async () => {
        emu.addFault({ kind: "malformed", body, operation: "GetMember", times: "always" });
        const error = await failure(provider({ maxAttempts: 3 }).read(A, inputs("PAUSED")));
        expect(error.message)
          .to.contain(`Macie member account ${A} in ${REGION}`)
          .and.contain("after 3 attempts");
        expect(emu.calls("GetMember")).to.equal(3);
        expect(clock.sleeps).to.deep.equal([125, 250]); // a backoff between attempts
      });
    }

    it("one malformed answer, then a whole one: the read succeeds", async () => {
      emu.addFault({ kind: "malformed", body: "missing-fields", operation: "GetMember" });
      const result = await provider().read(A, inputs("ENABLED"));
      expect(result.props).to.include({ relationshipStatus: "Enabled" });
      expect(emu.calls("GetMember")).to.equal(2);
      expect(clock.sleeps).to.deep.equal([125]);
    });
  });

  describe("the policy's listing", () => {
    const members = Array.from({ length: 120 }, (_, i) => String(400000000000 + i));
    const run = () =>
      declare(
        () => new MacieMemberStatusPolicy("org", { regions: [REGION], defaultStatus: "PAUSED" }).ready,
        {
          project: "hostile",
          stack: "test",
          ...programOn(emu, clock),
          config: { "macie:maxAttempts": "2" },
        },
      );
    beforeEach(() => emu.seed(members.map((accountId) => ({ accountId, relationshipStatus: "Enabled" }))));

    for (const [name, fault] of [
      [
        "page 2 answered {}",
        { kind: "malformed", body: "empty-object", operation: "ListMembers", after: 1, times: "always" },
      ],
      [
        "a member without relationshipStatus",
        { kind: "malformed", body: "missing-fields", operation: "ListMembers", times: "always" },
      ],
      [
        "a nextToken handed back for ever",
        { kind: "repeat-token", operation: "ListMembers", times: "always" },
      ],
    ] as const) {
      it(`${name}: the program fails before declaring any child, with 0 member calls`, async () => {
        emu.addFault(fault);
        const error = await failure(run());
        expect(error.message).to.match(/ListMembers|listing/);
        expect([emu.calls("GetMember"), emu.calls("UpdateMemberSession")]).to.deep.equal([0, 0]);
        expect(emu.calls("ListMembers")).to.be.at.most(10);
      });
    }

    it("a whole listing declares every member", async () => {
      const declared = await run();
      const regions = declared.filter((d) => d.type === "pulumi-nodejs:dynamic/macie:MemberStatusRegion");
      expect(regions.flatMap((d) => Object.keys(d.inputs.members as object))).to.have.length(122);
    });
  });

  describe('"gone" from a stranger', () => {
    const STATE = { ...inputs("PAUSED"), relationshipStatus: "Paused" };

    for (const answer of ["not-found", "not-associated", "not-enabled", "associated-conflict"] as const) {
      it(`refresh drops a member the administrator is told is gone (${answer})`, async () => {
        emu.remove(A);
        emu.setNonMemberAnswer(answer);
        expect(
          await provider().read(A, { ...STATE, administratorAccountId: emu.adminAccountId }),
        ).to.deep.equal({});
      });
    }

    it("refresh fails, naming both accounts, when a stranger's keys get the not-found answer", async () => {
      emu.setCallers({ accounts: { AKIASTRANGER0000001: "444455556666" } });
      const stranger = emulatorRuntime(
        emu,
        {},
        {
          credentials: { accessKeyId: "AKIASTRANGER0000001", secretAccessKey: "stranger" },
        },
      );
      const error = await failure(
        new MemberStatusProvider(stranger).read(A, { ...STATE, administratorAccountId: emu.adminAccountId }),
      );
      expect(error.message).to.contain("444455556666").and.contain(emu.adminAccountId);
      expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
    });
  });
});
