// MacieMemberStatus as a Pulumi program sees it, and the `__provider` it puts into state: captured
// the way a real program produces it (pulumi.runtime.setMocks), then evaluated in a fresh Node
// process the way Pulumi's dynamic-provider host does it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { MacieMemberStatus } from "../../provider";
import { useProgramEnvironment } from "../../provider/program";
import { IMPLEMENTATION } from "../../provider/shim";

const REPO = path.resolve(__dirname, "../../..");
const DUMMY_KEY_ID = "AKIAIOSFODNN7DUMMYKEY";
const DUMMY_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYDUMMYSECRET";
const DUMMY_TOKEN = "IQoJb3JpZ2luX2VjEDUMMYSESSIONTOKEN";
const CONFIG = [
  ["maxAttempts", "97"],
  ["waitTimeoutSeconds", "3599"],
  ["roleArn", "arn:aws:iam::123456789012:role/macie-admin-e2e"],
  ["externalId", "external-id-that-must-not-leak"],
];

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Runs `declare` as a Pulumi program under mocks; returns what reached the engine. */
async function registrations(declare: () => pulumi.Resource[]): Promise<Registered[]> {
  const seen: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        seen.push({ type: args.type, name: args.name, inputs });
        return { id: String(inputs.accountId), state: { ...inputs, relationshipStatus: "Paused" } };
      },
      call: () => ({}),
    },
    "proj",
    "stack",
    false,
  );
  const resources = declare();
  // Wait until every registration (and the provider's serialization) has gone through.
  await Promise.all(resources.map((r) => new Promise((resolve) => pulumi.output(r.urn).apply(resolve))));
  return seen;
}

/** The program's environment (in place of process.env) holds these dummy credentials. */
const DUMMY_ENV = {
  AWS_ACCESS_KEY_ID: DUMMY_KEY_ID,
  AWS_SECRET_ACCESS_KEY: DUMMY_SECRET,
  AWS_SESSION_TOKEN: DUMMY_TOKEN,
};

describe("MacieMemberStatus", () => {
  let restoreEnv: () => void;
  beforeEach(() => {
    restoreEnv = useProgramEnvironment(DUMMY_ENV);
  });
  afterEach(() => restoreEnv());

  it("registers as pulumi-nodejs:dynamic/macie:MemberStatus with its inputs", async () => {
    const [reg] = await registrations(() => [
      new MacieMemberStatus("m", { accountId: "123456789012", status: "PAUSED", region: "us-east-1" }),
    ]);
    expect(reg.type).to.equal("pulumi-nodejs:dynamic/macie:MemberStatus");
    expect(reg.inputs).to.include({ accountId: "123456789012", status: "PAUSED", region: "us-east-1" });
  });

  it("exposes the outputs the engine returns", async () => {
    let resource: MacieMemberStatus | undefined;
    await registrations(() => {
      resource = new MacieMemberStatus("m", {
        accountId: "123456789012",
        status: "PAUSED",
        region: "us-east-1",
      });
      return [resource];
    });
    const relationship = await new Promise((resolve) => resource!.relationshipStatus.apply(resolve));
    expect(relationship).to.equal("Paused");
  });

  it("takes the region from config aws:region, then from AWS_REGION", async () => {
    pulumi.runtime.setConfig("aws:region", "eu-west-2");
    try {
      const [reg] = await registrations(() => [
        new MacieMemberStatus("m", { accountId: "123456789012", status: "ENABLED" }),
      ]);
      expect(reg.inputs.region).to.equal("eu-west-2");
    } finally {
      pulumi.runtime.setConfig("aws:region", undefined as unknown as string);
    }
    useProgramEnvironment({ ...DUMMY_ENV, AWS_REGION: "ap-south-1" });
    const [reg] = await registrations(() => [
      new MacieMemberStatus("m", { accountId: "123456789012", status: "ENABLED" }),
    ]);
    expect(reg.inputs.region).to.equal("ap-south-1");
  });

  describe("the serialized provider (__provider)", () => {
    let text: string;
    before(async () => {
      const restore = useProgramEnvironment(DUMMY_ENV);
      // Provider config set in the stack must not find its way into the shim.
      for (const [key, value] of CONFIG) pulumi.runtime.setConfig(`macie:${key}`, value);
      try {
        const regs = await registrations(() => [
          new MacieMemberStatus("a", { accountId: "123456789012", status: "PAUSED", region: "us-east-1" }),
          new MacieMemberStatus("b", { accountId: "210987654321", status: "ENABLED", region: "us-east-1" }),
        ]);
        text = String(regs[0].inputs.__provider);
        expect(regs[1].inputs.__provider).to.equal(text);
      } finally {
        for (const [key] of CONFIG) pulumi.runtime.setConfig(`macie:${key}`, undefined as unknown as string);
        restore();
      }
    });

    it("is at most 2 KB", () => {
      expect(Buffer.byteLength(text, "utf8")).to.be.at.most(2048);
    });

    it("captures nothing of the stack's config: the provider reads it through configure", () => {
      for (const [, value] of CONFIG) expect(text).to.not.contain(value);
      expect(text).to.contain("configure:");
    });

    it("loads the implementation by package name", () => {
      expect(text).to.contain(`require("${IMPLEMENTATION}")`);
    });

    it("holds no absolute path", () => {
      for (const dir of [REPO, os.homedir(), os.tmpdir(), process.cwd()]) expect(text).to.not.contain(dir);
      expect(text).to.not.match(/["'`]\/[a-z]/i);
      expect(text).to.not.contain("node_modules");
    });

    it("inlines none of the AWS SDK", () => {
      for (const marker of ["@aws-sdk", "@smithy", "Macie2Client", "GetMemberCommand", "SignatureV4"]) {
        expect(text).to.not.contain(marker);
      }
    });

    it("holds no credential value", () => {
      for (const secret of [DUMMY_KEY_ID, DUMMY_SECRET, DUMMY_TOKEN]) expect(text).to.not.contain(secret);
    });

    it("yields a working provider when evaluated as the host does, in a fresh process where the package is installed", function () {
      this.timeout(30_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-shim-"));
      try {
        fs.mkdirSync(path.join(dir, "node_modules"));
        fs.symlinkSync(REPO, path.join(dir, "node_modules", "pulumi-macie-member-status"), "dir");
        fs.writeFileSync(path.join(dir, "provider.txt"), text);
        // What cmd/dynamic-provider/index.js does: requireFromString(props.__provider).handler().
        const script = `
          const requireFromString = require(process.argv[1]);
          const fs = require("fs");
          const provider = requireFromString(fs.readFileSync("provider.txt", "utf8")).handler();
          (async () => {
            await provider.configure({ config: { get: (k) => (k === "macie:maxAttempts" ? "3" : undefined) } });
            const check = await provider.check({}, { accountId: "123456789012", status: "paused", region: "us-east-1" });
            const diff = await provider.diff("123456789012",
              { accountId: "123456789012", status: "PAUSED", region: "us-east-1", statusOnDelete: "ENABLED" },
              { accountId: "123456789012", status: "ENABLED", region: "us-east-1", statusOnDelete: "ENABLED" });
            console.log(JSON.stringify({ check, diff }));
          })().catch((e) => { console.error(e); process.exit(1); });
        `;
        const out = execFileSync(process.execPath, ["-e", script, require.resolve("require-from-string")], {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          encoding: "utf8",
        });
        const result = JSON.parse(out.trim().split("\n").pop()!) as {
          check: { failures: { property: string; reason: string }[] };
          diff: { changes: boolean; replaces: string[] };
        };
        expect(result.check.failures).to.have.length(1);
        expect(result.check.failures[0].property).to.equal("status");
        expect(result.diff).to.deep.equal({ changes: true, replaces: [] });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
