// macie:maxChangesPerRun under the real Pulumi CLI (#22 §2): the limit a `pulumi destroy` obeys is
// the stack's current one, whichever documented way set it, and a run cannot split the count
// over several provider processes. Every count is the emulator's.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { cliEnvOn, emulator } from "../support/emulator";

const MEMBERS = Array.from({ length: 10 }, (_, i) => String(340000000000 + i));
const LIMIT_ENV = "MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN";

/** Every member held PAUSED, left ENABLED by destroy (statusOnDelete's default). */
const PROGRAM = `
const { MacieMemberStatus } = require("pulumi-macie-member-status");
for (const accountId of ${JSON.stringify(MEMBERS)})
  new MacieMemberStatus("member-" + accountId, { accountId, status: "PAUSED" });
`;

describe("the change limit under the real Pulumi CLI", function () {
  this.timeout(300_000);
  let emu: MacieEmulator;
  let ws: Workspace;
  const bin = requireBuiltCli();

  /** A stack whose last `up` recorded `recorded` as the limit; the members already PAUSED, so that up wrote nothing. */
  async function stackUpWith(recorded: number): Promise<void> {
    emu.seed(MEMBERS.map((accountId) => ({ accountId, relationshipStatus: "Paused" })));
    ws = new Workspace(PROGRAM, bin, cliEnvOn(emu));
    await ws.ok(["stack", "init", "dev"]);
    await ws.ok(["config", "set", "aws:region", "us-east-1"]);
    await ws.ok(["config", "set", "macie:maxChangesPerRun", String(recorded)]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  }

  beforeEach(async () => {
    emu = await emulator();
  });
  afterEach(() => ws?.remove());

  it("a limit lowered with `config set` guards the next destroy, and its refusal names a way that works", async () => {
    await stackUpWith(100);
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "3"]);
    const refused = await ws.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(refused.code, refused.output).to.not.equal(0);
    expect(emu.calls("UpdateMemberSession")).to.equal(3);
    expect(refused.output).to.contain("the limit is 3 per region and run");
    expect(refused.output).to.contain("`pulumi config set macie:maxChangesPerRun N`");
    expect(refused.output).to.not.contain("pulumi up -c");

    // What the refusal says to do, done: the destroy finishes, writing only the 7 members left.
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "10"]);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(10);
    expect(Object.values(emu.statuses())).to.deep.equal(MEMBERS.map(() => "Enabled"));
  });

  it("a limit raised with `config set` lets the next destroy finish", async () => {
    await stackUpWith(3);
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "100"]);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(10);
  });

  it("`pulumi destroy -c macie:maxChangesPerRun=N` raises the limit for that destroy", async () => {
    await stackUpWith(3);
    await ws.ok(["destroy", "--yes", "--skip-preview", "-c", "macie:maxChangesPerRun=100"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(10);
  });

  it(`${LIMIT_ENV} sets the limit of a destroy where the stack's config sets none, as documented`, async () => {
    await stackUpWith(3);
    await ws.ok(["config", "rm", "macie:maxChangesPerRun"]);
    const refused = await ws.pulumi(["destroy", "--yes", "--skip-preview"], { [LIMIT_ENV]: "4" });
    expect(refused.code, refused.output).to.not.equal(0);
    expect(emu.calls("UpdateMemberSession")).to.equal(4);
    await ws.ok(["destroy", "--yes", "--skip-preview"], { [LIMIT_ENV]: "100" });
    expect(emu.calls("UpdateMemberSession")).to.equal(10);
  });

  it("`pulumi destroy --run-program` obeys the current limit too", async () => {
    await stackUpWith(100);
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "3"]);
    const refused = await ws.pulumi(["destroy", "--run-program", "--yes", "--skip-preview"]);
    expect(refused.code, refused.output).to.not.equal(0);
    expect(emu.calls("UpdateMemberSession")).to.equal(3);
  });

  it("a misspelt macie:* key fails preview and up, naming the closest key, with 0 calls and no stack trace", async () => {
    emu.seed(MEMBERS.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    ws = new Workspace(PROGRAM, bin, cliEnvOn(emu));
    await ws.ok(["stack", "init", "dev"]);
    await ws.ok(["config", "set", "aws:region", "us-east-1"]);
    await ws.ok(["config", "set", "macie:maxChangesPerrun", "4"]); // the guard the user thinks is on
    for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
      const run = await ws.pulumi(args);
      expect(run.code, run.output).to.not.equal(0);
      expect(run.output).to.contain(
        "Pulumi config macie:maxChangesPerrun is not a setting of pulumi-macie-member-status; did you mean macie:maxChangesPerRun?",
      );
      expect(run.output)
        .to.not.contain("unhandled exception")
        .and.not.match(/\n\s+at /);
    }
    expect(emu.calls("GetMember") + emu.calls("ListMembers") + emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("refuses at preview, with 0 calls, members under a second pulumi-nodejs provider (4 + 8 drifted, limit 4)", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(350000000000 + i));
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    ws = new Workspace(
      `
const pulumi = require("@pulumi/pulumi");
const { MacieMemberStatus } = require("pulumi-macie-member-status");
const second = new pulumi.ProviderResource("pulumi-nodejs", "second", {});
const ids = ${JSON.stringify(ids)};
ids.forEach((accountId, i) =>
  new MacieMemberStatus("member-" + accountId, { accountId, status: "PAUSED" }, i < 4 ? {} : { provider: second }));
`,
      bin,
      cliEnvOn(emu),
    );
    await ws.ok(["stack", "init", "dev"]);
    await ws.ok(["config", "set", "aws:region", "us-east-1"]);
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "4"]);
    const preview = await ws.pulumi(["preview"]);
    expect(preview.code, preview.output).to.not.equal(0);
    expect(preview.output).to.contain(`MacieMemberStatus "member-${ids[4]}"`).and.contain('"second"');
    expect(emu.calls("GetMember") + emu.calls("UpdateMemberSession")).to.equal(0);
    // Without a preview, the 4 declared before the refused one may still be created: never more.
    const up = await ws.pulumi(["up", "--yes", "--skip-preview", "--continue-on-error"]);
    expect(up.code, up.output).to.not.equal(0);
    expect(emu.calls("UpdateMemberSession")).to.be.at.most(4);
  });
});
