// tools/pulumi-language-yaml/build.sh (and tools/lib/cached-build.sh, the skeleton it shares with
// tools/pulumi-language-python and tools/sdk-gen), with a fake `go` that takes a second instead of
// a minute: --check builds nothing and prints nothing until the binary is whole; two runs at once
// build once, into a per-run temporary path, keyed by the version go.mod pins; without flock(1) both
// build and the binary still ends whole.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";
import {
  bashSyntaxErrors,
  fakeLog,
  goModRequire,
  hasFlock,
  lastLine,
  runBash,
  fakeSandbox,
} from "../support/build-sh";

const TOOL = path.join(REPO_ROOT, "tools", "pulumi-language-yaml");
const SCRIPT = path.join(TOOL, "build.sh");
const GO_MOD = fs.readFileSync(path.join(TOOL, "go.mod"), "utf8");

/** What build.sh, the library and the fake go call: PATH without flock when asked. */
const TOOLS = ["bash", "sh", "cat", "cut", "sha256sum", "sed", "mkdir", "mktemp", "mv", "rm", "date"];
const MORE_TOOLS = ["dirname", "sleep", "chmod"];

describe("tools/pulumi-language-yaml/build.sh (fake go)", function () {
  this.timeout(60_000);
  let root: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runBash(SCRIPT, args, env);

  beforeEach(() => {
    ({ root, log, env } = fakeSandbox("yaml-build-sh-", "PULUMI_YAML_CACHE"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("parses (bash -n), and so does tools/lib/cached-build.sh", () => {
    expect(bashSyntaxErrors(SCRIPT)).to.equal("");
    expect(bashSyntaxErrors(path.join(REPO_ROOT, "tools", "lib", "cached-build.sh"))).to.equal("");
  });

  it("pins pulumi-yaml v1.25.0, which resolves pkg and sdk v3.206.0 (as the script's header says)", () => {
    expect(goModRequire(GO_MOD, "github.com/pulumi/pulumi-yaml")).to.equal("v1.25.0");
    expect(goModRequire(GO_MOD, "github.com/pulumi/pulumi/pkg/v3")).to.equal("v3.206.0");
    expect(goModRequire(GO_MOD, "github.com/pulumi/pulumi/sdk/v3")).to.equal("v3.206.0");
    expect(fs.readFileSync(SCRIPT, "utf8"))
      .to.contain("pulumi-yaml v1.25.0 resolves")
      .and.contain("v3.206.0");
    expect(fs.readFileSync(path.join(TOOL, "tools.go"), "utf8")).to.match(/^\/\/go:build tools$/m);
  });

  it("--check on an empty cache prints nothing, builds nothing and makes no directory", async () => {
    const check = await run("--check");
    expect([check.code, check.stdout, check.stderr]).to.deep.equal([0, "", ""]);
    expect(fakeLog(log)).to.deep.equal([]);
    expect(fs.existsSync(path.join(root, "cache"))).to.equal(false);
  });

  it("with flock: builds the version go.mod pins once; the second run waits; --check waits for the whole binary", async function () {
    if (!hasFlock()) this.skip();
    const first = run();
    while (fakeLog(log).length === 0) await new Promise((r) => setTimeout(r, 50));
    const second = run();
    expect((await run("--check")).stdout).to.equal("");
    const [a, b] = await Promise.all([first, second]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    const bin = lastLine(a);
    expect(lastLine(b)).to.equal(bin);
    expect(path.relative(path.join(root, "cache"), bin)).to.match(/^v1\.25\.0-[0-9a-f]{12}\/bin$/);
    expect(fakeLog(log)).to.have.length(1);
    const [verb, pkg, out, ...ldflags] = fakeLog(log)[0];
    expect([verb, pkg]).to.deep.equal(["build", "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"]);
    expect(ldflags.join(" ")).to.equal("-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v1.25.0");
    expect(path.dirname(path.dirname(out))).to.equal(path.dirname(bin));
    expect(path.basename(path.dirname(out))).to.match(/^build\.[A-Za-z0-9]{6}$/);
    expect(a.stderr + b.stderr).to.contain("waiting for it");
    expect(fs.readdirSync(bin)).to.deep.equal(["pulumi-language-yaml"]);
    expect(fs.readdirSync(path.dirname(bin)).sort()).to.deep.equal(["bin", "build.lock"]);
    expect((await run("--check")).stdout.trim()).to.equal(bin);
    expect((await run()).stdout.trim()).to.equal(bin);
    expect(fakeLog(log)).to.have.length(1);
  });

  it("without flock: both runs build, each into its own temporary path, and the binary ends whole", async () => {
    const tools = path.join(root, "tools");
    fs.mkdirSync(tools);
    for (const name of [...TOOLS, ...MORE_TOOLS]) {
      const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
      expect(found, `${name} on PATH`).to.not.equal("");
      fs.symlinkSync(found, path.join(tools, name));
    }
    env.PATH = `${path.join(root, "fake-bin")}${path.delimiter}${tools}`;

    const [a, b] = await Promise.all([run(), run()]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    expect(a.stderr).to.contain("no flock(1) here");
    const outputs = fakeLog(log).map(([, , out]) => out);
    expect(outputs).to.have.length(2);
    expect(new Set(outputs).size).to.equal(2);
    const bin = lastLine(a);
    expect(fs.readFileSync(path.join(bin, "pulumi-language-yaml"), "utf8")).to.equal(
      "#!/bin/sh\necho fake\n",
    );
    expect(fs.readdirSync(path.dirname(bin))).to.deep.equal(["bin"]);
  });
});
