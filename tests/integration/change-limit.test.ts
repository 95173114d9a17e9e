// The blast-radius guard end to end: the provider with the real AWS SDK against the emulator
// (200 resources at once against a limit of 50), the policy's check when the program runs, and
// the limit handed to Pulumi's dynamic-provider host as the stack's config, run after run.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { ChangeLimitError, MacieMemberStatus, MacieMemberStatusPolicy } from "../../provider";
import type { MacieMemberStatusPolicyArgs } from "../../provider";
import { MemberStatusProvider } from "../../provider/lifecycle/provider";
import type { Runtime } from "../../provider/lifecycle/runtime";
import { MiniEngine } from "../../harness/engine";
import { declare, type Declared } from "../../harness/program";
import { emulator, emulatorRuntime, programOn } from "../support/emulator";
import { Runs } from "../support/runs";

const EAST = "us-east-1";
const WEST = "eu-west-1";
const [A, B, C, D, E] = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];

let emu: MacieEmulator;

const ids = (n: number, first: number) => Array.from({ length: n }, (_, i) => String(first + i));
const inputs = (accountId: string, region = EAST) => ({
  accountId,
  status: "PAUSED",
  region,
  statusOnDelete: "ENABLED",
});

describe("change limit: the provider with the real SDK against the emulator", function () {
  this.timeout(60_000);
  let runtime: Runtime | undefined;
  beforeEach(async () => (emu = await emulator()));
  afterEach(() => runtime?.destroy());

  it("200 resources at once against a limit of 50: exactly 50 writes applied, 150 clear errors", async () => {
    const accounts = ids(200, 300000000000);
    emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: EAST })));
    runtime = emulatorRuntime(emu, { maxChangesPerRun: 50, waitTimeoutSeconds: 5 });
    const provider = new MemberStatusProvider(runtime);

    const results = await Promise.allSettled(accounts.map((accountId) => provider.create(inputs(accountId))));

    const refused = results.flatMap((r, i) => (r.status === "rejected" ? [[accounts[i], r.reason]] : []));
    expect(results.filter((r) => r.status === "fulfilled")).to.have.length(50);
    expect(refused).to.have.length(150);
    for (const [accountId, reason] of refused) {
      expect(reason).to.be.instanceOf(ChangeLimitError);
      expect((reason as Error).message)
        .to.contain(`Refused to set Macie member account ${accountId} in ${EAST} to PAUSED`)
        .and.contain(`already changed (sent UpdateMemberSession to) 50 member accounts in ${EAST}`)
        .and.contain("the limit is 50 per region and run")
        .and.contain(`Nothing was written to account ${accountId}.`)
        .and.contain("`pulumi up -c macie:maxChangesPerRun=N`");
    }
    expect(emu.counts.writesApplied).to.equal(50);
    expect(emu.calls("UpdateMemberSession")).to.equal(50);
    expect(emu.calls("GetMember")).to.equal(250); // 200 reads, and 50 read-backs after a write
    const statuses = Object.values(emu.statuses(EAST));
    expect(statuses.filter((s) => s === "Paused")).to.have.length(50);
    expect(statuses.filter((s) => s === "Enabled")).to.have.length(150);
    for (const [accountId] of refused)
      expect(emu.counts.writesByMember[`${EAST}/${accountId}`]).to.equal(undefined);
  });

  it("counts per region: a limit of 2, 3 members at once in each of two regions → 2 writes in each", async () => {
    emu.seed(
      [EAST, WEST].flatMap((region) =>
        [A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled", region })),
      ),
    );
    runtime = emulatorRuntime(emu, { maxChangesPerRun: 2, waitTimeoutSeconds: 5 });
    const provider = new MemberStatusProvider(runtime);
    const results = await Promise.allSettled(
      [EAST, WEST].flatMap((region) =>
        [A, B, C].map((accountId) => provider.create(inputs(accountId, region))),
      ),
    );
    const errors = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []));
    expect(errors).to.have.length(2);
    expect(errors.filter((m) => m.includes(`2 member accounts in ${EAST}`))).to.have.length(1);
    expect(errors.filter((m) => m.includes(`2 member accounts in ${WEST}`))).to.have.length(1);
    expect(emu.counts.writesApplied).to.equal(4);
    const written = Object.keys(emu.counts.writesByMember);
    expect(written.filter((key) => key.startsWith(`${EAST}/`))).to.have.length(2);
    expect(written.filter((key) => key.startsWith(`${WEST}/`))).to.have.length(2);
  });
});

describe("change limit: the policy's check and the host, run after run", function () {
  this.timeout(120_000);
  const runs = new Runs();
  afterEach(() => runs.stop());
  beforeEach(async () => {
    emu = await emulator();
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled", region: EAST },
      { accountId: B, relationshipStatus: "Enabled", region: EAST },
      { accountId: C, relationshipStatus: "Enabled", region: EAST },
      { accountId: D, relationshipStatus: "Paused", region: EAST },
      { accountId: A, relationshipStatus: "Enabled", region: WEST },
      { accountId: E, relationshipStatus: "Paused", region: WEST },
    ]);
  });

  // us-east-1: A, B, C ENABLED → PAUSED and D PAUSED → ENABLED (4 changes); eu-west-1: A (1).
  const policy: MacieMemberStatusPolicyArgs = {
    regions: [EAST, WEST],
    defaultStatus: "PAUSED",
    overrides: { [D]: "ENABLED" },
  };

  /** One program run with `limit` as the stack's macie:maxChangesPerRun; the policy's error, if any. */
  async function policyRun(
    args: MacieMemberStatusPolicyArgs,
    limit?: number,
  ): Promise<{ declared: Declared[]; error?: Error }> {
    let error: Error | undefined;
    const declared = await declare(
      async () => {
        try {
          await new MacieMemberStatusPolicy("org", args).ready;
        } catch (e) {
          error = e as Error;
        }
      },
      {
        project: "macie-guard",
        stack: "prod",
        config: limit === undefined ? {} : { "macie:maxChangesPerRun": String(limit) },
        ...programOn(emu),
      },
    );
    return { declared, error };
  }

  /** A run's engine, with `limit` as the stack's macie:maxChangesPerRun and the state `before` left. */
  const newRun = (limit: number, before?: MiniEngine) =>
    runs.next({ "macie:maxChangesPerRun": String(limit) }, before);

  it("fails the program at preview, before any child is declared: 0 reads, 0 writes", async () => {
    const { declared, error } = await policyRun(policy, 3);
    expect(error).to.be.instanceOf(ChangeLimitError);
    expect(error?.message).to.equal(
      'MacieMemberStatusPolicy "org" would change the Macie status of more member accounts in one run than allowed: ' +
        `in ${EAST}, 4 (ENABLED → PAUSED: 3 (${A}, ${B}, ${C}); PAUSED → ENABLED: 1 (${D})); the limit is 3 per ` +
        "region and run (the stack's MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN / macie:maxChangesPerRun). Nothing was " +
        "declared or written. If these changes are intended, allow them for this run with " +
        "`pulumi up -c macie:maxChangesPerRun=4` (-c also saves the value in the stack's config file: set it back " +
        "afterwards; a pipeline's checkout forgets it on its own).",
    );
    expect(declared).to.deep.equal([]);
    expect(emu.calls("ListMembers")).to.equal(2); // one page per region
    expect(emu.calls("GetMember")).to.equal(0);
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("takes its limit from maxChanges too, the lower of the two", async () => {
    const { error } = await policyRun({ ...policy, maxChanges: 1 }, 10);
    expect(error?.message)
      .to.contain(`in ${EAST}, 4 (`)
      .and.contain("the limit is 1 per region and run (the policy's maxChanges)")
      .and.contain("the policy's maxChanges set to 4.");
    expect(error?.message).not.to.contain(`in ${WEST}`); // 1 change there: at the limit
    expect(emu.calls("GetMember") + emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("lets one run raise the limit, and holds the next run to the stack's limit again", async () => {
    const refused = await policyRun(policy, 3);
    expect(refused.error).to.be.instanceOf(ChangeLimitError);
    expect(emu.calls("UpdateMemberSession")).to.equal(0);

    // pulumi up -c macie:maxChangesPerRun=4: the program and the provider host both see 4.
    const raised = await policyRun(policy, 4);
    expect(raised.error).to.equal(undefined);
    expect(raised.declared.map((d) => d.name).sort()).to.deep.equal([`org-${EAST}`, `org-${WEST}`].sort());
    const engine = await newRun(4);
    const steps = await engine.up(raised.declared);
    expect(steps.filter((s) => s.error)).to.deep.equal([]);
    expect(emu.counts.writesApplied).to.equal(5); // 4 in us-east-1, 1 in eu-west-1
    expect(emu.statuses(EAST)).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Paused", [D]: "Enabled" });
    expect(emu.statuses(WEST)).to.deep.equal({ [A]: "Paused", [E]: "Paused" });

    // The next run is back at 3: a drift of one member is put back...
    emu.setStatus(B, "Enabled", EAST);
    const next = await policyRun(policy, 3);
    expect(next.error).to.equal(undefined);
    const nextRun = await newRun(3, engine);
    await nextRun.refresh();
    const again = await nextRun.up(next.declared);
    expect(again.map((s) => [s.name, s.op, s.error]).filter(([, op]) => op !== "same")).to.deep.equal([
      [`org-${EAST}`, "update", undefined],
    ]);
    expect(emu.counts.writesApplied).to.equal(6); // B, put back

    // ... and 4 changes in a region are refused again, at 3, with nothing written.
    for (const [accountId, status] of [
      [A, "Enabled"],
      [B, "Enabled"],
      [C, "Enabled"],
      [D, "Paused"],
    ])
      emu.setStatus(accountId, status, EAST);
    const writes = emu.calls("UpdateMemberSession");
    const after = await policyRun(policy, 3);
    expect(after.error?.message).to.contain(`in ${EAST}, 4 (`).and.contain("the limit is 3 per region");
    expect(emu.calls("UpdateMemberSession")).to.equal(writes);
  });

  it("refuses writes past the stack's limit in the host, for resources no policy checks", async () => {
    const declared = await declare(
      () => {
        for (const accountId of [A, B, C])
          new MacieMemberStatus(`member-${accountId}`, { accountId, status: "PAUSED", region: EAST });
      },
      { project: "macie-guard", stack: "prod" },
    );
    const steps = await (await newRun(2)).up(declared);
    const failed = steps.filter((s) => s.error);
    expect(failed).to.have.length(1);
    expect(failed[0].error)
      .to.match(/^Refused to set Macie member account [0-9]{12} in us-east-1 to PAUSED: /)
      .and.contain("already changed (sent UpdateMemberSession to) 2 member accounts in us-east-1")
      .and.contain("the limit is 2 per region and run");
    expect(emu.counts.writesApplied).to.equal(2);
    expect(emu.calls("UpdateMemberSession")).to.equal(2);
    const refusedAccount = /account ([0-9]{12})/.exec(failed[0].error ?? "")?.[1];
    expect(emu.member(refusedAccount ?? "", EAST)?.relationshipStatus).to.equal("Enabled");
  });
});
