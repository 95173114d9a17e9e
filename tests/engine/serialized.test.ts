// The two serialized forms of the provider side by side in one dynamic-provider host, as in a stack
// written before 0.2 (by value) and updated since (by name); and the host refusing a serialized
// provider that loads a path instead of this package by name.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { REPO_ROOT, urnOf } from "../../harness/host";
import { emulator } from "../support/emulator";
import { startHost, type StartedHost } from "../support/host";
import { foreignRequires, SHIM_MODULE } from "../../provider/program/serialized";

const A = "111111111111";
const TYPE = "pulumi-nodejs:dynamic/macie:MemberStatus";
const urn = (name: string) => urnOf("macie-test", "dev", TYPE, name);
const PROVIDER_0_1_0 = fs.readFileSync(
  path.join(REPO_ROOT, "tests", "provider", "fixtures", "provider-0.1.0.txt"),
  "utf8",
);
/** The by-name form, reduced to what the host evaluates: a module whose handler returns the shim. */
const BY_NAME = `exports.handler = () => require("${SHIM_MODULE}");\n`;

describe("serialized providers in the dynamic-provider host", function () {
  this.timeout(60_000);
  let emu: MacieEmulator;
  let started: StartedHost;
  beforeEach(async () => {
    emu = await emulator();
    emu.seed([{ accountId: A, relationshipStatus: "Enabled" }]);
    started = await startHost();
  });
  afterEach(async () => started.stop());

  it("a second text configures again without cutting the calls of the first one in flight", async () => {
    emu.configure({ latencyMs: 800 });
    const inputs = { accountId: A, status: "PAUSED", region: "us-east-1", statusOnDelete: "ENABLED" };
    const create = started.host.create(urn("old"), { ...inputs, __provider: PROVIDER_0_1_0 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first GetMember is in flight
    const check = await started.host.check(urn("new"), {}, { ...inputs, __provider: BY_NAME });
    expect(check.failures).to.deep.equal([]);
    await create;
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
    // Read, write, read back: a reconfigured runtime would have cut the first read and read again.
    expect(emu.calls("GetMember")).to.equal(2);
    expect(emu.calls("UpdateMemberSession")).to.equal(1);
  });

  it("refuses, at check, a serialized provider that loads a path: it would fail on another machine", async () => {
    const elsewhere = `${BY_NAME}const unused = () => require("/opt/build/node_modules/x/shim.js");\n`;
    const check = await started.host.check(
      urn("m"),
      {},
      { accountId: A, status: "PAUSED", region: "us-east-1", __provider: elsewhere },
    );
    expect(check.failures.map((f) => f.property)).to.deep.equal(["__provider"]);
    expect(check.failures[0].reason)
      .to.contain('"/opt/build/node_modules/x/shim.js"')
      .and.contain("Nothing was stored");
    expect(emu.calls("GetMember")).to.equal(0);
  });

  it("finds what is not this package by name in a text, and nothing in the two forms it writes", () => {
    expect(foreignRequires(PROVIDER_0_1_0)).to.deep.equal([]);
    expect(foreignRequires(BY_NAME)).to.deep.equal([]);
    expect(
      foreignRequires(`require("./shim.js"); require('pulumi-macie-member-status'); require("os")`),
    ).to.deep.equal(["./shim.js", "pulumi-macie-member-status", "os"]);
  });
});
