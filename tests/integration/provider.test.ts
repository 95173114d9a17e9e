// The provider with the real AWS SDK over HTTP against the emulator: a runtime pointed at the
// emulator's endpoint with dummy credentials, both on one manual clock, so backoffs and waits pass
// at once and are recorded (clock.sleeps). The rate-ceiling test alone runs on real time.
import { GetMemberCommand } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import * as sinon from "sinon";
import { MacieEmulator } from "../../emulator/emulator";
import { MemberStatusProvider } from "../../provider/lifecycle/provider";
import { systemClock, type Clock } from "../../provider/config/clock";
import type { ProviderSettings } from "../../provider/config/settings";
import { emulator, emulatorRuntime } from "../support/emulator";
import { failure } from "../support/failure";
import { ManualClock } from "../support/manual-clock";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const inputs = (status: string, extra: Record<string, unknown> = {}) => ({
  accountId: ACCOUNT,
  status,
  region: REGION,
  statusOnDelete: "ENABLED",
  ...extra,
});

let emu: MacieEmulator;
/** The test's clock: the emulator's and the providers'. */
let clock: ManualClock;

function provider(settings: Partial<ProviderSettings> = {}, time: Clock = clock): MemberStatusProvider {
  return new MemberStatusProvider(
    emulatorRuntime(emu, { waitTimeoutSeconds: 5, ...settings }, { clock: time }),
  );
}

/** Whether `part` appears in `all` in order, other values allowed in between. */
function inOrder(all: readonly number[], part: readonly number[]): boolean {
  let next = 0;
  for (const value of all) if (value === part[next]) next += 1;
  return next === part.length;
}

/** The shared emulator, and the providers made after this, on a new manual clock. */
async function onManualClock(): Promise<void> {
  clock = new ManualClock();
  emu = await emulator({ clock });
}

describe("provider over HTTP against the emulator", function () {
  this.timeout(30_000);
  beforeEach(async () => {
    await onManualClock();
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
  });

  it("converges with 1 write, and a second create makes none", async () => {
    const result = await provider().create(inputs("PAUSED"));
    expect(result.outs).to.include({ status: "PAUSED", relationshipStatus: "Paused" });
    expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Paused");
    expect(emu.calls("UpdateMemberSession")).to.equal(1);
    expect(emu.calls("GetMember")).to.equal(2);
    expect(clock.sleeps).to.deep.equal([]); // Macie showed the write at once: no poll waited
    await provider().create(inputs("PAUSED"));
    expect(emu.calls("UpdateMemberSession")).to.equal(1);
  });

  it("sees drift on read, and update converges it back", async () => {
    const p = provider();
    await p.create(inputs("PAUSED"));
    emu.setStatus(ACCOUNT, "Enabled");
    const read = await p.read(ACCOUNT, inputs("PAUSED"));
    expect(read.inputs).to.include({ status: "ENABLED" });
    const refreshed = { ...read.inputs };
    expect((await p.diff(ACCOUNT, refreshed, inputs("PAUSED"))).changes).to.equal(true);
    await p.update(ACCOUNT, refreshed, inputs("PAUSED"));
    expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Paused");
    expect(emu.counts.writesApplied).to.equal(2);
  });

  it("waits out a conflict window, reading back between writes", async () => {
    emu.addFault({ kind: "409", operation: "UpdateMemberSession", times: 3 });
    await provider().create(inputs("PAUSED"));
    expect(emu.counts.operations.UpdateMemberSession.answers).to.deep.equal({ "409": 3, "200": 1 });
    expect(emu.calls("GetMember")).to.equal(5);
    // The backoff alone, doubling (full jitter drawn at 0.5): a refused write is re-read at once.
    expect(clock.sleeps).to.deep.equal([125, 250, 500]);
  });

  it("retries writes refused during the busy window after someone else's change", async () => {
    emu.configure({ busyWindowMs: 400 });
    const p = provider();
    await p.create(inputs("PAUSED"));
    await p.update(ACCOUNT, inputs("PAUSED"), inputs("ENABLED"));
    expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Enabled");
    // Busy for 400 ms after the create's write: refused at 0, 125 and 375 ms, accepted at 875.
    expect(emu.counts.operations.UpdateMemberSession.answers).to.deep.equal({ "200": 2, "409": 3 });
    expect(clock.sleeps).to.deep.equal([125, 250, 500]);
    expect(emu.counts.writesApplied).to.equal(2);
  });

  it("rides out throttling and 5xx", async () => {
    emu.addFault({ kind: "429", operation: "GetMember", times: 2 });
    emu.addFault({ kind: "500", operation: "UpdateMemberSession" });
    emu.addFault({ kind: "503", operation: "GetMember" });
    await provider().create(inputs("PAUSED"));
    expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Paused");
    expect(emu.counts.writesApplied).to.equal(1);
    // Read: 429, 429, 503, 200. Write: 500 (nothing applied), read back for 3.5 s of the 5-s
    // settle window (4 reads: the next poll would pass it), then written again and read back once.
    expect(emu.counts.operations.GetMember.answers).to.deep.equal({ "429": 2, "503": 1, "200": 6 });
    expect(emu.counts.operations.UpdateMemberSession.answers).to.deep.equal({ "500": 1, "200": 1 });
    // Four failures' backoffs, doubling, then the settle wait's polls; the adaptive rate limiter,
    // slowed by the 429s, adds its own pauses in between.
    const sleeps = clock.sleeps;
    expect(
      inOrder(sleeps, [125, 250, 500, 1000, 500, 1000, 2000]),
      `sleeps ${JSON.stringify(sleeps)}`,
    ).to.equal(true);
  });

  it("after a connection dropped once the write was applied, reads back and writes no more", async () => {
    emu.addFault({ kind: "drop-after", operation: "UpdateMemberSession" });
    await provider().create(inputs("PAUSED"));
    expect(emu.calls("UpdateMemberSession")).to.equal(1);
    expect(emu.counts.writesApplied).to.equal(1);
    expect(clock.sleeps).to.deep.equal([125]); // the backoff; the read back shows the write at once
  });

  it("after a connection dropped before the write, reads back and writes again", async () => {
    emu.addFault({ kind: "drop-before", operation: "UpdateMemberSession" });
    await provider().create(inputs("PAUSED"));
    expect(emu.calls("UpdateMemberSession")).to.equal(2);
    expect(emu.counts.writesApplied).to.equal(1);
    expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Paused");
    // The backoff, then the member read back for 3.5 s of the 5-s settle window (the next poll, 4 s,
    // would pass it) before the second write: 1 read, 4 settling reads, 1 read after the write.
    expect(clock.sleeps).to.deep.equal([125, 500, 1000, 2000]);
    expect(emu.calls("GetMember")).to.equal(6);
  });

  it("fails at once on AccessDenied, with the account and request id in the message", async () => {
    emu.addFault({ kind: "403", operation: "GetMember", times: 5 });
    const error = await failure(provider().create(inputs("PAUSED")));
    expect(error.message).to.match(
      new RegExp(
        `GetMember for Macie member account ${ACCOUNT} in ${REGION} failed after 1 attempt: AccessDeniedException: .*\\(request id emu-`,
      ),
    );
    expect(emu.calls("GetMember")).to.equal(1);
  });

  it("fails plainly for an account that is not a member, and counts it deleted", async () => {
    emu.remove(ACCOUNT);
    const error = await failure(provider().create(inputs("PAUSED")));
    expect(error.message).to.contain(`Account ${ACCOUNT} is not an associated Macie member`);
    expect(await provider().read(ACCOUNT, inputs("PAUSED"))).to.deep.equal({});
    await provider().delete(ACCOUNT, inputs("PAUSED"));
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  });

  const statuses: [string, "error" | "gone"][] = [
    ["Invited", "error"],
    ["Created", "error"],
    ["EmailVerificationInProgress", "error"],
    ["EmailVerificationFailed", "error"],
    ["AccountSuspended", "error"],
    ["RegionDisabled", "error"],
    ["Removed", "gone"],
    ["Resigned", "gone"],
  ];
  for (const [status, kind] of statuses) {
    it(`handles a member that is ${status}: no write, ${kind === "gone" ? "gone on read" : "no status on read"}`, async () => {
      emu.setStatus(ACCOUNT, status);
      const error = await failure(provider().create(inputs("ENABLED")));
      expect(error.message).to.contain(status).and.contain(ACCOUNT);
      const read = await provider().read(ACCOUNT, inputs("ENABLED"));
      if (kind === "gone") expect(read).to.deep.equal({});
      else expect(read.props).to.include({ relationshipStatus: status }).and.not.have.property("status");
      expect(emu.calls("UpdateMemberSession")).to.equal(0);
    });
  }

  it("applies statusOnDelete on delete", async () => {
    const p = provider();
    await p.create(inputs("PAUSED"));
    await p.delete(ACCOUNT, inputs("PAUSED"));
    expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Enabled");
  });
});

describe("the Macie2 client under load", function () {
  this.timeout(30_000);

  it("makes exactly one attempt per call: the SDK retries nothing behind our back", async () => {
    await onManualClock();
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Paused" }]);
    emu.addFault({ kind: "500", operation: "GetMember" });
    await provider().read(ACCOUNT, inputs("PAUSED"));
    expect(emu.counts.operations.GetMember.answers).to.deep.equal({ "500": 1, "200": 1 });
    expect(clock.sleeps).to.deep.equal([125]); // our one backoff
  });

  it("resolves each command's middleware once per client, not on every call", async () => {
    await onManualClock();
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
    const resolved = sinon.spy(GetMemberCommand.prototype, "resolveMiddleware");
    try {
      // create: read, write, verifying read; then two refreshes (GetMember each below 20 reads).
      const p = provider();
      await p.create(inputs("PAUSED"));
      await p.read(ACCOUNT, inputs("PAUSED"));
      await p.read(ACCOUNT, inputs("PAUSED"));
      expect(emu.calls("GetMember")).to.equal(4);
      expect(resolved.callCount).to.equal(1);
    } finally {
      resolved.restore();
    }
  });

  it("holds every resource of the process under the configured ceiling: no 429 from a stricter Macie", async () => {
    // Real time: the pacing under test is of requests on a real wire. On a manual clock the limiter's
    // sleeps pass at once, so the reads leave as fast as the event loop turns and reach the emulator
    // bunched at one instant of its clock (tried: 14 of 40 throttled).
    emu = await emulator();
    const accounts = Array.from({ length: 40 }, (_, i) => String(600000000000 + i));
    emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Paused" })));
    emu.configure({ rateLimit: { ratePerSecond: 20, burst: 5 } });
    // Below the quota in rate and in burst: requests that leave evenly can still arrive bunched.
    // One GetMember each (no shared scan): 40 reads would otherwise be 20 GetMembers and a listing.
    const p = provider({ requestsPerSecond: 15, requestBurst: 2, readSnapshotSeconds: 0 }, systemClock);
    const results = await Promise.all(
      accounts.map((accountId) => p.read(accountId, { ...inputs("PAUSED"), accountId })),
    );
    expect(results.every((r) => r.props?.relationshipStatus === "Paused")).to.equal(true);
    expect(emu.counts.throttled).to.equal(0);
    expect(emu.calls("GetMember")).to.equal(40);
  });
});

describe("runtimes", function () {
  this.timeout(30_000);

  it("serve two emulators on two endpoints side by side in one process", async () => {
    const [east, west] = [new MacieEmulator(), new MacieEmulator()];
    await Promise.all([east.start(), west.start()]);
    try {
      east.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
      west.seed([{ accountId: ACCOUNT, relationshipStatus: "Paused" }]);
      const onEast = new MemberStatusProvider(emulatorRuntime(east, { waitTimeoutSeconds: 5 }));
      const onWest = new MemberStatusProvider(emulatorRuntime(west, { waitTimeoutSeconds: 5 }));
      const [readEast, readWest] = await Promise.all([
        onEast.read(ACCOUNT, inputs("ENABLED")),
        onWest.read(ACCOUNT, inputs("ENABLED")),
      ]);
      expect(readEast.inputs?.status).to.equal("ENABLED");
      expect(readWest.inputs?.status).to.equal("PAUSED");
      await onWest.update(ACCOUNT, { ...readWest.props }, inputs("ENABLED"));
      expect(west.member(ACCOUNT)?.relationshipStatus).to.equal("Enabled");
      expect([east.calls("GetMember"), east.calls("UpdateMemberSession")]).to.deep.equal([1, 0]);
      expect([west.calls("GetMember"), west.calls("UpdateMemberSession")]).to.deep.equal([3, 1]);
    } finally {
      await Promise.all([east.stop(), west.stop()]);
    }
  });
});
