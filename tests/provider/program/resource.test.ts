// MacieMemberStatus as a Pulumi program sees it, and the `__provider` it puts into state: captured
// the way a real program produces it (pulumi.runtime.setMocks), then evaluated in a fresh Node
// process the way Pulumi's dynamic-provider host does it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { MacieMemberStatus } from "../../../provider";
import { useProgramEnvironment } from "../../../provider/program/program";
import {
  foreignRequires,
  IMPLEMENTATION,
  SHIM_FILE,
  SHIM_MODULE,
} from "../../../provider/program/serialized";
import { installInto } from "../../../harness/program";

const REPO = path.resolve(__dirname, "../../../..");
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

  describe("the call stacks a declaration costs (the biggest per-resource cost of a big program)", () => {
    /** Runs `declare` with Error.prepareStackTrace watched: the frame count of every stack formatted. */
    function stacksFormatted(declare: () => void): number[] {
      const formatted: number[] = [];
      // eslint-disable-next-line @typescript-eslint/unbound-method -- a global hook V8 calls unbound
      const before = Error.prepareStackTrace;
      const at = (f: NodeJS.CallSite) =>
        `    at ${f.getFileName() ?? "?"}:${f.getLineNumber()}:${f.getColumnNumber()}`;
      Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown => {
        formatted.push(frames.length);
        return before ? before(error, frames) : [String(error), ...frames.map(at)].join("\n");
      };
      try {
        declare();
      } finally {
        Error.prepareStackTrace = before;
      }
      return formatted;
    }

    it("formats one stack, the declaration's source position, not one per property promise", async () => {
      await registrations(() => {
        const formatted = stacksFormatted(
          () =>
            new MacieMemberStatus("m", { accountId: "123456789012", status: "PAUSED", region: "us-east-1" }),
        );
        // Pulumi stamps each of the 4 promises of each of the 10 properties with `new Error().stack`
        // (40 stacks, each source-mapped in a real program); only its source-position capture,
        // which raises the limit itself, still has frames.
        const framed = formatted.filter((frames) => frames > 0);
        expect(framed).to.have.length(1);
        // Pulumi's own, at full depth (it raises the limit past the default 10 itself).
        expect(framed[0]).to.be.greaterThan(10);
        expect(formatted.length).to.be.at.least(40);
        return [];
      });
    });

    it("keeps every stack when Pulumi's promise-leak report is asked for (PULUMI_DEBUG_PROMISE_LEAKS)", async () => {
      useProgramEnvironment({ ...DUMMY_ENV, PULUMI_DEBUG_PROMISE_LEAKS: "true" });
      await registrations(() => {
        const formatted = stacksFormatted(
          () =>
            new MacieMemberStatus("m", { accountId: "123456789012", status: "PAUSED", region: "us-east-1" }),
        );
        expect(formatted.filter((frames) => frames > 0).length).to.be.at.least(40);
        return [];
      });
    });

    it("leaves the stack of an error made elsewhere and thrown inside as it was", () => {
      const made = new Error("from a transformation");
      const stack = made.stack;
      expect(
        () =>
          new MacieMemberStatus(
            "m",
            { accountId: "123456789012", status: "PAUSED", region: "us-east-1" },
            {
              transformations: [
                () => {
                  throw made;
                },
              ],
            },
          ),
      ).to.throw(made);
      expect(made.stack).to.equal(stack);
    });

    it("puts Error.stackTraceLimit back, also when the declaration throws", () => {
      const limit = Error.stackTraceLimit;
      new MacieMemberStatus("m", { accountId: "123456789012", status: "PAUSED", region: "us-east-1" });
      expect(Error.stackTraceLimit).to.equal(limit);
      // Pulumi itself refuses an empty name, inside the window: the error still shows where.
      let thrown: unknown;
      try {
        new MacieMemberStatus("", { accountId: "210987654321", status: "PAUSED" });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(Error).with.property("message").that.matches(/name/);
      // (resource.test.ts where mocha maps stacks through source maps, resource.test.js elsewhere)
      expect((thrown as Error).stack).to.match(/resource\.test\.[jt]s:\d+/);
      expect(Error.stackTraceLimit).to.equal(limit);
    });
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

  describe("the serialized provider (__provider) by value: the package linked, as in this checkout", () => {
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

    it("is 0.1.0's text byte for byte, so states written before stay as they are", () => {
      expect(text).to.equal(PROVIDER_0_1_0);
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
      expect(foreignRequires(text)).to.deep.equal([]);
    });

    it("holds no absolute path", () => expectPortable(text));

    it("inlines none of the AWS SDK", () => {
      for (const marker of ["@aws-sdk", "@smithy", "Macie2Client", "GetMemberCommand", "SignatureV4"]) {
        expect(text).to.not.contain(marker);
      }
    });

    it("holds no credential value", () => {
      for (const secret of [DUMMY_KEY_ID, DUMMY_SECRET, DUMMY_TOKEN]) expect(text).to.not.contain(secret);
    });

    it("yields a working provider when evaluated as the host does, in a fresh process where the package is linked", function () {
      this.timeout(30_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-shim-"));
      try {
        fs.mkdirSync(path.join(dir, "node_modules"));
        fs.symlinkSync(REPO, path.join(dir, "node_modules", "pulumi-macie-member-status"), "dir");
        expectWorkingProvider(text, dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("the serialized provider (__provider) by name: the package installed in node_modules", function () {
    this.timeout(60_000);
    let root: string;
    let installed: string;
    let text: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "macie-shim-installed-"));
      installed = path.join(root, "project");
      installInto(path.join(installed, "node_modules"), REPO);
      text = serializedIn(installed);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("requires the shim by package name and nothing else", () => {
      expect(text).to.contain(`require("${SHIM_MODULE}")`);
      expect(text).to.not.contain(IMPLEMENTATION);
      expect(foreignRequires(text)).to.deep.equal([]);
    });

    it("is at most 1,200 bytes (the by-value form is about 2,000)", () => {
      expect(Buffer.byteLength(text, "utf8")).to.be.at.most(1200);
      expect(Buffer.byteLength(PROVIDER_0_1_0, "utf8")).to.be.greaterThan(1200);
    });

    it("holds no absolute path", () => {
      expectPortable(text);
      expect(text).to.not.contain(root);
    });

    it("yields a working provider when evaluated as the host does, in the project", () => {
      expectWorkingProvider(text, installed);
    });

    it("leaves 0.1.0's states working there: their text loads the host by name", () => {
      expectWorkingProvider(PROVIDER_0_1_0, installed);
    });

    it("goes by value where pnpm keeps the package (a version-pinned path would break on upgrade)", () => {
      const pnpm = path.join(root, "pnpm");
      installInto(path.join(pnpm, "node_modules"), REPO, { pnpm: true });
      expect(serializedIn(pnpm)).to.equal(PROVIDER_0_1_0);
    });

    it("the package's exports map ./shim to the file the choice looks for", () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
        exports: Record<string, { default: string }>;
      };
      expect(manifest.exports["./shim"].default).to.equal(`./${SHIM_FILE}`);
      expect(manifest.exports["./host"].default).to.equal("./dist/provider/host.js");
    });
  });
});

/** The by-value text 0.1.0 wrote into every state (captured from a `pulumi up`). */
const PROVIDER_0_1_0 = fs.readFileSync(
  path.join(REPO, "tests", "provider", "fixtures", "provider-0.1.0.txt"),
  "utf8",
);

function expectPortable(text: string): void {
  for (const dir of [REPO, os.homedir(), os.tmpdir(), process.cwd()]) expect(text).to.not.contain(dir);
  expect(text).to.not.match(/["'`]\/[a-z]/i);
  expect(text).to.not.contain("node_modules");
}

/** `__provider` as a program in `project` (its own node_modules) serializes it, under mocks, in a child process. */
function serializedIn(project: string): string {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const { MacieMemberStatus } = require("pulumi-macie-member-status");
    let text;
    Promise.resolve(pulumi.runtime.setMocks({
      newResource: (args) => { text = args.inputs.__provider; return { id: "x", state: args.inputs }; },
      call: () => ({}),
    }, "proj", "stack", false)).then(() => {
      const resource = new MacieMemberStatus("a", { accountId: "123456789012", status: "PAUSED", region: "us-east-1" });
      resource.urn.apply(() => console.log(JSON.stringify({ text })));
    });
  `;
  const out = execFileSync(process.execPath, ["-e", script], {
    cwd: project,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    encoding: "utf8",
    // The serializer loads every Node built-in, and Node says so about `sys` and `wasi` on stderr.
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(out.trim().split("\n").pop()!) as { text: string }).text;
}

/** Evaluates `text` in a fresh process in `dir` as the dynamic-provider host does, and calls check and diff. */
function expectWorkingProvider(text: string, dir: string): void {
  const file = path.join(dir, `provider-${process.pid}.txt`);
  fs.writeFileSync(file, text);
  try {
    // What cmd/dynamic-provider/index.js does: requireFromString(props.__provider).handler().
    const script = `
      const requireFromString = require(process.argv[1]);
      const fs = require("fs");
      const provider = requireFromString(fs.readFileSync(process.argv[2], "utf8")).handler();
      (async () => {
        await provider.configure({ config: { get: (k) => (k === "macie:maxAttempts" ? "3" : undefined) } });
        const check = await provider.check({}, { accountId: "123456789012", status: "paused", region: "us-east-1" });
        const diff = await provider.diff("123456789012",
          { accountId: "123456789012", status: "PAUSED", region: "us-east-1", statusOnDelete: "ENABLED" },
          { accountId: "123456789012", status: "ENABLED", region: "us-east-1", statusOnDelete: "ENABLED" });
        console.log(JSON.stringify({ check, diff }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const out = execFileSync(process.execPath, ["-e", script, require.resolve("require-from-string"), file], {
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
    fs.rmSync(file, { force: true });
  }
}
