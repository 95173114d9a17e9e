// tools/sdk-gen: its go.mod keeps tools/pulumi-cli's versions (so the CLI's build leaves the Go
// build cache warm for it), build.sh builds it once with a fake `go` and --check builds nothing;
// and, when it has been built (this suite never builds it), pulumi-sdkgen on a one-resource schema.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";
import {
  bashSyntaxErrors,
  fakeLog,
  goModRequire,
  goModRequires,
  hasFlock,
  lastLine,
  runBash,
  fakeSandbox,
} from "../support/build-sh";

const TOOL = path.join(REPO_ROOT, "tools", "sdk-gen");
const SCRIPT = path.join(TOOL, "build.sh");
const read = (...parts: string[]) => fs.readFileSync(path.join(REPO_ROOT, "tools", ...parts), "utf8");

describe("tools/sdk-gen/build.sh (fake go)", function () {
  this.timeout(60_000);
  let root: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runBash(SCRIPT, args, env);

  beforeEach(() => {
    ({ root, log, env } = fakeSandbox("sdkgen-build-sh-", "PULUMI_SDKGEN_CACHE"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("parses (bash -n)", () => {
    expect(bashSyntaxErrors(SCRIPT)).to.equal("");
  });

  it("requires pkg/v3 and every module it shares with tools/pulumi-cli at the CLI's versions, with its replaces", () => {
    const own = goModRequires(read("sdk-gen", "go.mod"));
    const cli = goModRequires(read("pulumi-cli", "go.mod"));
    expect(goModRequire(read("sdk-gen", "go.mod"), "github.com/pulumi/pulumi/pkg/v3")).to.equal(
      cli.get("github.com/pulumi/pulumi/pkg/v3"),
    );
    const shared = [...own.keys()].filter((module) => cli.has(module));
    expect(shared.length, "modules in both").to.be.above(50);
    expect(shared.filter((module) => own.get(module) !== cli.get(module))).to.deep.equal([]);
    const replaces = (goMod: string) => goMod.split("\n").filter((line) => line.startsWith("replace "));
    expect(replaces(read("sdk-gen", "go.mod"))).to.deep.equal(replaces(read("pulumi-cli", "go.mod")));
  });

  it("--check on an empty cache prints nothing, builds nothing and makes no directory", async () => {
    const check = await run("--check");
    expect([check.code, check.stdout, check.stderr]).to.deep.equal([0, "", ""]);
    expect(fakeLog(log)).to.deep.equal([]);
    expect(fs.existsSync(path.join(root, "cache"))).to.equal(false);
  });

  it("builds once, keyed by pkg's version; the second run waits; prints the binary's path", async function () {
    if (!hasFlock()) this.skip();
    const first = run();
    while (fakeLog(log).length === 0) await new Promise((r) => setTimeout(r, 50));
    const second = run();
    expect((await run("--check")).stdout).to.equal("");
    const [a, b] = await Promise.all([first, second]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    const binary = lastLine(a);
    expect(lastLine(b)).to.equal(binary);
    expect(path.relative(path.join(root, "cache"), binary)).to.match(
      /^pkg-v3\.248\.0-[0-9a-f]{12}\/bin\/pulumi-sdkgen$/,
    );
    expect(fakeLog(log)).to.have.length(1);
    const [verb, pkg, out] = fakeLog(log)[0];
    expect([verb, pkg]).to.deep.equal(["build", "."]);
    expect(path.basename(path.dirname(out))).to.match(/^build\.[A-Za-z0-9]{6}$/);
    expect(a.stderr + b.stderr).to.contain("waiting for it");
    expect((await run("--check")).stdout.trim()).to.equal(binary);
  });
});
