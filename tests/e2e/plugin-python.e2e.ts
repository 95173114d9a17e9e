// The provider plugin from a Pulumi Python program, under the real CLI (3.248) with the Python
// language host (sdk 3.79, pip pulumi 3.248) and the SDK generated from schema.json (sdk/python):
// members and a region policy declared in Python, up, a no-op up (0 writes), the drift alarm,
// refresh, `pulumi import` of a member, destroy — exact Macie call counts, as for TypeScript.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { REPO_ROOT } from "../../harness/host";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { pluginProject, requirePythonHost } from "../../harness/plugin";
import { cliEnvOn, emulator, macieCalls, type MacieCalls } from "../support/emulator";
import { runPluginLifecycle } from "../support/plugin-lifecycle";

const [A, B, C, D] = ["510000000001", "510000000002", "510000000003", "510000000004"];

const PROGRAM = `import pulumi
import pulumi_macie as macie

member = macie.MemberStatus("member-a", account_id="${A}", status="PAUSED")
east = macie.RegionPolicy(
    "east",
    region="us-east-1",
    default_status="ENABLED",
    overrides={"${B}": "PAUSED"},
    exclude=["${A}", "${D}"],
)
pulumi.export("relationship", member.relationship_status)
pulumi.export("held", east.members)
`;

describe("the provider plugin from a Python program (real CLI)", function () {
  this.timeout(300_000);
  const python = requirePythonHost();
  const bin = [requireBuiltCli(), python.bin].join(path.delimiter);
  let site: string;
  let emu: MacieEmulator;
  let ws: Workspace;
  let dir: string;

  const since = (before: MacieCalls) => macieCalls(emu, before);
  const now = () => macieCalls(emu);

  before(() => {
    // The generated SDK, installed as a user's pip would (offline: its dependencies are in the venv).
    // From a copy: setuptools builds in the source directory (build/, *.egg-info), not in the checkout.
    site = fs.mkdtempSync(path.join(os.tmpdir(), "macie-pysite-"));
    const source = path.join(site, "source");
    fs.cpSync(path.join(REPO_ROOT, "sdk", "python"), source, { recursive: true });
    const pip = spawnSync(
      path.join(python.venv, "bin", "python"),
      [
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--target",
        path.join(site, "lib"),
        source,
      ],
      { encoding: "utf8" },
    );
    if (pip.status !== 0) throw new Error(`pip install of sdk/python failed:\n${pip.stdout}${pip.stderr}`);
  });
  after(() => fs.rmSync(site, { recursive: true, force: true }));

  beforeEach(async () => {
    emu = await emulator();
    emu.seed([A, B, C, D].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    dir = pluginProject(
      `name: macie-python\nruntime:\n  name: python\n  options:\n    virtualenv: ${python.venv}\n`,
      { "__main__.py": PROGRAM },
    );
    ws = new Workspace({ directory: dir }, bin, {
      ...cliEnvOn(emu),
      AWS_REGION: "us-east-1",
      PYTHONPATH: path.join(site, "lib"),
    });
    await ws.ok(["stack", "init", "dev"]);
  });
  afterEach(() => {
    ws?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("up writes only what differs, a second up writes nothing, drift fails the alarm, up --refresh fixes it, destroy applies statusOnDelete", async () => {
    await runPluginLifecycle(ws, emu, [A, B, C, D]);
  });

  it("pulumi import reads an existing member: one GetMember, no write, recorded as Macie shows it", async () => {
    emu.setStatus(D, "Paused");
    const before = now();
    // The Python host of sdk 3.79 cannot write Python code (GenerateProgram): the import itself is what is tested.
    const run = await ws.ok([
      "import",
      "macie:index:MemberStatus",
      "member-d",
      D,
      "--yes",
      "--skip-preview",
      "--generate-code=false",
    ]);
    expect(run).to.match(/1 imported/);
    expect(since(before)).to.deep.equal({ list: 0, get: 1, update: 0 });
    const state = JSON.parse(await ws.ok(["stack", "export"])) as {
      deployment: { resources: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
    };
    const imported = state.deployment.resources.find((r) => r.type === "macie:index:MemberStatus");
    expect(imported?.id).to.equal(D);
    expect(imported?.outputs).to.include({ accountId: D, status: "PAUSED", relationshipStatus: "Paused" });
  });
});
