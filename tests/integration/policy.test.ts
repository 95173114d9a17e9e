// MacieMemberStatusPolicy end to end: the program lists the members (ListMembers, against the
// emulator), declares one child per (region, associated member), and Pulumi's dynamic-provider
// host converges the children, as `pulumi up` would run them. The hosts run on real time (a child
// process cannot share a test's manual clock), but nothing here waits on it: each run's second or so
// is the host starting (a new process per run, as the engine does), not sleeps.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import * as pulumi from "@pulumi/pulumi";
import { MiniEngine, type Step } from "../../harness/engine";
import { declare, type Declared } from "../../harness/program";
import { MacieMemberStatus, MacieMemberStatusPolicy, type MacieMemberStatusPolicyArgs } from "../../provider";
import { POLICY_TYPE, type PolicyData } from "../../provider/program/policy";
import type { Clock } from "../../provider/config/clock";
import { emulator, programOn } from "../support/emulator";
import { failure } from "../support/failure";
import { ManualClock } from "../support/manual-clock";
import { Runs } from "../support/runs";

const EAST = "us-east-1";
const WEST = "eu-west-1";
const [A, B, C, D, E] = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];

let emu: MacieEmulator;

/** The policy's program, its listing on `clock` (real time by default). */
async function policyProgram(
  args: MacieMemberStatusPolicyArgs,
  clock?: Clock,
): Promise<{ declared: Declared[]; data: PolicyData }> {
  let data: PolicyData | undefined;
  const declared = await declare(
    async () => {
      data = await new MacieMemberStatusPolicy("org", args).ready;
    },
    { project: "macie-policy", stack: "dev", ...programOn(emu, clock) },
  );
  if (!data) throw new Error("the policy did not finish");
  return { declared, data };
}

const names = (declared: Declared[]) => declared.map((d) => d.name).sort();
const regionOf = (declared: Declared[], region: string) => declared.find((d) => d.inputs.region === region);
/** Macie's member calls (not the listing) so far. */
const memberCalls = () => emu.calls("GetMember") + emu.calls("UpdateMemberSession");

describe("MacieMemberStatusPolicy (through the dynamic-provider host)", function () {
  this.timeout(120_000);
  const runs = new Runs();
  afterEach(() => runs.stop());
  /** The shared emulator with the members every test starts from, on real time or `clock`. */
  async function seeded(clock?: Clock): Promise<void> {
    emu = await emulator({ clock });
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled", region: EAST },
      { accountId: B, relationshipStatus: "Paused", region: EAST },
      { accountId: C, relationshipStatus: "Invited", region: EAST },
      { accountId: D, relationshipStatus: "Enabled", region: EAST },
      { accountId: A, relationshipStatus: "Enabled", region: WEST },
      { accountId: E, relationshipStatus: "Removed", region: WEST },
    ]);
  }
  beforeEach(() => seeded());

  const policy: MacieMemberStatusPolicyArgs = {
    regions: [EAST, WEST],
    defaultStatus: "PAUSED",
    overrides: { [A]: { [WEST]: "ENABLED" } },
    exclude: [D],
  };

  /** `runs` program runs and `pulumi up`s in a row, each in a new host; the last run's engine. */
  async function upAgain(before: MiniEngine, args = policy): Promise<{ engine: MiniEngine; steps: Step[] }> {
    const engine = await runs.next({}, before);
    const steps = await engine.up((await policyProgram(args)).declared);
    return { engine, steps };
  }

  it("declares one resource per region holding the member → status map, and reports the rest with the reason", async () => {
    const { declared, data } = await policyProgram(policy);
    expect(names(declared)).to.deep.equal([`org-${EAST}`, `org-${WEST}`].sort());
    expect(regionOf(declared, EAST)?.inputs).to.deep.include({
      members: { [A]: "PAUSED", [B]: "PAUSED" },
      pending: { [A]: "Enabled" }, // listed at another status than declared: the only member up will touch
    });
    expect(regionOf(declared, WEST)?.inputs).to.deep.include({ members: { [A]: "ENABLED" }, pending: {} });
    expect(data.counts).to.deep.equal({
      [EAST]: { ENABLED: 0, PAUSED: 2 },
      [WEST]: { ENABLED: 1, PAUSED: 0 },
    });
    expect(data.skipped).to.have.deep.members([
      { accountId: C, region: EAST, reason: "Invited" },
      { accountId: D, region: EAST, reason: "excluded" },
      { accountId: E, region: WEST, reason: "Removed" },
    ]);
    expect(data.listCalls).to.equal(2); // one page per region
    expect(data.pending).to.equal(1);
    expect(memberCalls()).to.equal(0); // listing only
  });

  it("converges every member in one up with calls for the pending ones only; the second up is quiet", async () => {
    const first = await runs.next();
    const steps = await first.up((await policyProgram(policy)).declared);
    expect(steps.filter((s) => s.error)).to.deep.equal([]);
    expect(emu.statuses(EAST)).to.deep.equal({
      [A]: "Paused",
      [B]: "Paused",
      [C]: "Invited",
      [D]: "Enabled",
    });
    expect(emu.statuses(WEST)).to.deep.equal({ [A]: "Enabled", [E]: "Removed" });
    // A in us-east-1: the program's listing decides the write, one GetMember sees it (one member is
    // cheaper to read than its region to re-list). Nothing else is read.
    expect([emu.calls("GetMember"), emu.calls("UpdateMemberSession")]).to.deep.equal([1, 1]);

    const before = memberCalls();
    const second = await upAgain(first);
    expect(second.steps.map((s) => s.op)).to.deep.equal(["same", "same"]);
    expect(memberCalls()).to.equal(before);
  });

  it("after a run that failed for some members, refresh and destroy still find the provider in the state", async () => {
    // The engine records a partial failure's properties as the outputs; refresh and delete load the
    // provider from the outputs' __provider, so the partial state must carry it like every other.
    emu.addFault({ kind: "403", operation: "UpdateMemberSession", accountId: A });
    const first = await runs.next();
    const failed = await first.up((await policyProgram(policy)).declared);
    expect(failed.find((s) => s.name === `org-${EAST}`)?.error).to.match(/1 of 1 members could not be set/);

    const refreshed = await runs.next({}, first);
    expect((await refreshed.refresh()).filter((s) => s.error)).to.deep.equal([]);
    const destroyed = await runs.next({}, first);
    expect((await destroyed.destroy()).filter((s) => s.error)).to.deep.equal([]);
    expect(emu.statuses(EAST)).to.deep.include({ [A]: "Enabled", [B]: "Enabled" }); // statusOnDelete
  });

  it("sees drift without --refresh: preview shows the region as changing, up reads and writes the drifted member only", async () => {
    const first = await runs.next();
    await first.up((await policyProgram(policy)).declared);
    emu.setStatus(B, "Enabled", EAST); // resumed by hand
    const before = { get: emu.calls("GetMember"), update: emu.calls("UpdateMemberSession") };

    const preview = await (await runs.next({}, first)).preview((await policyProgram(policy)).declared);
    expect(preview.map((s) => [s.name, s.op]).sort()).to.deep.equal(
      [
        [`org-${EAST}`, "update"],
        [`org-${WEST}`, "same"],
      ].sort(),
    );
    expect(emu.calls("GetMember")).to.equal(before.get); // the program's listing saw it

    const { steps } = await upAgain(first);
    expect(steps.filter((s) => s.op !== "same")).to.deep.equal([
      { urn: steps.find((s) => s.name === `org-${EAST}`)?.urn, name: `org-${EAST}`, op: "update" },
    ]);
    expect(emu.statuses(EAST)[B]).to.equal("Paused");
    expect([
      emu.calls("GetMember") - before.get,
      emu.calls("UpdateMemberSession") - before.update,
    ]).to.deep.equal([1, 1]); // decided on this run's listing; one GetMember sees the write
  });

  it("manages a member that joins on the next up, and drops one that leaves without a write", async () => {
    const first = await runs.next();
    await first.up((await policyProgram(policy)).declared);
    emu.seed([{ accountId: E, relationshipStatus: "Enabled", region: EAST }]); // joins
    emu.remove(B, EAST); // leaves the organization
    const before = emu.calls("UpdateMemberSession");

    const { engine, steps } = await upAgain(first);
    expect(steps.map((s) => [s.name, s.op, s.error]).sort()).to.deep.equal(
      [
        [`org-${EAST}`, "update", undefined],
        [`org-${WEST}`, "same", undefined],
      ].sort(),
    );
    expect(emu.statuses(EAST)[E]).to.equal("Paused");
    expect(emu.calls("UpdateMemberSession") - before).to.equal(1); // E's write; nothing for B
    expect(
      engine.state.get(regionOf((await policyProgram(policy)).declared, EAST)?.urn ?? "")?.outputs.members,
    ).to.deep.equal({
      [A]: "PAUSED",
      [E]: "PAUSED",
    });
  });

  it("lets go of a member AWS suspends without a write, and the next up is quiet", async () => {
    const first = await runs.next();
    await first.up((await policyProgram(policy)).declared);
    emu.setStatus(B, "AccountSuspended", EAST); // a closed account: nothing can be written to it
    const before = emu.calls("UpdateMemberSession");
    const { data } = await policyProgram(policy);
    expect(data.skipped).to.deep.include({ accountId: B, region: EAST, reason: "AccountSuspended" });
    const second = await upAgain(first);
    expect(second.steps.filter((s) => s.error)).to.deep.equal([]);
    expect(emu.calls("UpdateMemberSession") - before).to.equal(0);
    const third = await upAgain(second.engine);
    expect(third.steps.filter((s) => s.op !== "same" || s.error)).to.deep.equal([]);
  });

  it("lets go of a member that Macie lists as invited again (removed, then re-invited) without a write or an error", async () => {
    // docs/contract.md: members in any other relationship status (Invited, …) are not managed. Nothing can be
    // written to an Invited member, so releasing it to statusOnDelete cannot succeed: failing every
    // up until the account accepts, with advice for a single resource, helps no one.
    const first = await runs.next();
    await first.up((await policyProgram(policy)).declared);
    emu.setStatus(B, "Invited", EAST);
    const writes = emu.calls("UpdateMemberSession");
    const { engine, steps } = await upAgain(first);
    expect(steps.filter((s) => s.error)).to.deep.equal([]);
    expect(emu.calls("UpdateMemberSession") - writes).to.equal(0);
    const region = engine.state.get(regionOf((await policyProgram(policy)).declared, EAST)?.urn ?? "");
    expect(region?.outputs.members).to.deep.equal({ [A]: "PAUSED" });
  });

  it("restores statusOnDelete for a member once it is excluded", async () => {
    const first = await runs.next();
    await first.up((await policyProgram(policy)).declared);
    const { steps } = await upAgain(first, { ...policy, exclude: [D, B] });
    expect(steps.find((s) => s.name === `org-${EAST}`)?.op).to.equal("update");
    expect(emu.statuses(EAST)[B]).to.equal("Enabled"); // statusOnDelete's default
  });

  it("hands a member moved out through exclude to its own MacieMemberStatus, declared at the top of the program, with no write", async () => {
    // docs/operations.md (Handover): moving an account out of a policy through exclude into its own resource
    // must not apply the policy's statusOnDelete in between. The engine steps each resource as the
    // program registers it, so the claim must come first: a resource declared at the top of the
    // program registers while the policy is still listing. (One declared after `await policy.ready`
    // registers after the region's update, whose release would come first: docs/operations.md says so.)
    const first = await runs.next();
    await first.up((await policyProgram(policy)).declared); // B held PAUSED in us-east-1
    const moved = await declare(
      async () => {
        new MacieMemberStatus("b", { accountId: B, status: "PAUSED", region: EAST });
        await new MacieMemberStatusPolicy("org", { ...policy, exclude: [D, B] }).ready;
      },
      { project: "macie-policy", stack: "dev", ...programOn(emu) },
    );
    const writes = emu.calls("UpdateMemberSession");
    const second = await runs.next({}, first, 1); // in registration order
    expect((await second.up(moved)).filter((s) => s.error)).to.deep.equal([]);
    expect(emu.member(B, EAST)?.relationshipStatus).to.equal("Paused");
    expect(emu.calls("UpdateMemberSession") - writes).to.equal(0); // not resumed, then paused again
  });

  it("moves a stack of 0.1's per-member children to the per-region form without a single member call", async () => {
    // 0.1 declared one MacieMemberStatus child per member, named <policy>-<region>-<account>.
    const old = await runs.next();
    const children = await declare(
      () => {
        const parent = new pulumi.ComponentResource(POLICY_TYPE, "org");
        for (const [accountId, region, status] of [
          [A, EAST, "PAUSED"],
          [B, EAST, "PAUSED"],
          [A, WEST, "ENABLED"],
        ] as const)
          new MacieMemberStatus(`org-${region}-${accountId}`, { accountId, status, region }, { parent });
      },
      { project: "macie-policy", stack: "dev", ...programOn(emu) },
    );
    expect((await old.up(children)).filter((s) => s.error)).to.deep.equal([]);
    expect(emu.statuses(EAST)).to.deep.include({ [A]: "Paused", [B]: "Paused" });
    const before = memberCalls();

    const { steps } = await upAgain(old);
    expect(steps.map((s) => [s.name, s.op, s.error]).sort()).to.deep.equal(
      [
        [`org-${EAST}`, "create", undefined],
        [`org-${EAST}-${A}`, "delete", undefined],
        [`org-${EAST}-${B}`, "delete", undefined],
        [`org-${WEST}`, "create", undefined],
        [`org-${WEST}-${A}`, "delete", undefined],
      ].sort(),
    );
    expect(memberCalls()).to.equal(before); // no read, no write: the children were handed over
    expect(emu.statuses(EAST)).to.deep.include({ [A]: "Paused", [B]: "Paused" });
    expect(emu.statuses(WEST)[A]).to.equal("Enabled");
  });

  it("lists 1,050 members a page at a time and declares each once", async () => {
    emu.reset();
    const ids = Array.from({ length: 1050 }, (_, i) => String(600000000000 + i));
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus: "Paused", region: EAST })));
    const { declared, data } = await policyProgram({ regions: [EAST], defaultStatus: "PAUSED" });
    expect(data.listCalls).to.equal(42); // 25 a page, the most Macie's API model allows
    expect(Object.keys(regionOf(declared, EAST)?.inputs.members as object)).to.have.length(1050);
    expect(data.counts).to.deep.equal({ [EAST]: { ENABLED: 0, PAUSED: 1050 } });
  });

  it("retries a listing page Macie throttles or fails, and fails plainly on access denied", async () => {
    // The program alone (no host): its listing and the emulator on one manual clock, so the
    // backoffs pass at once. Which region meets which fault is the two listings' race, so the
    // sleeps are not asserted.
    const clock = new ManualClock();
    await seeded(clock);
    emu.addFault({ kind: "429", operation: "ListMembers" });
    emu.addFault({ kind: "500", operation: "ListMembers" });
    const { data } = await policyProgram(policy, clock);
    expect(data.listCalls).to.equal(4); // 2 pages + 2 retries
    expect(data.counts[EAST]).to.deep.equal({ ENABLED: 0, PAUSED: 2 });

    emu.addFault({ kind: "403", operation: "ListMembers" });
    const error = await failure(policyProgram(policy, clock));
    expect(error.message).to.match(
      /ListMembers for the Macie member accounts in (us-east-1|eu-west-1) failed after 1 attempt/,
    );
  });

  it("refuses an override for an account that is not a member, naming it, before declaring anything", async () => {
    const error = await failure(
      policyProgram({ ...policy, overrides: { [C]: "ENABLED", "999999999999": { [WEST]: "PAUSED" } } }),
    );
    expect(error.message).to.include(
      `overrides["${C}"]: account ${C} is not a member in any of ${EAST}, ${WEST}`,
    );
    expect(error.message).to.include(
      `overrides["999999999999"]["${WEST}"]: account 999999999999 is not a member in ${WEST}`,
    );
    expect(emu.calls("GetMember")).to.equal(0);
  });

  it("refuses bad arguments before listing anything", async () => {
    const error = await failure(policyProgram({ ...policy, regions: [EAST, "mars-1"] }));
    expect(error.message).to.match(/MacieMemberStatusPolicy "org": regions\[1\]: region must look like/);
    expect(emu.calls("ListMembers")).to.equal(0);
  });
});
