// Every TypeScript code block of the README and of docs/*.md, run as one Pulumi program against the
// emulator and converged through Pulumi's dynamic-provider host: the examples compile, run, do not
// conflict with each other (the same member declared twice fails the program), and do what they say.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import type { MacieEmulator } from "../../emulator/emulator";
import { MiniEngine } from "../../harness/engine";
import { REPO_ROOT } from "../../harness/host";
import { declare } from "../../harness/program";
import { emulator, programOn } from "../support/emulator";
import { startHost, type StartedHost } from "../support/host";

const DEFAULT_REGION = "us-east-1";

/** The user documentation: README.md, then docs/*.md by name. */
const DOCUMENTS = [
  "README.md",
  ...fs
    .readdirSync(path.join(REPO_ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The ```ts blocks of one document, in order. */
function blocksOf(document: string): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, document), "utf8");
  return [...text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** The ```ts blocks of every document, in order. */
function codeBlocks(): string[] {
  return DOCUMENTS.flatMap(blocksOf);
}

/** Runs one block as CommonJS, its `import`s resolved from here (this package by its name). */
function run(block: string): void {
  const { outputText } = ts.transpileModule(block, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };
  // The block is the documentation's own text, compiled here: running it is the point of the test.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const program = new Function("require", "module", "exports", outputText) as (...args: unknown[]) => void;
  program(require, module, module.exports);
}

describe("README and docs/ code blocks", function () {
  this.timeout(120_000);
  let emu: MacieEmulator;
  let started: StartedHost;
  const blocks = codeBlocks();
  const accounts = [...new Set(blocks.join("\n").match(/"[0-9]{12}"/g) ?? [])].map((a) => a.slice(1, -1));
  const regions = [
    ...new Set([
      DEFAULT_REGION,
      ...(blocks.join("\n").match(/"[a-z]{2}-[a-z]+-[0-9]"/g) ?? []).map((r) => r.slice(1, -1)),
    ]),
  ];
  before(async () => (started = await startHost({ AWS_REGION: DEFAULT_REGION })));
  after(async () => started.stop());
  beforeEach(async () => {
    emu = await emulator();
    // Every account the documents name is an Enabled member in every region they name.
    emu.seed(
      regions.flatMap((region) =>
        accounts.map((accountId) => ({ accountId, region, relationshipStatus: "Enabled" })),
      ),
    );
  });

  it("finds the examples of the README and of docs/", () => {
    expect(blocks.length).to.be.at.least(3);
    expect(accounts.length).to.be.at.least(6);
    // The README shows a program and a policy; docs/contract.md a resource with every input.
    expect(blocksOf("README.md").length, "README.md").to.be.at.least(2);
    expect(blocksOf("docs/contract.md").length, "docs/contract.md").to.be.at.least(1);
  });

  it("run together as one program without conflict, and converge every member as declared", async () => {
    const declared = await declare(
      // The policy declares its children after listing; the program ends when they are declared.
      () => blocks.forEach(run),
      { project: "readme", stack: "test", config: { "aws:region": DEFAULT_REGION }, ...programOn(emu) },
    );
    // Every member as declared: by its own resource, or in a policy's region map.
    const members = declared.flatMap((d) =>
      d.type === "pulumi-nodejs:dynamic/macie:MemberStatusRegion"
        ? Object.entries(d.inputs.members as Record<string, string>).map(([accountId, status]) => ({
            name: d.name,
            accountId,
            region: d.inputs.region as string,
            status,
          }))
        : [{ name: d.name, ...(d.inputs as { accountId: string; region: string; status: string }) }],
    );
    expect(members.length).to.be.greaterThan(accounts.length);
    const steps = await new MiniEngine(started.host).up(declared);
    expect(steps.filter((s) => s.error).map((s) => `${s.name}: ${s.error}`)).to.deep.equal([]);
    for (const { name, accountId, region, status } of members) {
      expect(emu.member(accountId, region)?.relationshipStatus, `${name} ${accountId}`).to.equal(
        status === "PAUSED" ? "Paused" : "Enabled",
      );
    }
  });
});
