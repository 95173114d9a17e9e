// A fleet flip at one call per changed member (listed-writes.ts), through the policy's region
// resource against the emulator: the program's listing decides each write, one re-listing verifies
// them, and GetMember is spent only on what the re-listing does not show. Hostile cases — a listing
// made stale by a hand change, a re-listing cut short or refused, a write answer lost, a listing too
// old — with exact call counts and no write but the declared status, at most once per member.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { SETTINGS } from "../../provider/config/settings";
import { RegionMembersProvider } from "../../provider/lifecycle/region-provider";
import type { RegionOutputs } from "../../provider/lifecycle/region-state";
import type { Runtime } from "../../provider/lifecycle/runtime";
import type { ProviderSettings } from "../../provider/config/settings";
import { emulator, emulatorRuntime } from "../support/emulator";
import { failure } from "../support/failure";

const EAST = "us-east-1";
const FRESH_SECONDS = SETTINGS.writeFromListingSeconds.default;
const account = (i: number) => String(100000000000 + i);
const accounts = (n: number) => Array.from({ length: n }, (_, i) => account(i));

let emu: MacieEmulator;
let runtimes: Runtime[] = [];

function provider(settings: Partial<ProviderSettings> = {}): RegionMembersProvider {
  const runtime = emulatorRuntime(emu, { maxAttempts: 3, waitTimeoutSeconds: 5, ...settings });
  runtimes.push(runtime);
  return new RegionMembersProvider(runtime);
}

function calls() {
  return {
    list: emu.calls("ListMembers"),
    get: emu.calls("GetMember"),
    update: emu.calls("UpdateMemberSession"),
  };
}

/** The inputs of a program that listed `ids` as `listed` and declares them all `declared`. */
function flip(ids: string[], declared: string, listed: string, listedAt = new Date().toISOString()) {
  return {
    region: EAST,
    members: Object.fromEntries(ids.map((id) => [id, declared])),
    pending: Object.fromEntries(ids.map((id) => [id, listed])),
    listedAt,
  };
}

/** Applied writes per member, from the emulator's own count: never more than one each. */
function writesApplied(): number[] {
  return Object.values(emu.counts.writesByMember);
}

describe("a fleet flip at one call per changed member (policy region, against the emulator)", function () {
  this.timeout(60_000);
  beforeEach(async () => (emu = await emulator()));
  afterEach(() => {
    for (const runtime of runtimes) runtime.destroy();
    runtimes = [];
  });

  function seed(ids: string[], relationshipStatus: string): void {
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus, region: EAST })));
  }

  it("flips 100 members with 100 writes and one re-listing of 4 pages: no GetMember", async () => {
    const ids = accounts(100);
    seed(ids, "Enabled");
    const created = await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST))).to.deep.equal(ids.map(() => "Paused"));
    expect(Object.values((created.outs as RegionOutputs).members)).to.deep.equal(ids.map(() => "PAUSED"));
    expect(calls()).to.deep.equal({ list: 4, get: 0, update: 100 });
  });

  it("reads a single changed member back instead of re-listing its region", async () => {
    const ids = accounts(60);
    seed(ids, "Enabled");
    const inputs = { ...flip(ids, "ENABLED", "Enabled"), pending: { [ids[7]]: "Paused" } };
    emu.setStatus(ids[7], "Paused", EAST);
    await provider().create(inputs);
    expect(emu.statuses(EAST)[ids[7]]).to.equal("Enabled");
    // 1 write, then 1 GetMember sees it: cheaper than the 3 pages of a re-listing.
    expect(calls()).to.deep.equal({ list: 0, get: 1, update: 1 });
  });

  it("a member set by hand to its declared status after the listing still gets one write of that status, and ends at it", async () => {
    const ids = accounts(30);
    seed(ids, "Enabled");
    emu.setStatus(ids[0], "Paused", EAST); // after the program's listing, which showed it Enabled
    await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    expect(writesApplied().every((n) => n === 1)).to.equal(true);
    expect(emu.counts.writesApplied).to.equal(29); // the hand-paused one needed no change
    // The busy window after the hand change answers its write 409: read back, Paused, done.
    expect(calls().update).to.equal(30);
  });

  it("a member re-invited by hand after the listing is not changed, and the run names it", async () => {
    const ids = accounts(30);
    seed(ids, "Enabled");
    emu.setStatus(ids[3], "Invited", EAST);
    const error = await failure(provider().create(flip(ids, "PAUSED", "Enabled")));
    expect(error.message).to.contain(`1 of 30 members could not be set`);
    expect(error.message).to.contain(ids[3]);
    expect(emu.statuses(EAST)[ids[3]]).to.equal("Invited");
    expect(emu.counts.writesApplied).to.equal(29);
    const recorded = (error as unknown as { properties: { members: Record<string, string> } }).properties
      .members;
    expect(recorded[ids[3]]).to.equal("Invited");
    expect(recorded[ids[4]]).to.equal("PAUSED");
  });

  it("a re-listing cut short costs a GetMember for each member it did not show, never a second write", async () => {
    const ids = accounts(100);
    seed(ids, "Enabled");
    // The re-listing's second page comes without its nextToken: it ends after 50 members, looking whole.
    emu.addFault({ kind: "cut-short", operation: "ListMembers", after: 1 });
    await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    expect(calls()).to.deep.equal({ list: 2, get: 50, update: 100 });
    expect(writesApplied().every((n) => n === 1)).to.equal(true);
  });

  it("a re-listing that fails (a repeated token) falls back to a GetMember each, never a second write", async () => {
    const ids = accounts(100);
    seed(ids, "Enabled");
    emu.addFault({ kind: "repeat-token", operation: "ListMembers", after: 1 });
    await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    expect(calls()).to.deep.equal({ list: 2, get: 100, update: 100 });
  });

  it("a write whose answer was lost is read back before any second write: one write per member", async () => {
    const ids = accounts(40);
    seed(ids, "Enabled");
    emu.addFault({ kind: "drop-after", operation: "UpdateMemberSession", accountId: ids[5] });
    await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    expect(calls().update).to.equal(40);
    expect(writesApplied()).to.have.length(40);
    expect(writesApplied().every((n) => n === 1)).to.equal(true);
  });

  it("a throttled write is refused, not lost: one GetMember reads it back, then the write goes again", async () => {
    const ids = accounts(40);
    seed(ids, "Enabled");
    emu.addFault({ kind: "429", operation: "UpdateMemberSession", accountId: ids[3] });
    await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    // 40 writes + the refused one; one read back (not 5 s of polls); 2 pages to verify.
    expect(calls()).to.deep.equal({ list: 2, get: 1, update: 41 });
  });

  it("a listing lagging behind the writes is made up for by GetMember, one member at a time", async () => {
    const ids = accounts(50);
    seed(ids, "Enabled");
    emu.setReadLag(300); // reads show the old status for 0.3 s after a change
    await provider().create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    const { list, get, update } = calls();
    expect([list, update]).to.deep.equal([2, 50]);
    expect(get).to.be.at.least(1).and.at.most(100); // polls only for what the re-listing showed stale
  });

  it(`redoes a listing older than ${FRESH_SECONDS} s before deciding: members already at their status get no write`, async () => {
    const ids = accounts(100);
    seed(ids, "Enabled");
    for (const id of ids.slice(0, 10)) emu.setStatus(id, "Paused", EAST); // since the old listing
    const old = new Date(Date.now() - (FRESH_SECONDS + 5) * 1000).toISOString();
    await provider().create(flip(ids, "PAUSED", "Enabled", old));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    // 4 pages to decide, 90 writes, 4 pages to verify.
    expect(calls()).to.deep.equal({ list: 8, get: 0, update: 90 });
  });

  it("a listing from the future is not fresh: the region is listed again before any write", async () => {
    const ids = accounts(3);
    seed(ids, "Enabled");
    const future = new Date(Date.now() + 3600_000).toISOString();
    await provider().create(flip(ids, "PAUSED", "Enabled", future));
    // 1 page to decide, 3 writes, 1 page to verify.
    expect(calls()).to.deep.equal({ list: 2, get: 0, update: 3 });
  });

  it("a listing with no time decides nothing: a few members in a big region are each read before the write", async () => {
    const ids = accounts(100);
    seed(ids, "Enabled");
    const { listedAt: _none, ...inputs } = flip(ids, "ENABLED", "Enabled");
    for (const id of [ids[1], ids[2]]) emu.setStatus(id, "Paused", EAST);
    await provider().create({ ...inputs, pending: { [ids[1]]: "Paused", [ids[2]]: "Paused" } });
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Enabled")).to.equal(true);
    // 2 members: GetMember, write, GetMember each — cheaper than 4 pages to decide on.
    expect(calls()).to.deep.equal({ list: 0, get: 4, update: 2 });
  });

  it("with writeFromListingSeconds 0, each write is decided on a GetMember of its own and waited for: 3 calls a member", async () => {
    const ids = accounts(30);
    seed(ids, "Enabled");
    await provider({ writeFromListingSeconds: 0 }).create(flip(ids, "PAUSED", "Enabled"));
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Paused")).to.equal(true);
    expect(calls()).to.deep.equal({ list: 0, get: 60, update: 30 });
  });

  it("takes each member's slot in the change limit before its write: past the limit, nothing is sent", async () => {
    const ids = accounts(60);
    seed(ids, "Enabled");
    const error = await failure(provider({ maxChangesPerRun: 10 }).create(flip(ids, "PAUSED", "Enabled")));
    expect(error.message).to.contain("50 of 60 members could not be set");
    expect(calls().update).to.equal(10);
    expect(Object.values(emu.statuses(EAST)).filter((s) => s === "Paused")).to.have.length(10);
    const recorded = (error as unknown as { properties: { members: Record<string, string> } }).properties
      .members;
    expect(Object.values(recorded).filter((s) => s === "PAUSED")).to.have.length(10);
    expect(Object.values(recorded).filter((s) => s === "ENABLED")).to.have.length(50);
  });

  it("destroy releases from its own listing the same way: one write each, one re-listing", async () => {
    const ids = accounts(100);
    seed(ids, "Paused");
    const p = provider();
    await p.delete(EAST, {
      region: EAST,
      members: Object.fromEntries(ids.map((id) => [id, "PAUSED"])),
      statusOnDelete: "ENABLED",
      administratorAccountId: emu.adminAccountId,
    });
    expect(Object.values(emu.statuses(EAST)).every((s) => s === "Enabled")).to.equal(true);
    expect(calls()).to.deep.equal({ list: 8, get: 0, update: 100 });
  });
});
