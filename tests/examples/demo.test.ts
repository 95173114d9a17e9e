// `npm run demo` (after the build): the example program's whole lifecycle against the emulator.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { declare } from "../../harness/program";
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
      (declared.find((d) => d.inputs.region === region)?.inputs.members as Record<string, string>)[accountId];
    expect(declared).to.have.length(2); // one resource per region, 4 managed accounts in each
    expect(declared.map((d) => Object.keys(d.inputs.members as object).length)).to.deep.equal([4, 4]);
    expect(["111111111111", "222222222222"].map((a) => status("eu-west-1", a))).to.deep.equal([
      "ENABLED",
      "ENABLED",
    ]);
    expect(status("us-west-2", "333333333333")).to.equal("ENABLED");
    expect(status("eu-west-1", "333333333333")).to.equal("PAUSED");
    expect(status("us-west-2", "555555555555")).to.equal("PAUSED");
    expect(status("us-west-2", "444444444444")).to.equal(undefined); // excluded
  });

  it("the demo takes the example through up, no-op up, drift alarm, refresh, up and destroy, and says it converged", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(DIST, "examples", "demo.js")], {
      // The CLI path is tested in the e2e suite, where the CLI is built.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DEMO_WITHOUT_CLI: "1" },
    });
    const headings = stdout.split("\n").filter((line) => line.startsWith("▶ "));
    expect(headings).to.deep.equal([
      "▶ Check, Diff, Create/Update through the dynamic-provider host",
      "▶ Check, Diff, Create/Update through the dynamic-provider host (again)",
      "▶ someone resumes Macie by hand for 210000000003, then: the drift alarm (Read, then Check and Diff through the host; state not saved)",
      "▶ Read (refresh) through the dynamic-provider host",
      "▶ Check, Diff, Create/Update through the dynamic-provider host (converges the drift)",
      "▶ Delete through the dynamic-provider host (statusOnDelete: ENABLED, except keepOnDestroy)",
    ]);
    // No CLI runs in this mode, so no heading may name a CLI command.
    for (const heading of headings) expect(heading).to.not.match(/pulumi (up|refresh|preview|destroy)/);
    expect(stdout).to.not.contain("✘");
    expect(stdout).to.contain("✔ the drift alarm finds 1 change, naming member-210000000003");
    expect(stdout).to.not.contain("would fail");
    expect(stdout).to.contain(
      "DEMO_WITHOUT_CLI is set: driving each step through Pulumi's own dynamic-provider host",
    );

    // The destroy table: what delete leaves behind, not the declared status; the kept account marked.
    const destroyTable = stdout.slice(stdout.indexOf("▶ Delete"));
    const row = (account: string) =>
      destroyTable
        .split("\n")
        .find((line) => line.trim().startsWith(account))
        ?.trim()
        .split(/ {2,}/);
    expect(destroyTable.split("\n")[1].trim().split(/ {2,}/)[1]).to.equal("desired on delete");
    // Declared PAUSED, statusOnDelete ENABLED: destroy leaves it ENABLED.
    expect(row("210000000003")?.slice(0, 3)).to.deep.equal(["210000000003", "ENABLED", "Enabled"]);
    // keepOnDestroy (statusOnDelete UNCHANGED): stays PAUSED, and says why.
    expect(row("210000000006")?.slice(0, 3)).to.deep.equal([
      "210000000006 (keepOnDestroy)",
      "PAUSED (UNCHANGED)",
      "Paused",
    ]);
    expect(stdout.trim().split("\n").pop()).to.match(/^✔ Everything converged as declared, in [0-9.]+ s\.$/);
  });
});
