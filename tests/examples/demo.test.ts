// `npm run demo` (after the build): the example program's whole lifecycle against the emulator.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { declare } from "../harness/program";
import { emulator, programOn } from "../support/emulator";

const DIST = path.resolve(__dirname, "../..");

describe("examples", function () {
  this.timeout(60_000);

  it("examples/basic declares one MacieMemberStatus per account in stack config", async () => {
    const program = path.join(DIST, "examples", "basic", "index.js");
    const declared = await declare(
      () => {
        delete require.cache[program];
        require(program); // eslint-disable-line @typescript-eslint/no-require-imports -- runs the example program
      },
      {
        project: "macie-basic",
        stack: "test",
        config: {
          "aws:region": "eu-west-1",
          "macie-basic:accounts": { "111111111111": "PAUSED", "222222222222": "ENABLED" },
          "macie-basic:keepOnDestroy": ["222222222222"],
        },
      },
    );
    expect(
      declared.map((d) => [
        d.name,
        d.inputs.accountId,
        d.inputs.status,
        d.inputs.region,
        d.inputs.statusOnDelete,
      ]),
    ).to.deep.equal([
      ["member-111111111111", "111111111111", "PAUSED", "eu-west-1", "ENABLED"],
      ["member-222222222222", "222222222222", "ENABLED", "eu-west-1", "UNCHANGED"],
    ]);
  });

  it("examples/org-policy pauses every member of the sandbox regions but the three overridden and the excluded", async () => {
    const emu = await emulator();
    const members = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];
    emu.seed(
      ["us-west-2", "eu-west-1"].flatMap((region) =>
        members.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region })),
      ),
    );
    const program = path.join(DIST, "examples", "org-policy", "index.js");
    const declared = await declare(
      () => {
        delete require.cache[program];
        require(program); // eslint-disable-line @typescript-eslint/no-require-imports -- runs the example program
      },
      { project: "macie-org-policy", stack: "test", ...programOn(emu) },
    );
    const status = (region: string, accountId: string) =>
      declared.find((d) => d.inputs.region === region && d.inputs.accountId === accountId)?.inputs.status;
    expect(declared).to.have.length(8); // 4 managed accounts × 2 regions
    expect(["111111111111", "222222222222"].map((a) => status("eu-west-1", a))).to.deep.equal([
      "ENABLED",
      "ENABLED",
    ]);
    expect(status("us-west-2", "333333333333")).to.equal("ENABLED");
    expect(status("eu-west-1", "333333333333")).to.equal("PAUSED");
    expect(status("us-west-2", "555555555555")).to.equal("PAUSED");
    expect(status("us-west-2", "444444444444")).to.equal(undefined); // excluded
  });

  it("the demo takes the example through up, no-op up, drift, refresh, up and destroy, and says it converged", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(DIST, "examples", "demo.js")], {
      // The CLI path is tested in the e2e suite, where the CLI is built.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DEMO_WITHOUT_CLI: "1" },
    });
    for (const step of [
      "▶ pulumi up",
      "▶ pulumi up (again)",
      "pulumi refresh",
      "▶ pulumi up (converges the drift)",
      "▶ pulumi destroy",
    ]) {
      expect(stdout).to.contain(step);
    }
    expect(stdout).to.not.contain("✘");
    expect(stdout).to.match(
      /pulumi preview --refresh --expect-no-changes would fail, naming member-210000000003/,
    );
    expect(stdout).to.contain("driving each step through Pulumi's own dynamic-provider host");
    expect(stdout.trim().split("\n").pop()).to.match(/^✔ Everything converged as declared, in [0-9.]+ s\.$/);
  });
});
