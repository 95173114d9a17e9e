// MacieMemberStatusPolicy under the real Pulumi engine (the CLI built from Go modules, a file
// backend, the emulator as Macie): one resource per region holding the member → status map; joins,
// departures and drift seen by a plain preview (the program's listing); a partial failure the
// engine records; and a stack of 0.1's per-member children moved to this form without a member call.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { cliEnvOn, emulator } from "../support/emulator";
import { requireBuiltCli, Workspace } from "../../harness/cli";

const [A, B, C, D, E] = ["310000000001", "310000000002", "310000000003", "310000000004", "310000000005"];
const REGION_TYPE = "pulumi-nodejs:dynamic/macie:MemberStatusRegion";
const MEMBER_TYPE = "pulumi-nodejs:dynamic/macie:MemberStatus";

interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("MacieMemberStatusPolicy under the real Pulumi CLI", function () {
  this.timeout(300_000);
  let emu: MacieEmulator;
  let ws: Workspace;

  const bin = requireBuiltCli();
  const workspace = (program: string) => new Workspace(program, bin, cliEnvOn(emu));
  const policyProgram = (args: string) =>
    [
      `const { MacieMemberStatusPolicy } = require("pulumi-macie-member-status");`,
      `const policy = new MacieMemberStatusPolicy("org", ${args});`,
      `exports.counts = policy.counts;`,
      `exports.skipped = policy.skipped;`,
    ].join("\n");
  const resources = async (): Promise<StateResource[]> =>
    (JSON.parse(await ws.ok(["stack", "export"])) as { deployment: { resources: StateResource[] } })
      .deployment.resources;
  const membersOf = async (region: string) =>
    (await resources()).find((r) => r.type === REGION_TYPE && r.urn.endsWith(`org-${region}`))?.outputs
      ?.members;

  beforeEach(async () => (emu = await emulator()));
  afterEach(() => ws?.remove());

  it("converges the organization, picks up a join, drops a departure, and shows drift at a plain preview", async () => {
    emu.seed([
      ...[A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: "us-east-1" })),
      { accountId: D, relationshipStatus: "Invited", region: "us-east-1" },
      ...[A, B].map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: "eu-west-1" })),
    ]);
    ws = workspace(
      policyProgram(
        `{ regions: ["us-east-1", "eu-west-1"], defaultStatus: "PAUSED", ` +
          `overrides: { "${A}": { "eu-west-1": "ENABLED" } }, exclude: ["${C}"] }`,
      ),
    );
    await ws.ok(["stack", "init", "org"]);
    const up = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(up).to.match(/4 created/); // the stack, the policy and its two regions
    expect(emu.statuses("us-east-1")).to.deep.equal({
      [A]: "Paused",
      [B]: "Paused",
      [C]: "Enabled",
      [D]: "Invited",
    });
    expect(emu.statuses("eu-west-1")).to.deep.equal({ [A]: "Enabled", [B]: "Paused" });
    // The 3 members that needed it: one write each, decided on the program's listing; us-east-1's
    // two are seen by one re-listing, eu-west-1's one by a GetMember (cheaper than its page). No other read.
    expect([emu.calls("GetMember"), emu.calls("UpdateMemberSession")]).to.deep.equal([1, 3]);
    expect(await membersOf("us-east-1")).to.deep.equal({ [A]: "PAUSED", [B]: "PAUSED" });
    // The first refresh after an up that wrote finds nothing to change (the inputs keep `pending`).
    await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    const outputs = JSON.parse(await ws.ok(["stack", "output", "--json"])) as {
      counts: unknown;
      skipped: { accountId: string; reason: string }[];
    };
    expect(outputs.counts).to.deep.equal({
      "us-east-1": { ENABLED: 0, PAUSED: 2 },
      "eu-west-1": { ENABLED: 1, PAUSED: 1 },
    });
    expect(outputs.skipped.map((s) => [s.accountId, s.reason]).sort()).to.deep.equal([
      [C, "excluded"],
      [D, "Invited"],
    ]);

    const calls = () => [emu.calls("GetMember"), emu.calls("UpdateMemberSession")];
    let before = calls();
    expect(await ws.ok(["up", "--yes", "--skip-preview"])).to.match(/4 unchanged/);
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(calls()).to.deep.equal(before); // the listing only

    // Drift, without --refresh: the program's listing sees it, and names the member.
    emu.setStatus(B, "Enabled", "eu-west-1");
    const drift = await ws.pulumi(["preview", "--expect-no-changes"]);
    expect(drift.code, drift.output).to.not.equal(0);
    expect(drift.output)
      .to.match(
        /~ +pulumi-nodejs:dynamic\/macie:MemberStatusRegion +org-eu-west-1 +update +\[diff: ~[^\]]*pending[^\]]*\]/,
      )
      .and.contain(
        `1 member in eu-west-1 listed at another status than declared: ${B} (Enabled, declared PAUSED)`,
      )
      .and.match(/~ 1 to update/);
    expect(calls()).to.deep.equal(before);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(emu.member(B, "eu-west-1")?.relationshipStatus).to.equal("Paused");
    expect(calls()).to.deep.equal([before[0] + 1, before[1] + 1]); // B only: its write, one GetMember to see it
    await ws.ok(["preview", "--refresh", "--expect-no-changes"]);

    // A join and a departure: one update of the region, one write (the joiner), none for the leaver.
    emu.seed([{ accountId: E, relationshipStatus: "Enabled", region: "us-east-1" }]);
    emu.remove(B, "us-east-1");
    before = calls();
    const changed = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(changed).to.match(/1 updated/);
    expect(emu.member(E, "us-east-1")?.relationshipStatus).to.equal("Paused");
    expect(calls()[1] - before[1]).to.equal(1);
    expect(await membersOf("us-east-1")).to.deep.equal({ [A]: "PAUSED", [E]: "PAUSED" });

    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emu.statuses("us-east-1")).to.deep.equal({
      [A]: "Enabled",
      [C]: "Enabled",
      [D]: "Invited",
      [E]: "Enabled",
    });
    expect(emu.statuses("eu-west-1")).to.deep.equal({ [A]: "Enabled", [B]: "Enabled" });
  });

  it("never writes on a listing that is not whole: a page without its nextToken, a page lacking a member, an account named twice", async () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(320000000000 + i));
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: "us-east-1" })));
    ws = workspace(policyProgram(`{ regions: ["us-east-1"], defaultStatus: "PAUSED" }`));
    await ws.ok(["stack", "init", "org"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const allPaused = Object.fromEntries(ids.map((id) => [id, "Paused"]));
    expect(emu.statuses("us-east-1")).to.deep.equal(allPaused);
    const calls = () => ({ get: emu.calls("GetMember"), update: emu.calls("UpdateMemberSession") });

    // Page 1 of 3 comes without its nextToken: the 35 members it lacks are read, none written.
    let before = calls();
    emu.addFault({ kind: "cut-short", operation: "ListMembers" });
    const cut = await ws.pulumi(["up", "--yes", "--skip-preview"]);
    expect(cut.code, cut.output).to.not.equal(0);
    expect(cut.output).to.contain("was missing from the program's listing");
    expect(calls()).to.deep.equal({ get: before.get + 35, update: before.update });
    expect(emu.statuses("us-east-1")).to.deep.equal(allPaused);
    expect(Object.keys((await membersOf("us-east-1")) ?? {})).to.have.length(60);
    // The next whole listing finds nothing to do: the engine updates the region once more (it had
    // an init error), with no member call.
    before = calls();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(calls()).to.deep.equal(before);

    // A page that silently lacks one member (its last): that one is read, not written.
    emu.addFault({ kind: "omit-member", operation: "ListMembers" });
    const lacking = await ws.pulumi(["up", "--yes", "--skip-preview"]);
    expect(lacking.code, lacking.output).to.not.equal(0);
    expect(lacking.output).to.contain(`${ids[24]} in us-east-1 was missing from the program's listing`);
    expect(calls()).to.deep.equal({ get: before.get + 1, update: before.update });
    expect(emu.statuses("us-east-1")).to.deep.equal(allPaused);

    // A page naming an account twice (the third, of 10 + 1: a full page would be refused as too
    // long): refused when the program lists, before any member call.
    before = calls();
    emu.addFault({ kind: "duplicate-member", operation: "ListMembers", after: 2 });
    const twice = await ws.pulumi(["up", "--yes", "--skip-preview"]);
    expect(twice.code, twice.output).to.not.equal(0);
    expect(twice.output).to.contain(`ListMembers named account ${ids[50]} twice`);
    expect(calls()).to.deep.equal(before);
    expect(emu.statuses("us-east-1")).to.deep.equal(allPaused);
  });

  it("records a partial failure as the engine keeps it, and the next up finishes the job with no repeated write", async () => {
    emu.seed(
      [A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: "us-east-1" })),
    );
    emu.addFault({ kind: "403", operation: "UpdateMemberSession", accountId: B });
    ws = workspace(policyProgram(`{ regions: ["us-east-1"], defaultStatus: "PAUSED" }`));
    await ws.ok(["stack", "init", "partial"]);
    const failed = await ws.pulumi(["up", "--yes", "--skip-preview"]);
    expect(failed.code, failed.output).to.not.equal(0);
    expect(failed.output).to.contain("1 of 3 members could not be set").and.contain(B);
    // The engine kept what was done: A and C set, B as listed.
    expect(await membersOf("us-east-1")).to.deep.equal({ [A]: "PAUSED", [B]: "ENABLED", [C]: "PAUSED" });
    expect(emu.statuses("us-east-1")).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Paused" });

    const writes = emu.calls("UpdateMemberSession");
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(emu.calls("UpdateMemberSession") - writes).to.equal(1); // B only
    expect(await membersOf("us-east-1")).to.deep.equal({ [A]: "PAUSED", [B]: "PAUSED", [C]: "PAUSED" });
    await ws.ok(["preview", "--refresh", "--expect-no-changes"]);
  });

  it("moves a stack of 0.1's per-member children to one resource per region with no member call", async () => {
    emu.seed(
      [A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: "us-east-1" })),
    );
    // What 0.1's policy declared: a component with one MacieMemberStatus child per member.
    ws = workspace(
      [
        `const pulumi = require("@pulumi/pulumi");`,
        `const { MacieMemberStatus } = require("pulumi-macie-member-status");`,
        `const parent = new pulumi.ComponentResource("macie:index:MemberStatusPolicy", "org");`,
        ...[A, B, C].map(
          (a) =>
            `new MacieMemberStatus("org-us-east-1-${a}", { accountId: "${a}", status: "PAUSED", region: "us-east-1" }, { parent });`,
        ),
      ].join("\n"),
    );
    await ws.ok(["stack", "init", "moved"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect((await resources()).filter((r) => r.type === MEMBER_TYPE)).to.have.length(3);
    const before = [emu.calls("GetMember"), emu.calls("UpdateMemberSession")];

    ws.writeProgram(policyProgram(`{ regions: ["us-east-1"], defaultStatus: "PAUSED" }`));
    const moved = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(moved)
      .to.match(/1 created/)
      .and.match(/3 deleted/);
    // The children's deletes found their members declared by the new region resource: no call.
    expect([emu.calls("GetMember"), emu.calls("UpdateMemberSession")]).to.deep.equal(before);
    expect(emu.statuses("us-east-1")).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Paused" });
    const after = await resources();
    expect(after.filter((r) => r.type === MEMBER_TYPE)).to.have.length(0);
    expect(await membersOf("us-east-1")).to.deep.equal({ [A]: "PAUSED", [B]: "PAUSED", [C]: "PAUSED" });
    await ws.ok(["preview", "--refresh", "--expect-no-changes"]);
  });
});
