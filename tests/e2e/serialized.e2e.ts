// Under the real CLI: a stack written with the shim by value (0.1's 2,005 bytes, what a linked
// package still stores) goes on working once the package is installed and stores it by name — one
// `up --refresh` reads with the old text, deletes with it, and updates with the new one.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { REPO_ROOT } from "../../harness/host";
import { installInto } from "../../harness/program";
import { DUMMY_CREDENTIALS, emulator } from "../support/emulator";

const [A, B, C] = ["530000000001", "530000000002", "530000000003"];
const program = (accounts: string[]) => `
const { MacieMemberStatus } = require("pulumi-macie-member-status");
for (const a of ${JSON.stringify(accounts)}) new MacieMemberStatus("m-" + a, { accountId: a, status: "PAUSED", region: "us-east-1" });
`;

interface StateRecord {
  urn: string;
  inputs?: { __provider?: string };
  outputs?: { __provider?: string };
}

describe("the real CLI, from the shim by value to the shim by name", function () {
  this.timeout(180_000);
  const bin = requireBuiltCli();
  let emu: MacieEmulator;
  let ws: Workspace;
  beforeEach(async () => {
    emu = await emulator();
    emu.seed([A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
  });
  afterEach(() => ws?.remove());

  it("a stack of 0.1 states converges, deletes and refreshes with both texts in one run, and moves to the short one", async () => {
    ws = new Workspace(program([A, B, C]), bin, {
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: emu.url,
      AWS_ENDPOINT_URL_STS: emu.url,
    });
    await ws.ok(["stack", "init", "upgrade"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    /** Per resource name: the bytes of `__provider` in its inputs and in its outputs. */
    const providers = (): Record<string, [number | undefined, number | undefined]> =>
      Object.fromEntries(
        (
          JSON.parse(fs.readFileSync(ws.stateFile("upgrade"), "utf8")) as {
            checkpoint: { latest: { resources: StateRecord[] } };
          }
        ).checkpoint.latest.resources
          .filter((r) => typeof r.inputs?.__provider === "string")
          .map((r) => [
            r.urn.split("::").pop() ?? r.urn,
            [r.inputs?.__provider?.length, r.outputs?.__provider?.length],
          ]),
      );
    expect(providers()).to.deep.equal({
      [`m-${A}`]: [2005, 2005],
      [`m-${B}`]: [2005, 2005],
      [`m-${C}`]: [2005, 2005],
    });

    // The package installed as npm installs it; C leaves the program; B is resumed by hand.
    fs.rmSync(path.join(ws.program, "node_modules"), { recursive: true, force: true });
    installInto(path.join(ws.program, "node_modules"), REPO_ROOT);
    fs.writeFileSync(path.join(ws.program, "index.js"), program([A, B]));
    emu.setStatus(B, "Enabled");
    const writes = emu.calls("UpdateMemberSession");

    const run = await ws.ok(["up", "--refresh", "--yes", "--skip-preview"]);
    expect(run)
      .to.match(/1 updated/)
      .and.match(/1 deleted/);
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Enabled" });
    expect(emu.calls("UpdateMemberSession") - writes).to.equal(2); // B back to Paused, C to statusOnDelete
    // New inputs carry the short text; outputs change with the resource's next update (B's now).
    const short = providers()[`m-${A}`]?.[0];
    expect(short).to.be.at.most(1200);
    expect(providers()).to.deep.equal({ [`m-${A}`]: [short, 2005], [`m-${B}`]: [short, short] });
  });
});
