// What the CLI prints when the program refuses to go on: the message alone, once — no
// "unhandled exception", no stack frames or absolute paths of this machine, no raw ANSI escapes.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { REPO_ROOT } from "../../harness/host";
import { cliEnvOn, emulator } from "../support/emulator";
import { requireBuiltCli, Workspace } from "../../harness/cli";

const [A, B, C] = ["320000000001", "320000000002", "320000000003"];
const POLICY = `const { MacieMemberStatus, MacieMemberStatusPolicy } = require("pulumi-macie-member-status");`;

/** How many times `text` occurs in `output`. */
const count = (output: string, text: string) => output.split(text).length - 1;

describe("program errors under the real Pulumi CLI", function () {
  this.timeout(300_000);
  let emu: MacieEmulator;
  let ws: Workspace;
  const bin = requireBuiltCli();

  before(async () => {
    emu = await emulator();
    ws = new Workspace(`${POLICY}\n`, bin, cliEnvOn(emu));
    await ws.ok(["stack", "init", "dev"]);
    await ws.ok(["config", "set", "aws:region", "us-east-1"]);
  });
  beforeEach(() => {
    emu.reset();
    emu.seed([A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
  });
  after(() => ws?.remove());

  /** Runs `preview` of `program`; expects it to fail with `message`, printed once and alone. */
  async function refused(program: string, message: string): Promise<string> {
    ws.writeProgram(`${POLICY}\n${program}\n`);
    const run = await ws.pulumi(["preview"]);
    expect(run.code, run.output).to.not.equal(0);
    // The CLI echoes each diagnostic on its progress line too: what we print is the Diagnostics section.
    const diagnostics = run.output.slice(run.output.indexOf("Diagnostics:"));
    expect(count(diagnostics, message), run.output).to.equal(1);
    expect(run.output, run.output).to.not.contain("unhandled exception");
    expect(run.output, run.output).to.not.match(/\n\s+at .*[/(]/);
    expect(run.output, run.output).to.not.contain(REPO_ROOT);
    expect(run.output, run.output).to.not.contain(ws.root);
    expect(run.output, run.output).to.not.contain("\u001b[");
    return run.output;
  }

  it("a policy's bad arguments (PolicyArgsError)", async () => {
    await refused(
      `new MacieMemberStatusPolicy("org", { regions: ["us-east-1"], defaultStatus: "paused" });`,
      'MacieMemberStatusPolicy "org": defaultStatus must be',
    );
    expect(emu.calls("ListMembers")).to.equal(0);
  });

  it("a member declared twice", async () => {
    await refused(
      [
        `new MacieMemberStatus("first", { accountId: "${A}", status: "PAUSED" });`,
        `new MacieMemberStatus("second", { accountId: "${A}", status: "ENABLED" });`,
      ].join("\n"),
      `Account ${A} in us-east-1 is declared twice`,
    );
  });

  it("a policy over its change limit (ChangeLimitError)", async () => {
    await refused(
      `new MacieMemberStatusPolicy("org", { regions: ["us-east-1"], defaultStatus: "PAUSED", maxChanges: 1 });`,
      "would change the Macie status of more member accounts in one run than allowed",
    );
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("credentials Macie refuses, printed once", async () => {
    emu.addFault({ kind: "403", operation: "ListMembers", times: "always" });
    await refused(
      `new MacieMemberStatusPolicy("org", { regions: ["us-east-1"], defaultStatus: "PAUSED" });`,
      "AccessDeniedException",
    );
  });
});
