// MacieMemberStatusPolicy end to end: the program lists the members (ListMembers, against the
// emulator), declares one child per (region, associated member), and Pulumi's dynamic-provider
// host converges the children, as `pulumi up` would run them.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { MiniEngine } from "../harness/engine";
import { declare, type Declared } from "../harness/program";
import { MacieMemberStatusPolicy, type MacieMemberStatusPolicyArgs } from "../../provider";
import type { PolicyData } from "../../provider/policy";
import { emulator, programOn } from "../support/emulator";
import { failure } from "../support/failure";
import { startHost, type StartedHost } from "../support/host";

const EAST = "us-east-1";
const WEST = "eu-west-1";
const [A, B, C, D, E] = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];

let emu: MacieEmulator;

async function policyProgram(
  args: MacieMemberStatusPolicyArgs,
): Promise<{ declared: Declared[]; data: PolicyData }> {
  let data: PolicyData | undefined;
  const declared = await declare(
    async () => {
      data = await new MacieMemberStatusPolicy("org", args).ready;
    },
    { project: "macie-policy", stack: "dev", ...programOn(emu) },
  );
  if (!data) throw new Error("the policy did not finish");
  return { declared, data };
}

const names = (declared: Declared[]) => declared.map((d) => d.name).sort();

describe("MacieMemberStatusPolicy (through the dynamic-provider host)", function () {
  this.timeout(120_000);
  let started: StartedHost;
  before(async () => (started = await startHost()));
  after(async () => started.stop());
  beforeEach(async () => {
    emu = await emulator();
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled", region: EAST },
      { accountId: B, relationshipStatus: "Paused", region: EAST },
      { accountId: C, relationshipStatus: "Invited", region: EAST },
      { accountId: D, relationshipStatus: "Enabled", region: EAST },
      { accountId: A, relationshipStatus: "Enabled", region: WEST },
      { accountId: E, relationshipStatus: "Removed", region: WEST },
    ]);
  });

  const policy: MacieMemberStatusPolicyArgs = {
    regions: [EAST, WEST],
    defaultStatus: "PAUSED",
    overrides: { [A]: { [WEST]: "ENABLED" } },
    exclude: [D],
  };

  it("declares one child per associated member and region, and reports the rest with the reason", async () => {
    const { declared, data } = await policyProgram(policy);
    expect(names(declared)).to.deep.equal(
      [`org-${EAST}-${A}`, `org-${EAST}-${B}`, `org-${WEST}-${A}`].sort(),
    );
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
    expect(emu.calls("GetMember") + emu.calls("UpdateMemberSession")).to.equal(0); // listing only
  });

  it("converges every member in one up, and the second up makes no write", async () => {
    const engine = new MiniEngine(started.host, 16);
    const first = await engine.up((await policyProgram(policy)).declared);
    expect(first.filter((s) => s.error)).to.deep.equal([]);
    expect(emu.statuses(EAST)).to.deep.equal({
      [A]: "Paused",
      [B]: "Paused",
      [C]: "Invited",
      [D]: "Enabled",
    });
    expect(emu.statuses(WEST)).to.deep.equal({ [A]: "Enabled", [E]: "Removed" });
    expect(emu.counts.writesApplied).to.equal(1); // only A in us-east-1 needed one

    const writes = emu.calls("UpdateMemberSession");
    const second = await engine.up((await policyProgram(policy)).declared);
    expect(second.map((s) => s.op)).to.deep.equal(["same", "same", "same"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(writes);
  });

  it("manages a member that joins on the next up, and drops one that leaves without an error", async () => {
    const engine = new MiniEngine(started.host, 16);
    await engine.up((await policyProgram(policy)).declared);
    emu.seed([{ accountId: E, relationshipStatus: "Enabled", region: EAST }]); // joins
    emu.remove(B, EAST); // leaves the organization
    const before = emu.calls("UpdateMemberSession");

    const steps = await engine.up((await policyProgram(policy)).declared);
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(steps.map((s) => [s.name, s.op, s.error]).sort(byName)).to.deep.equal(
      [
        [`org-${EAST}-${A}`, "same", undefined],
        [`org-${EAST}-${B}`, "delete", undefined],
        [`org-${EAST}-${E}`, "create", undefined],
        [`org-${WEST}-${A}`, "same", undefined],
      ].sort(byName),
    );
    expect(emu.statuses(EAST)[E]).to.equal("Paused");
    expect(emu.calls("UpdateMemberSession") - before).to.equal(1); // E's write; nothing for B
  });

  it("lets go of a member AWS suspends: its child is dropped without a write, and the next up is quiet", async () => {
    const engine = new MiniEngine(started.host, 16);
    await engine.up((await policyProgram(policy)).declared);
    emu.setStatus(B, "AccountSuspended", EAST); // a closed account: nothing can be written to it
    const before = emu.calls("UpdateMemberSession");
    const { declared, data } = await policyProgram(policy);
    expect(data.skipped).to.deep.include({ accountId: B, region: EAST, reason: "AccountSuspended" });
    const steps = await engine.up(declared);
    const dropped = steps.find((s) => s.name === `org-${EAST}-${B}`);
    expect([dropped?.op, dropped?.error]).to.deep.equal(["delete", undefined]);
    expect(emu.calls("UpdateMemberSession") - before).to.equal(0);
    const again = await engine.up((await policyProgram(policy)).declared);
    expect(again.filter((s) => s.op !== "same" || s.error)).to.deep.equal([]);
  });

  it("restores statusOnDelete for a member once it is excluded", async () => {
    const engine = new MiniEngine(started.host, 16);
    await engine.up((await policyProgram(policy)).declared);
    const steps = await engine.up((await policyProgram({ ...policy, exclude: [D, B] })).declared);
    expect(steps.find((s) => s.name === `org-${EAST}-${B}`)?.op).to.equal("delete");
    expect(emu.statuses(EAST)[B]).to.equal("Enabled"); // statusOnDelete's default
  });

  it("lists 1,050 members a page at a time and declares each once", async () => {
    emu.reset();
    const ids = Array.from({ length: 1050 }, (_, i) => String(600000000000 + i));
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus: "Paused", region: EAST })));
    const { declared, data } = await policyProgram({ regions: [EAST], defaultStatus: "PAUSED" });
    expect(data.listCalls).to.equal(21); // 50 per page
    expect(new Set(declared.map((d) => d.inputs.accountId))).to.have.property("size", 1050);
    expect(data.counts).to.deep.equal({ [EAST]: { ENABLED: 0, PAUSED: 1050 } });
  });

  it("retries a listing page Macie throttles or fails, and fails plainly on access denied", async () => {
    emu.addFault({ kind: "429", operation: "ListMembers" });
    emu.addFault({ kind: "500", operation: "ListMembers" });
    const { data } = await policyProgram(policy);
    expect(data.listCalls).to.equal(4); // 2 pages + 2 retries
    expect(data.counts[EAST]).to.deep.equal({ ENABLED: 0, PAUSED: 2 });

    emu.addFault({ kind: "403", operation: "ListMembers" });
    const error = await failure(policyProgram(policy));
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
