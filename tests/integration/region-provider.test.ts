// The policy's per-region resource (region-provider.ts) against the emulator, with exact call
// counts: create and update read and write only the members the program's listing found pending,
// release the dropped ones as their own MacieMemberStatus would, record a partial failure honestly,
// refresh at list cost (25 members a call, the most Macie's API model allows) without dropping a member on a listing's word alone, and
// delete with only the writes the listing says are needed.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { RegionMembersProvider } from "../../provider/lifecycle/region-provider";
import type { RegionOutputs } from "../../provider/lifecycle/region-state";
import type { Runtime, RuntimeOptions } from "../../provider/lifecycle/runtime";
import type { ProviderSettings } from "../../provider/config/settings";
import { emulator, emulatorRuntime } from "../support/emulator";
import { failure } from "../support/failure";

const EAST = "us-east-1";
const account = (i: number) => String(100000000000 + i);
const accounts = (n: number) => Array.from({ length: n }, (_, i) => account(i));
const [A, B, C] = accounts(3);

let emu: MacieEmulator;
let runtimes: Runtime[] = [];

function newRun(
  settings: Partial<ProviderSettings> = {},
  options: RuntimeOptions = {},
): {
  provider: RegionMembersProvider;
  runtime: Runtime;
} {
  const runtime = emulatorRuntime(emu, { maxAttempts: 2, waitTimeoutSeconds: 5, ...settings }, options);
  runtimes.push(runtime);
  return { provider: new RegionMembersProvider(runtime), runtime };
}

function seed(ids: string[], relationshipStatus = "Enabled"): void {
  emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus, region: EAST })));
}

/** Macie calls so far, by operation. */
function calls() {
  return {
    list: emu.calls("ListMembers"),
    get: emu.calls("GetMember"),
    update: emu.calls("UpdateMemberSession"),
  };
}

/** A state as create recorded it (a plain bag, as the engine hands it over). */
function state(
  members: Record<string, string>,
  statusOnDelete = "ENABLED",
): RegionOutputs & Record<string, unknown> {
  return {
    region: EAST,
    members,
    statusOnDelete: statusOnDelete as RegionOutputs["statusOnDelete"],
    administratorAccountId: emu.adminAccountId,
  };
}

describe("a policy's region resource (against the emulator)", function () {
  this.timeout(60_000);
  beforeEach(async () => (emu = await emulator()));
  afterEach(() => {
    for (const runtime of runtimes) runtime.destroy();
    runtimes = [];
  });

  describe("create", () => {
    it("reads and writes only the pending members; the rest are recorded as listed, with no call", async () => {
      seed([A, B, C]);
      const { provider } = newRun();
      const created = await provider.create({
        region: EAST,
        members: { [A]: "PAUSED", [B]: "ENABLED", [C]: "ENABLED" },
        pending: { [A]: "Enabled" },
      });
      expect(created.id).to.equal(EAST);
      expect(created.outs).to.deep.equal({
        ...state({ [A]: "PAUSED", [B]: "ENABLED", [C]: "ENABLED" }),
      });
      // A: GetMember, UpdateMemberSession, GetMember (shows PAUSED); B and C: nothing.
      expect(calls()).to.deep.equal({ list: 0, get: 2, update: 1 });
      expect(emu.statuses(EAST)).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Enabled" });
    });

    it("decides every write on a fresh GetMember: a pending member already changed by hand gets none", async () => {
      seed([A], "Paused"); // listed Enabled by the program, paused by hand since
      const { provider } = newRun();
      await provider.create({ region: EAST, members: { [A]: "PAUSED" }, pending: { [A]: "Enabled" } });
      expect(calls()).to.deep.equal({ list: 0, get: 1, update: 0 });
    });

    it("without a pending list, reads every member", async () => {
      seed([A, B]);
      const { provider } = newRun();
      await provider.create({ region: EAST, members: { [A]: "ENABLED", [B]: "PAUSED" } });
      expect(calls()).to.deep.equal({ list: 0, get: 3, update: 1 });
    });

    it("fails part-way as a partial failure: the state records the others as set and the failed one as listed", async () => {
      seed([A, B, C]);
      emu.addFault({ kind: "403", operation: "UpdateMemberSession", accountId: B });
      const { provider } = newRun();
      const error: Error & { id?: string; properties?: RegionOutputs } = await failure(
        provider.create({
          region: EAST,
          members: { [A]: "PAUSED", [B]: "PAUSED", [C]: "PAUSED" },
          pending: { [A]: "Enabled", [B]: "Enabled", [C]: "Enabled" },
        }),
      );
      expect(error.message).to.match(
        /Setting the Macie members held in us-east-1: 1 of 3 members could not be set/,
      );
      expect(error.message).to.contain(`Setting Macie member account ${B} in ${EAST} to PAUSED`);
      expect(error.id).to.equal(EAST);
      expect(error.properties?.members).to.deep.equal({ [A]: "PAUSED", [B]: "ENABLED", [C]: "PAUSED" });
      expect(emu.statuses(EAST)).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Paused" });
    });

    it("drops a member that left since the program listed it, without a write or an error", async () => {
      seed([A]);
      const { provider } = newRun();
      const created = await provider.create({
        region: EAST,
        members: { [A]: "PAUSED", [B]: "PAUSED" },
        pending: { [A]: "Enabled", [B]: "Enabled" },
      });
      expect((created.outs as RegionOutputs).members).to.deep.equal({ [A]: "PAUSED" });
      expect(calls().update).to.equal(1);
    });
  });

  describe("diff (no AWS calls)", () => {
    const olds = () => state({ [A]: "PAUSED", [B]: "ENABLED" });
    const news = (extra: Record<string, unknown> = {}) => ({
      region: EAST,
      members: { [A]: "PAUSED", [B]: "ENABLED" },
      statusOnDelete: "ENABLED",
      pending: {},
      ...extra,
    });

    it("is quiet when the map is the same and nothing is pending", async () => {
      const { provider } = newRun();
      expect(await provider.diff(EAST, olds(), news())).to.deep.equal({ changes: false, replaces: [] });
    });

    it("updates for a pending member (drift the program's listing saw), a member added, dropped or declared otherwise, and statusOnDelete", async () => {
      const { provider } = newRun();
      for (const changed of [
        news({ pending: { [B]: "Paused" } }),
        news({ members: { [A]: "PAUSED", [B]: "ENABLED", [C]: "PAUSED" } }),
        news({ members: { [A]: "PAUSED" } }),
        news({ members: { [A]: "ENABLED", [B]: "ENABLED" } }),
        news({ statusOnDelete: "UNCHANGED" }),
      ])
        expect(await provider.diff(EAST, olds(), changed), JSON.stringify(changed)).to.deep.equal({
          changes: true,
          replaces: [],
        });
      // The engine's diff after a refresh: the observed state against the last up's inputs, whose
      // pending list that up acted on (same listedAt) — no change; a new listing's pending is one.
      const listedAt = "2026-11-27T10:00:00.000Z";
      const acted = { ...olds(), listedAt };
      expect(await provider.diff(EAST, acted, news({ pending: { [B]: "Paused" }, listedAt }))).to.deep.equal({
        changes: false,
        replaces: [],
      });
      const later = news({ pending: { [B]: "Paused" }, listedAt: "2026-11-27T11:00:00.000Z" });
      expect(await provider.diff(EAST, acted, later)).to.deep.equal({ changes: true, replaces: [] });
      expect(await provider.diff(EAST, olds(), news({ region: "eu-west-1" }))).to.deep.equal({
        changes: true,
        replaces: ["region"],
      });
      expect(calls()).to.deep.equal({ list: 0, get: 0, update: 0 });
    });
  });

  describe("update", () => {
    it("sets the pending, records a joined member listed at its status with no call, releases a dropped one", async () => {
      seed([A, B, C]);
      emu.setStatus(B, "Paused", EAST);
      const { provider } = newRun();
      const updated = await provider.update(EAST, state({ [A]: "ENABLED", [B]: "PAUSED" }), {
        region: EAST,
        members: { [A]: "PAUSED", [C]: "ENABLED" }, // A set otherwise, B dropped, C joined
        statusOnDelete: "ENABLED",
        pending: { [A]: "Enabled" },
        dropped: [B], // on purpose (the policy excludes it)
      });
      expect((updated.outs as RegionOutputs).members).to.deep.equal({ [A]: "PAUSED", [C]: "ENABLED" });
      expect(emu.statuses(EAST)).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Enabled" });
      // A: get, write, get; B (released to ENABLED): get, write, get; C: nothing.
      expect(calls()).to.deep.equal({ list: 0, get: 4, update: 2 });
    });

    it("never writes to a member the listing merely lacks: GetMember shows it Paused → kept as PAUSED, and the update fails", async () => {
      seed([A, B], "Paused");
      const { provider } = newRun();
      const error = await failure(
        provider.update(EAST, state({ [A]: "PAUSED", [B]: "PAUSED" }), {
          region: EAST,
          members: { [A]: "PAUSED" }, // B not listed (a cut-short or lacking page), not dropped on purpose
          statusOnDelete: "ENABLED",
          pending: {},
        }),
      );
      expect(error.message).to.contain(B).and.contain("nothing was written to it");
      const recorded = (error as Error & { properties: RegionOutputs }).properties;
      expect(recorded.members).to.deep.equal({ [A]: "PAUSED", [B]: "PAUSED" });
      expect(calls()).to.deep.equal({ list: 0, get: 1, update: 0 }); // B: one GetMember
      expect(emu.statuses(EAST)).to.deep.equal({ [A]: "Paused", [B]: "Paused" });
    });

    it("drops a member the listing lacks and GetMember confirms gone, with no write", async () => {
      seed([A, B], "Paused");
      emu.remove(B, EAST);
      const { provider } = newRun();
      const updated = await provider.update(EAST, state({ [A]: "PAUSED", [B]: "PAUSED" }), {
        region: EAST,
        members: { [A]: "PAUSED" },
        statusOnDelete: "ENABLED",
        pending: {},
      });
      expect((updated.outs as RegionOutputs).members).to.deep.equal({ [A]: "PAUSED" });
      expect(calls()).to.deep.equal({ list: 0, get: 1, update: 0 });
    });

    it("leaves a dropped member alone when a resource declared in this run holds it (handover)", async () => {
      seed([A, B], "Paused");
      const { provider, runtime } = newRun();
      runtime.handover.claim(EAST, B); // e.g. a MacieMemberStatus for B, checked earlier this run
      await provider.update(EAST, state({ [A]: "PAUSED", [B]: "PAUSED" }), {
        region: EAST,
        members: { [A]: "PAUSED" },
        statusOnDelete: "ENABLED",
        pending: {},
      });
      expect(calls()).to.deep.equal({ list: 0, get: 0, update: 0 });
      expect(emu.statuses(EAST)[B]).to.equal("Paused");
    });

    it("check claims every member of the map for the run", async () => {
      const { provider, runtime } = newRun();
      const checked = await provider.check({}, { region: EAST, members: { [A]: "PAUSED" }, pending: {} });
      expect(checked.failures).to.deep.equal([]);
      expect(runtime.handover.isClaimed(EAST, A)).to.equal(true);
      expect(runtime.handover.isClaimed(EAST, B)).to.equal(false);
    });
  });

  describe("read (refresh)", () => {
    it("reads a map of 20 members or fewer with GetMember each, and records drift", async () => {
      seed([A, B]);
      emu.setStatus(B, "Paused", EAST); // by hand
      const { provider } = newRun();
      const read = await provider.read(EAST, state({ [A]: "ENABLED", [B]: "ENABLED" }));
      expect(read.props.members).to.deep.equal({ [A]: "ENABLED", [B]: "PAUSED" });
      // No inputs: the engine keeps the last up's, so a refresh that finds no drift changes nothing.
      expect(read).to.not.have.property("inputs");
      expect(calls()).to.deep.equal({ list: 0, get: 2, update: 0 });
    });

    it("reads 1,000 members with 40 ListMembers calls; a member the listing lacks is read before it is dropped", async () => {
      const ids = accounts(1000);
      seed(ids.slice(0, 999));
      emu.setStatus(ids[5], "Paused", EAST);
      const { provider } = newRun();
      const recorded = Object.fromEntries(ids.map((id) => [id, "ENABLED"]));
      const read = await provider.read(EAST, state(recorded));
      expect(Object.keys(read.props.members)).to.have.length(999); // ids[999] is not a member
      expect(read.props.members[ids[5]]).to.equal("PAUSED");
      expect(calls()).to.deep.equal({ list: 40, get: 1, update: 0 });
    });

    it("a malformed listing drops nothing: the refresh fails before anything is read or recorded", async () => {
      const ids = accounts(120);
      seed(ids);
      emu.addFault({ kind: "malformed", operation: "ListMembers", after: 1, times: "always" });
      const { provider } = newRun({ maxAttempts: 1 });
      const error = await failure(
        provider.read(EAST, state(Object.fromEntries(ids.map((id) => [id, "ENABLED"])))),
      );
      expect(error.message).to.match(/ListMembers/);
      expect(calls().get).to.equal(0);
    });

    it("a listing cut short (no nextToken after page 1) drops nothing: the 95 it lacks are read with GetMember", async () => {
      const ids = accounts(120);
      seed(ids);
      emu.addFault({ kind: "cut-short", operation: "ListMembers" });
      const { provider } = newRun();
      const read = await provider.read(EAST, state(Object.fromEntries(ids.map((id) => [id, "ENABLED"]))));
      expect(Object.keys(read.props.members)).to.have.length(120);
      expect(calls()).to.deep.equal({ list: 1, get: 95, update: 0 });
    });

    it("snapshot semantics: a member changed by hand during the scan is recorded as its page showed it", async () => {
      const ids = accounts(100);
      seed(ids);
      emu.addFault({ kind: "latency", operation: "ListMembers", after: 1, latencyMs: 500 });
      const { provider } = newRun();
      const reading = provider.read(EAST, state(Object.fromEntries(ids.map((id) => [id, "ENABLED"]))));
      while (emu.calls("ListMembers") < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      emu.setStatus(ids[0], "Paused", EAST); // on page 1, already answered
      emu.setStatus(ids[99], "Paused", EAST); // on page 4, still to be answered
      const read = await reading;
      expect(read.props.members[ids[0]]).to.equal("ENABLED"); // the next listing (preview, up) sees it
      expect(read.props.members[ids[99]]).to.equal("PAUSED");
      expect(calls()).to.deep.equal({ list: 4, get: 0, update: 0 });
    });

    it("does not drop a member on the word of another administrator", async () => {
      seed([B]);
      const { provider } = newRun();
      const error = await failure(
        provider.read(EAST, { ...state({ [A]: "ENABLED" }), administratorAccountId: "123456789012" }),
      );
      expect(error.message).to.match(/state records administrator account 123456789012/);
    });
  });

  describe("delete", () => {
    it("lists a big map once and writes only to members not already at statusOnDelete", async () => {
      const ids = accounts(100);
      seed(ids, "Enabled");
      for (const id of ids.slice(0, 10)) emu.setStatus(id, "Paused", EAST);
      const { provider } = newRun();
      await provider.delete(EAST, state(Object.fromEntries(ids.map((id) => [id, "PAUSED"]))));
      expect(Object.values(emu.statuses(EAST)).every((s) => s === "Enabled")).to.equal(true);
      // 4 pages decide; the 10 paused: one write each, verified by one re-listing of 4 pages (cheaper
      // than 10 GetMembers); the other 90: nothing.
      expect(calls()).to.deep.equal({ list: 8, get: 0, update: 10 });
    });

    it("obeys the limit the recorded stack has now, not the configured one, for every release", async () => {
      seed([A, B, C], "Paused");
      const asked: unknown[] = [];
      const { provider } = newRun(
        { maxChangesPerRun: 100 },
        {
          limitForDelete: (stack) => {
            asked.push(stack);
            return { limit: 2, source: "macie:maxChangesPerRun in Pulumi.dev.yaml", current: true };
          },
        },
      );
      const error = await failure(
        provider.delete(EAST, { ...state({ [A]: "PAUSED", [B]: "PAUSED", [C]: "PAUSED" }), __stack: "dev" }),
      );
      expect(error.message).to.contain(
        "the limit is 2 per region and run (macie:maxChangesPerRun in Pulumi.dev.yaml)",
      );
      expect(calls().update).to.equal(2);
      expect(new Set(asked)).to.deep.equal(new Set(["dev"]));
    });

    it("makes no call with statusOnDelete UNCHANGED, and skips members handed over", async () => {
      seed([A, B], "Paused");
      const first = newRun();
      await first.provider.delete(EAST, state({ [A]: "PAUSED" }, "UNCHANGED"));
      expect(calls()).to.deep.equal({ list: 0, get: 0, update: 0 });
      const second = newRun();
      second.runtime.handover.claim(EAST, A);
      await second.provider.delete(EAST, state({ [A]: "PAUSED", [B]: "PAUSED" }));
      expect(emu.statuses(EAST)).to.deep.equal({ [A]: "Paused", [B]: "Enabled" });
    });
  });

  describe("check", () => {
    it("names every bad field, value and what is allowed", async () => {
      const { provider } = newRun();
      const { failures } = await provider.check(
        {},
        { region: "mars", members: { "12": "PAUSED", [A]: "paused" }, statusOnDelete: "KEEP", extra: 1 },
      );
      expect(failures.map((f) => f.property)).to.deep.equal(["region", "members", "statusOnDelete", "extra"]);
      expect(failures[1].reason).to.contain('members: "12" is not a 12-digit account id');
      expect(failures[1].reason).to.contain(`members["${A}"] must be "ENABLED" or "PAUSED"; got "paused"`);
    });

    it("refuses a pending member the map does not hold: nothing would set it, and every diff would show a change", async () => {
      const { provider, runtime } = newRun();
      const { failures } = await provider.check(
        {},
        { region: EAST, members: { [A]: "PAUSED" }, pending: { [A]: "Enabled", [B]: "Enabled" } },
      );
      expect(failures).to.deep.equal([
        {
          property: "pending",
          reason: `pending["${B}"] must be a member of members (account id → "ENABLED" or "PAUSED"); it is not`,
        },
      ]);
      expect(runtime.handover.isClaimed(EAST, A)).to.equal(true);
    });
  });
});
