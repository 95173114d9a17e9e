// A TypeScript (JavaScript) stack moved from the dynamic resources to the provider plugin's, under
// the real CLI, as docs/plugin.md tells users to: first `statusOnDelete: "UNCHANGED"` on the
// dynamic resources (recorded with no Macie call), then the plugin's resources in their place
// (each adopts its members: reads, never writes), the dynamic ones deleted without a call.
// Not one write to Macie from start to end.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { pluginLines } from "../../harness/plugin";
import { cliEnvOn, emulator } from "../support/emulator";

const [A, B, C] = ["610000000001", "610000000002", "610000000003"];

const dynamicForm = (onDelete: string) => `
const { MacieMemberStatus, MacieMemberStatusPolicy } = require("pulumi-macie-member-status");
new MacieMemberStatus("member-a", { accountId: "${A}", status: "PAUSED", region: "us-east-1"${onDelete} });
new MacieMemberStatusPolicy("org", {
  regions: ["us-east-1"], defaultStatus: "ENABLED", overrides: { "${B}": "PAUSED" }, exclude: ["${A}"]${onDelete},
});
`;

const PLUGIN_FORM = `
const pulumi = require("@pulumi/pulumi");
new pulumi.CustomResource("macie:index:MemberStatus", "member-a", { accountId: "${A}", status: "PAUSED" });
new pulumi.CustomResource("macie:index:RegionPolicy", "org-us-east-1", {
  defaultStatus: "ENABLED", overrides: { "${B}": "PAUSED" }, exclude: ["${A}"],
});
`;

interface StateResource {
  type: string;
}

describe("moving a TypeScript stack from the dynamic resources to the provider plugin (real CLI)", function () {
  this.timeout(300_000);
  let emu: MacieEmulator;
  let ws: Workspace;
  afterEach(() => ws?.remove());

  it("takes two runs and not one write; the plugin's state then holds every member", async () => {
    emu = await emulator();
    emu.seed([A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    ws = new Workspace(dynamicForm(""), requireBuiltCli(), cliEnvOn(emu));
    fs.appendFileSync(path.join(ws.program, "Pulumi.yaml"), pluginLines());
    await ws.ok(["stack", "init", "dev"]);
    await ws.ok(["config", "set", "aws:region", "us-east-1"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Enabled" });
    const writes = emu.calls("UpdateMemberSession");

    // 1. Leave the members as they are when the dynamic resources go.
    ws.writeProgram(dynamicForm(`, statusOnDelete: "UNCHANGED"`));
    const gets = emu.calls("GetMember");
    const prepared = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(prepared, prepared).to.match(/3 updated/); // the policy component, its region, the member
    expect(emu.calls("GetMember")).to.equal(gets); // recorded, not acted on

    // 2. The plugin's resources in their place: adopted, the dynamic ones dropped with no call.
    ws.writeProgram(PLUGIN_FORM);
    await ws.ok(["config", "set", "macie:region", "us-east-1"]); // a plugin sees macie:*, never aws:region
    const moved = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(moved)
      .to.match(/2 created/)
      .and.match(/3 deleted/);
    expect(emu.calls("UpdateMemberSession")).to.equal(writes);
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Enabled" });

    const state = JSON.parse(await ws.ok(["stack", "export"])) as {
      deployment: { resources: StateResource[] };
    };
    expect(
      state.deployment.resources
        .map((r) => r.type)
        .filter((t) => t.startsWith("macie:") || t.includes("dynamic")),
    ).to.have.members(["macie:index:MemberStatus", "macie:index:RegionPolicy"]);
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(writes);
  });
});
