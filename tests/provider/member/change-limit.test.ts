// The blast-radius guard on the provider side: a slot per (region, member) taken right before
// UpdateMemberSession is sent, refused past macie:maxChangesPerRun, with exact call counts.
import {
  GetMemberCommand,
  UpdateMemberSessionCommand,
  type GetMemberCommandInput,
  type UpdateMemberSessionCommandInput,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import { MacieMemberStatusPolicy, type MacieMemberStatusPolicyArgs } from "../../../provider";
import {
  ChangeLimit,
  ChangeLimitError,
  refuseOverLimit,
  type PlannedChange,
} from "../../../provider/member/change-limit";
import { ACCOUNT, INPUTS, harness, memberOutput, networkError, type Harness } from "../../support/macie-mock";
import { failure } from "../../support/failure";

const [A, B, C] = [ACCOUNT, "222222222222", "333333333333"];
const EAST = "us-east-1";
const WEST = "eu-west-1";

describe("ChangeLimit", () => {
  it("obeys a delete's limit in force, and names a way to allow more that works for that limit", () => {
    const limit = new ChangeLimit(100);
    const now = { limit: 1, source: "macie:maxChangesPerRun in Pulumi.dev.yaml", current: true };
    limit.take(EAST, A, "ENABLED", now);
    expect(() => limit.take(EAST, B, "ENABLED", now))
      .to.throw(
        ChangeLimitError,
        "the limit is 1 per region and run (macie:maxChangesPerRun in Pulumi.dev.yaml)",
      )
      .with.property("message")
      .that.contains("`pulumi config set macie:maxChangesPerRun N` and the same command again")
      .and.not.contains("pulumi up -c");
    const recorded = { limit: 1, source: "the config recorded by the last `pulumi up`", current: false };
    expect(() => limit.take(EAST, C, "ENABLED", recorded)).to.throw(
      ChangeLimitError,
      "`pulumi destroy --run-program -c macie:maxChangesPerRun=N`",
    );
  });

  it("gives `limit` members a slot each in a region, then refuses the next", () => {
    const limit = new ChangeLimit(2);
    limit.take(EAST, A, "PAUSED");
    limit.take(EAST, B, "PAUSED");
    const error = (() => {
      try {
        limit.take(EAST, C, "PAUSED");
      } catch (e) {
        return e;
      }
      throw new Error("the third member was given a slot");
    })();
    expect(error).to.be.instanceOf(ChangeLimitError);
    expect(error).to.include({ limit: 2 });
    expect((error as ChangeLimitError).changes).to.deep.equal({ [EAST]: 2 });
    expect(limit.changedIn(EAST)).to.equal(2);
  });

  it("counts members, not writes: a member holding a slot takes it again for free", () => {
    const limit = new ChangeLimit(1);
    limit.take(EAST, A, "PAUSED");
    limit.take(EAST, A, "PAUSED");
    limit.take(EAST, A, "ENABLED"); // e.g. its delete later in the run
    expect(limit.changedIn(EAST)).to.equal(1);
    expect(() => limit.take(EAST, B, "PAUSED")).to.throw(ChangeLimitError);
  });

  it("counts each region apart", () => {
    const limit = new ChangeLimit(1);
    limit.take(EAST, A, "PAUSED");
    limit.take(WEST, A, "PAUSED");
    expect([limit.changedIn(EAST), limit.changedIn(WEST)]).to.deep.equal([1, 1]);
    expect(() => limit.take(WEST, B, "PAUSED")).to.throw(ChangeLimitError, `in ${WEST}`);
  });

  it("has no limit at 0 (the default)", () => {
    const limit = new ChangeLimit(0);
    for (let i = 0; i < 10_000; i += 1) limit.take(EAST, String(100000000000 + i), "PAUSED");
    expect(limit.changedIn(EAST)).to.equal(10_000);
  });
});

/** Members by account id, served by the mock as Macie would: a write changes what reads show. */
function members(
  h: Harness,
  statuses: Record<string, string>,
  lostWrites: Record<string, number> = {},
): void {
  h.macie.on(GetMemberCommand).callsFake((input: GetMemberCommandInput) => ({
    ...memberOutput(statuses[input.id!]),
    accountId: input.id,
  }));
  h.macie.on(UpdateMemberSessionCommand).callsFake((input: UpdateMemberSessionCommandInput) => {
    const id = input.id!;
    if ((lostWrites[id] ?? 0) > 0) {
      lostWrites[id] -= 1;
      throw networkError("ECONNRESET"); // never landed
    }
    statuses[id] = input.status === "PAUSED" ? "Paused" : "Enabled";
    return {};
  });
}

/** The account ids UpdateMemberSession was sent for, in order. */
const writtenTo = (h: Harness) =>
  h.macie.commandCalls(UpdateMemberSessionCommand).map((call) => String(call.args[0].input.id));
const getsOf = (h: Harness, id: string) =>
  h.macie.commandCalls(GetMemberCommand).filter((call) => call.args[0].input.id === id).length;

describe("MemberStatusProvider under macie:maxChangesPerRun", () => {
  let h: Harness;
  afterEach(() => h.restore());

  it("at the limit passes: 2 members changed with a limit of 2, 2 writes", async () => {
    h = harness({ maxChangesPerRun: 2 });
    members(h, { [A]: "Enabled", [B]: "Enabled" });
    await h.provider.create({ ...INPUTS, accountId: A });
    await h.provider.create({ ...INPUTS, accountId: B });
    expect(writtenTo(h)).to.deep.equal([A, B]);
  });

  it("one over fails before anything is sent to that member: 0 writes for it, and says so", async () => {
    h = harness({ maxChangesPerRun: 2 });
    const statuses = { [A]: "Enabled", [B]: "Enabled", [C]: "Enabled" };
    members(h, statuses);
    await h.provider.create({ ...INPUTS, accountId: A });
    await h.provider.create({ ...INPUTS, accountId: B });
    const error = await failure(h.provider.create({ ...INPUTS, accountId: C }));
    expect(error).to.be.instanceOf(ChangeLimitError);
    expect(error.message).to.equal(
      `Refused to set Macie member account ${C} in ${EAST} to PAUSED: this run has already changed (sent ` +
        `UpdateMemberSession to) 2 member accounts in ${EAST}, and the limit is 2 per region and run ` +
        `(MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN / macie:maxChangesPerRun). Nothing was written to account ${C}. ` +
        "If this many changes are intended, allow them with `pulumi up -c macie:maxChangesPerRun=N` (-c also saves " +
        "the value in the stack's config file: set it back afterwards; a pipeline's checkout forgets it on its own), " +
        `N being the number of members to change in ${EAST}.`,
    );
    expect(writtenTo(h)).to.deep.equal([A, B]); // none for C
    expect(getsOf(h, C)).to.equal(1); // read once, to learn it needed a write
    expect(statuses[C]).to.equal("Enabled");
  });

  it("takes no slot for reads, nor for operations that need no write", async () => {
    h = harness({ maxChangesPerRun: 1 });
    members(h, { [A]: "Paused", [B]: "Enabled", [C]: "Enabled" });
    await h.provider.create({ ...INPUTS, accountId: A }); // already PAUSED
    await h.provider.read(B, { ...INPUTS, accountId: B });
    await h.provider.update(B, { ...INPUTS, accountId: B, status: "ENABLED" }, { ...INPUTS, accountId: B });
    await h.provider.delete(C, { ...INPUTS, accountId: C, statusOnDelete: "UNCHANGED" });
    await h.provider.delete(C, { ...INPUTS, accountId: C, statusOnDelete: "ENABLED" }); // already ENABLED
    expect(h.updates()).to.equal(1); // B's update: the one slot
    expect(writtenTo(h)).to.deep.equal([B]);
    expect(await failure(h.provider.create({ ...INPUTS, accountId: C }))).to.be.instanceOf(ChangeLimitError);
    expect(h.updates()).to.equal(1);
  });

  it("lets converge re-send a write whose answer was lost without taking a second slot", async () => {
    h = harness({ maxChangesPerRun: 1 });
    members(h, { [A]: "Enabled", [B]: "Enabled" }, { [A]: 1 });
    await h.provider.create({ ...INPUTS, accountId: A });
    expect(writtenTo(h)).to.deep.equal([A, A]); // the lost one, then the one that landed
    const error = await failure(h.provider.create({ ...INPUTS, accountId: B }));
    expect(error.message).to.contain(
      `already changed (sent UpdateMemberSession to) 1 member account in ${EAST}`,
    );
    expect(writtenTo(h)).to.deep.equal([A, A]);
  });

  it("counts delete's writes (statusOnDelete), and lets a member changed earlier in the run be written again", async () => {
    h = harness({ maxChangesPerRun: 1 });
    const statuses = { [A]: "Enabled", [B]: "Paused" };
    members(h, statuses);
    await h.provider.create({ ...INPUTS, accountId: A }); // A → PAUSED: the one slot
    const error = await failure(h.provider.delete(B, { ...INPUTS, accountId: B, statusOnDelete: "ENABLED" }));
    expect(error.message).to.contain(`Refused to set Macie member account ${B} in ${EAST} to ENABLED`);
    expect(statuses[B]).to.equal("Paused");
    await h.provider.delete(A, { ...INPUTS, accountId: A, statusOnDelete: "ENABLED" }); // A holds its slot
    expect(writtenTo(h)).to.deep.equal([A, A]);
    expect(statuses[A]).to.equal("Enabled");
  });

  it("counts per region", async () => {
    h = harness({ maxChangesPerRun: 1 });
    members(h, { [A]: "Enabled", [B]: "Enabled", [C]: "Enabled" });
    await h.provider.create({ ...INPUTS, accountId: A, region: EAST });
    await h.provider.create({ ...INPUTS, accountId: B, region: WEST });
    const error = await failure(h.provider.create({ ...INPUTS, accountId: C, region: WEST }));
    expect(error.message).to.contain(`1 member account in ${WEST}`);
    expect(writtenTo(h)).to.deep.equal([A, B]);
  });

  it("has no limit by default", async () => {
    h = harness();
    expect(h.settings.maxChangesPerRun).to.equal(0);
    const statuses = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [String(400000000000 + i), "Enabled"]),
    );
    members(h, statuses);
    for (const accountId of Object.keys(statuses)) await h.provider.create({ ...INPUTS, accountId });
    expect(h.updates()).to.equal(60);
  });
});

/** `n` members of `region` listed at `from` and about to be declared at the other status. */
function planned(region: string, n: number, from: "ENABLED" | "PAUSED", first = 0): PlannedChange[] {
  const to = from === "ENABLED" ? "PAUSED" : "ENABLED";
  return Array.from({ length: n }, (_, i) => ({
    region,
    accountId: String(500000000000 + first + i),
    from,
    to,
  }));
}

/** The ChangeLimitError `run` throws. */
function refusal(run: () => void): ChangeLimitError {
  try {
    run();
  } catch (error) {
    if (error instanceof ChangeLimitError) return error;
    throw error;
  }
  throw new Error("expected a ChangeLimitError, and nothing was thrown");
}

describe("refuseOverLimit (the policy's check)", () => {
  it("lets anything through when neither maxChanges nor macie:maxChangesPerRun is set", () => {
    expect(() =>
      refuseOverLimit("org", planned(EAST, 10_000, "ENABLED"), { maxChangesPerRun: 0 }),
    ).not.to.throw();
  });

  it("passes at the limit, per region: 3 changes in each of two regions with a limit of 3", () => {
    const changes = [
      ...planned(EAST, 2, "ENABLED"),
      ...planned(EAST, 1, "PAUSED", 10),
      ...planned(WEST, 3, "ENABLED"),
    ];
    expect(() => refuseOverLimit("org", changes, { maxChangesPerRun: 3 })).not.to.throw();
  });

  it("fails one over, counting the two directions apart, with the first 5 ids, the limit and the way out", () => {
    const changes = [
      ...planned(EAST, 7, "ENABLED"),
      ...planned(EAST, 1, "PAUSED", 10),
      ...planned(WEST, 3, "ENABLED"),
    ];
    const error = refusal(() => refuseOverLimit("org", changes, { maxChangesPerRun: 3 }));
    expect(error.message).to.equal(
      'MacieMemberStatusPolicy "org" would change the Macie status of more member accounts in one run than allowed: ' +
        `in ${EAST}, 8 (ENABLED → PAUSED: 7 (500000000000, 500000000001, 500000000002, 500000000003, 500000000004, ` +
        "and 2 more); PAUSED → ENABLED: 1 (500000000010)); the limit is 3 per region and run (the stack's " +
        "MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN / macie:maxChangesPerRun). Nothing was declared or written. If " +
        "these changes are intended, allow them for this run with `pulumi up -c macie:maxChangesPerRun=8` (-c also " +
        "saves the value in the stack's config file: set it back afterwards; a pipeline's checkout forgets it on its own).",
    );
    expect(error.limit).to.equal(3);
    expect(error.changes).to.deep.equal({ [EAST]: 8 }); // eu-west-1's 3 are within the limit
  });

  it("obeys the lower of maxChanges and macie:maxChangesPerRun, and says which to raise", () => {
    const four = planned(EAST, 4, "ENABLED");
    const byPolicy = refusal(() => refuseOverLimit("org", four, { maxChanges: 3, maxChangesPerRun: 0 }));
    expect(byPolicy.message).to.contain("the limit is 3 per region and run (the policy's maxChanges)");
    expect(byPolicy.message).to.contain("allow them for this run with the policy's maxChanges set to 4.");
    expect(byPolicy.message).not.to.contain("pulumi up -c");

    const byStack = refusal(() => refuseOverLimit("org", four, { maxChanges: 10, maxChangesPerRun: 2 }));
    expect(byStack.message).to.contain("the limit is 2 per region and run (the stack's");
    expect(byStack.message).to.contain("`pulumi up -c macie:maxChangesPerRun=4`");
    expect(byStack.message).not.to.contain("the policy's maxChanges set to");

    const both = refusal(() => refuseOverLimit("org", four, { maxChanges: 3, maxChangesPerRun: 3 }));
    expect(both.message).to.contain("(the policy's maxChanges and the stack's");
    expect(both.message).to.contain("`pulumi up -c macie:maxChangesPerRun=4` (");
    expect(both.message).to.contain(" and the policy's maxChanges set to 4.");

    expect(() => refuseOverLimit("org", four, { maxChanges: 4, maxChangesPerRun: 10 })).not.to.throw();
  });

  it("is an argument MacieMemberStatusPolicy knows, and a misspelling of it is refused", () => {
    const args = { regions: [EAST], defaultStatus: "PAUSED", maxChange: 5 };
    expect(() => new MacieMemberStatusPolicy("org", args as unknown as MacieMemberStatusPolicyArgs)).to.throw(
      '"maxChange" is not an argument (did you mean "maxChanges"?)',
    );
  });
});
