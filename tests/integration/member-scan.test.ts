// Refresh reads served from one shared ListMembers scan per region (member-scan.ts), over HTTP
// against the emulator, with exact call counts: small stacks stay on GetMember, a big refresh
// costs the first GetMember reads plus ⌈members/25⌉ pages, and nothing the scan did not list as a
// present member — absent, gone, or beyond a failed, malformed, cut-short or looping page — is
// called gone without its own GetMember. The emulator and the providers share a manual clock:
// retries' backoffs pass at once (recorded in clock.sleeps), and the snapshot's age is the clock's.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { PAGE_SIZE } from "../../provider/member/discover";
import { GET_MEMBER_READS } from "../../provider/lifecycle/member-scan";
import { MemberStatusProvider, type MemberReadResult } from "../../provider/lifecycle/provider";
import type { Runtime } from "../../provider/lifecycle/runtime";
import type { ProviderSettings } from "../../provider/config/settings";
import { emulator, emulatorRuntime } from "../support/emulator";
import { ManualClock } from "../support/manual-clock";

const EAST = "us-east-1";
const WEST = "eu-west-1";
const account = (i: number) => String(100000000000 + i);
const accounts = (n: number) => Array.from({ length: n }, (_, i) => account(i));

let emu: MacieEmulator;
let clock: ManualClock;
let runtimes: Runtime[] = [];

function provider(settings: Partial<ProviderSettings> = {}): MemberStatusProvider {
  const runtime = emulatorRuntime(emu, { maxAttempts: 2, ...settings }, { clock });
  runtimes.push(runtime);
  return new MemberStatusProvider(runtime);
}

function seed(n: number, region = EAST, relationshipStatus = "Enabled"): void {
  emu.seed(accounts(n).map((accountId) => ({ accountId, relationshipStatus, region })));
}

/** A refresh's read of `accountId`, with the state a create recorded. */
function read(p: MemberStatusProvider, accountId: string, region = EAST): Promise<MemberReadResult> {
  return p.read(accountId, {
    accountId,
    status: "ENABLED",
    region,
    statusOnDelete: "ENABLED",
    administratorAccountId: emu.adminAccountId,
  });
}

/** Reads of `ids`, `parallel` at a time as the engine sends them, in order of arrival. */
async function refresh(
  p: MemberStatusProvider,
  ids: readonly string[],
  region = EAST,
  parallel = 8,
): Promise<MemberReadResult[]> {
  const results: MemberReadResult[] = new Array<MemberReadResult>(ids.length);
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const i = next++;
      results[i] = await read(p, ids[i], region);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return results;
}

const gone = (results: MemberReadResult[]) => results.filter((r) => r.id === undefined).length;
const calls = () => [emu.calls("GetMember"), emu.calls("ListMembers")];
/** ListMembers pages of a region of `n` members: 25 a page, the most Macie's API model allows. */
const pages = (n: number) => Math.ceil(n / PAGE_SIZE);

describe("refresh reads from a shared ListMembers scan", function () {
  this.timeout(60_000);
  beforeEach(async () => {
    clock = new ManualClock();
    emu = await emulator({ clock });
    emu.setReadLag(0);
  });
  afterEach(() => {
    for (const runtime of runtimes) runtime.destroy();
    runtimes = [];
  });

  it(`keeps a 3-resource stack on GetMember: 3 GetMember, 0 ListMembers (threshold ${GET_MEMBER_READS})`, async () => {
    seed(500);
    const results = await refresh(provider(), accounts(3));
    expect(calls()).to.deep.equal([3, 0]);
    expect(results.map((r) => r.props?.status)).to.deep.equal(["ENABLED", "ENABLED", "ENABLED"]);
  });

  it("serves the reads past the threshold from one scan: 20 GetMember + ⌈members/25⌉ ListMembers", async () => {
    seed(1000);
    emu.setStatus(account(700), "Paused");
    const results = await refresh(provider(), accounts(1000));
    expect(PAGE_SIZE).to.equal(25);
    expect(calls()).to.deep.equal([GET_MEMBER_READS, 40]);
    expect(gone(results)).to.equal(0);
    expect(results[700].props).to.include({ status: "PAUSED", relationshipStatus: "Paused" });
    expect(results[700].inputs).to.include({ status: "PAUSED" });
    expect(results[699].props).to.include({
      status: "ENABLED",
      administratorAccountId: emu.adminAccountId,
      arn: `arn:aws:macie2:${EAST}:${emu.adminAccountId}:member/${account(699)}`,
    });
    // The stack holds 120 of 130 members, down to the last page's: one scan of every page.
    emu.reset();
    seed(130);
    await refresh(provider(), accounts(130).slice(10));
    expect(calls()).to.deep.equal([GET_MEMBER_READS, pages(130)]);
  });

  it("makes no scan at all with readSnapshotSeconds 0", async () => {
    seed(60);
    await refresh(provider({ readSnapshotSeconds: 0 }), accounts(60));
    expect(calls()).to.deep.equal([60, 0]);
  });

  it("confirms a member missing from a whole scan with exactly 1 GetMember, then drops it", async () => {
    seed(60);
    const missing = account(5000);
    const results = await refresh(provider(), [...accounts(60), missing]);
    expect(calls()).to.deep.equal([GET_MEMBER_READS + 1, pages(60)]);
    expect(results[60]).to.deep.equal({});
    expect(gone(results)).to.equal(1);
  });

  it("confirms a member listed as Removed with its own GetMember before it is called gone", async () => {
    seed(60);
    emu.setStatus(account(40), "Removed");
    const results = await refresh(provider(), accounts(60));
    expect(calls()).to.deep.equal([GET_MEMBER_READS + 1, pages(60)]);
    expect(results[40]).to.deep.equal({});
    expect(gone(results)).to.equal(1);
  });

  // 120 members read in order, one at a time: reads 0–19 by GetMember, 20–24 from page 1, and the
  // 95 members of pages 2–5 each by GetMember when the scan cannot be trusted past page 1.
  // The last: the backoffs seen (maxAttempts 2: one retry of a malformed page; a loop is not retried).
  const broken: [string, Parameters<MacieEmulator["addFault"]>[0], number, number[]][] = [
    [
      "a malformed second page (after its retries)",
      { kind: "malformed", operation: "ListMembers", after: 1, times: "always" },
      1 + 2,
      [125],
    ],
    [
      "a second page that repeats its token",
      { kind: "repeat-token", operation: "ListMembers", after: 1 },
      2,
      [],
    ],
  ];
  for (const [name, fault, listCalls, sleeps] of broken) {
    it(`drops nothing on ${name}: the 95 reads it could not serve fall back to GetMember`, async () => {
      seed(120);
      emu.addFault(fault);
      const results = await refresh(provider(), accounts(120), EAST, 1);
      expect(calls()).to.deep.equal([GET_MEMBER_READS + 95, listCalls]);
      expect(gone(results)).to.equal(0);
      expect(results.every((r) => r.props?.status === "ENABLED")).to.equal(true);
      expect(clock.sleeps).to.deep.equal(sleeps);
    });
  }

  it("drops nothing on a listing cut short (no nextToken after page 1): 95 confirming GetMembers", async () => {
    seed(120);
    emu.addFault({ kind: "cut-short", operation: "ListMembers" });
    const results = await refresh(provider(), accounts(120), EAST, 1);
    expect(calls()).to.deep.equal([GET_MEMBER_READS + 95, 1]);
    expect(gone(results)).to.equal(0);
  });

  it("drops nothing when the scan's first page fails: every read past the threshold is a GetMember", async () => {
    seed(120);
    emu.addFault({ kind: "500", operation: "ListMembers", times: "always" });
    const results = await refresh(provider(), accounts(120));
    expect(calls()).to.deep.equal([120, 2]);
    expect(gone(results)).to.equal(0);
    expect(clock.sleeps).to.deep.equal([125]); // one retry of page 1 (maxAttempts 2), then no scan
  });

  it("snapshot: a member changed by hand during the scan reads as the page that listed it showed", async () => {
    seed(120);
    emu.addFault({ kind: "hold-before", operation: "ListMembers", after: 1 });
    const p = provider();
    await refresh(p, accounts(GET_MEMBER_READS));
    // Read 21 starts the scan and is served from page 1 (members 0–24); page 2 (25–49) is held.
    const early = await read(p, account(22));
    expect(early.props?.status).to.equal("ENABLED");
    // Until page 2 is held (bounded, so a broken scan fails here instead of hanging the run).
    for (let tries = 0; emu.calls("ListMembers") < 2; tries += 1) {
      expect(tries, "page 2 of the scan was never asked for").to.be.below(500);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Both change by hand now: 22 was listed before, 30 is listed after (page 2 is asked again).
    emu.setStatus(account(22), "Paused");
    emu.setStatus(account(30), "Paused");
    const later = read(p, account(30));
    expect(emu.release()).to.equal(1);
    expect((await later).props?.status).to.equal("PAUSED");
    // Within the snapshot, 22 keeps the value its page showed; the next refresh (a new host) sees Paused.
    expect((await read(p, account(22))).props?.status).to.equal("ENABLED");
    // The last page (a read waits for it): page 1, page 2 held then asked again, pages 3–5.
    expect((await read(p, account(119))).props?.status).to.equal("ENABLED");
    expect(calls()).to.deep.equal([GET_MEMBER_READS, 1 + 2 + 3]);
    expect((await read(provider(), account(22))).props?.status).to.equal("PAUSED");
    expect(calls()).to.deep.equal([GET_MEMBER_READS + 1, 6]);
    expect(clock.sleeps).to.deep.equal([125]); // the backoff before page 2 was asked again
  });

  it("serves a finished scan for readSnapshotSeconds from its start, then GetMember first again", async () => {
    seed(60);
    const p = provider({ readSnapshotSeconds: 60 });
    await refresh(p, accounts(60));
    expect(calls()).to.deep.equal([GET_MEMBER_READS, pages(60)]);
    clock.advance(60_000);
    await refresh(p, accounts(10));
    expect(calls()).to.deep.equal([GET_MEMBER_READS, pages(60)]);
    clock.advance(1);
    await refresh(p, accounts(60));
    expect(calls()).to.deep.equal([2 * GET_MEMBER_READS, 2 * pages(60)]);
  });

  it("scans two regions independently, each with its own threshold and pages", async () => {
    seed(60, EAST, "Enabled");
    seed(110, WEST, "Paused");
    const p = provider();
    const [east, west] = await Promise.all([refresh(p, accounts(60), EAST), refresh(p, accounts(110), WEST)]);
    expect(calls()).to.deep.equal([2 * GET_MEMBER_READS, pages(60) + pages(110)]);
    expect(east.every((r) => r.props?.status === "ENABLED" && r.props.region === EAST)).to.equal(true);
    expect(west.every((r) => r.props?.status === "PAUSED" && r.props.region === WEST)).to.equal(true);
  });

  it("lags like GetMember under the emulator's read lag, and a write still decides on a fresh GetMember", async () => {
    seed(60);
    emu.setReadLag(60_000);
    emu.setStatus(account(50), "Paused");
    const p = provider();
    const results = await refresh(p, accounts(60));
    // The listing is eventually consistent like GetMember: within the lag it still shows Enabled.
    expect(results[50].props?.status).to.equal("ENABLED");
    expect(calls()).to.deep.equal([GET_MEMBER_READS, pages(60)]);
    emu.setReadLag(0);
    // Create converges on its own GetMember (which now shows Paused), never on the scan: no write.
    const created = await p.create({ accountId: account(50), status: "PAUSED", region: EAST });
    expect(created.outs).to.include({ status: "PAUSED" });
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
    expect(calls()).to.deep.equal([GET_MEMBER_READS + 1, pages(60)]);
    // Update and delete too: update reads 1 (Paused already, no write), delete reads, writes
    // statusOnDelete ENABLED and reads back: 3 more GetMembers, 1 write, no scan.
    const outs = created.outs as Record<string, unknown>;
    await p.update(account(50), { ...outs, status: "ENABLED" }, { ...outs, status: "PAUSED" });
    await p.delete(account(50), outs);
    expect(calls()).to.deep.equal([GET_MEMBER_READS + 4, pages(60)]);
    expect(emu.calls("UpdateMemberSession")).to.equal(1);
  });
});
