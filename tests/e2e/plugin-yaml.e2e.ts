// The provider plugin from a Pulumi YAML program, under the real CLI (3.248) with the YAML language
// host (pulumi-yaml 1.25) and the emulator as Macie: members and a region policy declared in YAML,
// up, a no-op up (0 writes), the drift alarm, refresh, `pulumi import` of a member, destroy — with
// exact Macie call counts, as for the TypeScript form (cli.e2e.ts, policy.e2e.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { REPO_ROOT } from "../../harness/host";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { pluginProject, requireYamlHost } from "../../harness/plugin";
import { cliEnvOn, emulator, macieCalls, type MacieCalls } from "../support/emulator";

const [A, B, C, D] = ["410000000001", "410000000002", "410000000003", "410000000004"];

const PROGRAM = `name: macie-yaml
runtime: yaml
resources:
  member-a:
    type: macie:index:MemberStatus
    properties:
      accountId: "${A}"
      status: PAUSED
  east:
    type: macie:index:RegionPolicy
    properties:
      region: us-east-1
      defaultStatus: ENABLED
      overrides:
        "${B}": PAUSED
      exclude: ["${A}", "${D}"]
outputs:
  relationship: \${member-a.relationshipStatus}
  held: \${east.members}
`;

describe("the provider plugin from a YAML program (real CLI)", function () {
  this.timeout(300_000);
  const bin = [requireBuiltCli(), requireYamlHost()].join(path.delimiter);
  let emu: MacieEmulator;
  let ws: Workspace;
  let dir: string;

  const since = (before: MacieCalls) => macieCalls(emu, before);
  const now = () => macieCalls(emu);

  beforeEach(async () => {
    emu = await emulator();
    emu.seed([A, B, C, D].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    dir = pluginProject(PROGRAM.split("resources:")[0], {
      "Main.yaml": `resources:${PROGRAM.split("resources:")[1]}`,
    });
    ws = new Workspace({ directory: dir }, bin, { ...cliEnvOn(emu), AWS_REGION: "us-east-1" });
    await ws.ok(["stack", "init", "dev"]);
  });
  afterEach(() => {
    ws?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("up writes only what differs, a second up writes nothing, drift fails the alarm, up --refresh fixes it, destroy applies statusOnDelete", async () => {
    let before = now();
    const up = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(up).to.match(/3 created/);
    // A (its own resource) and B (the override) change; the policy listed once, read A once.
    expect(since(before)).to.deep.equal({ list: 1, get: 3, update: 2 });
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Enabled", [D]: "Enabled" });
    const outputs = JSON.parse(await ws.ok(["stack", "output", "--json"])) as Record<string, unknown>;
    expect(outputs).to.deep.equal({ relationship: "Paused", held: { [B]: "PAUSED", [C]: "ENABLED" } });

    before = now();
    const again = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(again).to.match(/3 unchanged/);
    expect(since(before)).to.deep.include({ update: 0, list: 1 });
    await ws.ok(["preview", "--expect-no-changes"]);

    emu.setStatus(C, "Paused"); // someone pauses Macie by hand
    emu.setStatus(A, "Enabled");
    const drift = await ws.pulumi(["preview", "--refresh", "--expect-no-changes"]);
    expect(drift.code, drift.output).to.not.equal(0);
    expect(drift.output)
      .to.match(/member-a.*\[diff: ~status\]/)
      .and.match(/east.*\[diff: ~listedAt,pending\]/);
    expect(drift.output).to.contain("no changes were expected");

    before = now();
    await ws.ok(["up", "--refresh", "--yes", "--skip-preview"]);
    expect(since(before).update).to.equal(2);
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Enabled", [D]: "Enabled" });
    await ws.ok(["preview", "--refresh", "--expect-no-changes"]);

    const exported = await ws.ok(["stack", "export"]);
    expect(exported).to.not.contain(REPO_ROOT).and.not.contain("AKIA");

    before = now();
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(emu.statuses()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled", [C]: "Enabled", [D]: "Enabled" });
    expect(since(before).update).to.equal(2);
  });

  it("pulumi import reads an existing member (one GetMember, no write); the YAML it prints is the program that holds it, with no change", async () => {
    emu.setStatus(D, "Paused");
    const before = now();
    const run = await ws.ok(["import", "macie:index:MemberStatus", "member-d", D, "--yes", "--skip-preview"]);
    expect(run).to.match(/1 imported/);
    expect(since(before)).to.deep.equal({ list: 0, get: 1, update: 0 });
    const code = run.slice(run.indexOf("resources:\n  member-d:"));
    expect(code, run).to.contain("type: macie:MemberStatus").and.contain(`accountId: '${D}'`);
    expect(code).to.match(/status: PAUSED/);
    const state = JSON.parse(await ws.ok(["stack", "export"])) as {
      deployment: { resources: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
    };
    const imported = state.deployment.resources.find((r) => r.type === "macie:index:MemberStatus");
    expect(imported?.id).to.equal(D);
    expect(imported?.outputs).to.include({ accountId: D, status: "PAUSED", relationshipStatus: "Paused" });

    // As the CLI asks: the printed code copied into the program; the next run has nothing to do.
    fs.writeFileSync(path.join(dir, "Main.yaml"), code);
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(since(before).update).to.equal(0);
  });

  it("reads the stack's macie:* config: macie:maxChangesPerRun refuses a bigger plan at preview, a misspelt key is named", async () => {
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "1"]);
    emu.setStatus(C, "Paused"); // the policy would change B and C: two in us-east-1
    const refused = await ws.pulumi(["preview"]);
    expect(refused.code).to.not.equal(0);
    expect(refused.output).to.contain('RegionPolicy "east" would change').and.contain("the limit is 1");
    expect(now().update).to.equal(0);

    await ws.ok(["config", "rm", "macie:maxChangesPerRun"]);
    await ws.ok(["config", "set", "macie:maxAtempts", "3"]);
    const misspelt = await ws.pulumi(["preview"]);
    expect(misspelt.code).to.not.equal(0);
    expect(misspelt.output).to.contain("macie:maxAtempts").and.contain("did you mean macie:maxAttempts?");
    expect(now()).to.deep.equal({ list: 1, get: 0, update: 0 }); // the first preview's listing only
  });

  it("refuses an explicit provider, which would see none of the stack's macie:* config, before any call", async () => {
    await ws.ok(["config", "set", "macie:maxChangesPerRun", "1"]);
    fs.writeFileSync(
      path.join(dir, "Main.yaml"),
      [
        "resources:",
        "  eu:",
        "    type: pulumi:providers:macie",
        "  member-a:",
        "    type: macie:index:MemberStatus",
        `    properties: { accountId: "${A}", status: PAUSED }`,
        "    options:",
        "      provider: ${eu}",
        "",
      ].join("\n"),
    );
    const run = await ws.pulumi(["up", "--yes"]);
    expect(run.code).to.not.equal(0);
    expect(run.output, run.output).to.contain(
      `provider "eu" (an explicit pulumi:providers:macie) cannot run`,
    );
    expect(now()).to.deep.equal({ list: 0, get: 0, update: 0 });
  });

  it("bad input fails at preview on the property, naming value and what is allowed, before any call", async () => {
    fs.writeFileSync(
      path.join(dir, "Main.yaml"),
      `resources:\n  bad:\n    type: macie:index:MemberStatus\n    properties:\n      accountId: "12345"\n      status: SUSPENDED\n`,
    );
    const run = await ws.pulumi(["preview"]);
    expect(run.code).to.not.equal(0);
    expect(run.output).to.contain("accountId").and.contain('"12345"').and.contain("12 digits");
    expect(run.output).to.contain("status").and.contain('"SUSPENDED"');
    expect(now()).to.deep.equal({ list: 0, get: 0, update: 0 });
  });
});
