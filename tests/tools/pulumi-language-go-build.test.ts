// tools/pulumi-language-go/build.sh with a fake `go` (no compile): what it pins (sdk/v3 v3.66.0, the
// last that carries the Go host), that --check builds nothing, that two runs at once build once into
// a per-run temporary path and the second waits, and the layout it leaves (bin/pulumi-language-go).
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

const TOOL = path.join(REPO_ROOT, "tools", "pulumi-language-go");
const SCRIPT = path.join(TOOL, "build.sh");

describe("tools/pulumi-language-go/build.sh (fake go)", function () {
  this.timeout(60_000);
  let root: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runBash(SCRIPT, args, env);

  beforeEach(() => {
    ({ root, log, env } = fakeSandbox("go-build-sh-", "PULUMI_GO_CACHE"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("parses (bash -n)", () => {
    expect(bashSyntaxErrors(SCRIPT)).to.equal("");
  });

  it("pins the host at sdk/v3 v3.66.0 (as the script's header says), imported by tools.go only", () => {
    const goMod = fs.readFileSync(path.join(TOOL, "go.mod"), "utf8");
    expect(goModRequire(goMod, "github.com/pulumi/pulumi/sdk/v3")).to.equal("v3.66.0");
    expect(fs.readFileSync(SCRIPT, "utf8")).to.contain("sdk/v3 v3.66.0's go/pulumi-language-go");
    const tools = fs.readFileSync(path.join(TOOL, "tools.go"), "utf8");
    expect(tools).to.match(/^\/\/go:build tools$/m);
    expect(tools).to.contain('_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go"');
  });

  it("--check on an empty cache prints nothing, builds nothing and makes no directory; a bad flag is refused", async () => {
    const check = await run("--check");
    expect([check.code, check.stdout, check.stderr]).to.deep.equal([0, "", ""]);
    expect(fakeLog(log)).to.deep.equal([]);
    expect(fs.existsSync(path.join(root, "cache"))).to.equal(false);
    expect((await run("--bogus")).code).to.equal(2);
  });

  it("builds the version go.mod pins once (the second run waits); --check waits for the whole binary", async () => {
    // flock(1) (util-linux) is what makes the second run wait; tools/lib/cached-build.sh's runs
    // without it are tested with tools/pulumi-language-yaml.
    expect(hasFlock(), "flock(1) on PATH").to.equal(true);
    const first = run();
    while (fakeLog(log).length === 0) await new Promise((r) => setTimeout(r, 50));
    const second = run();
    expect((await run("--check")).stdout).to.equal("");
    const [a, b] = await Promise.all([first, second]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    expect(a.stderr + b.stderr).to.contain("waiting for it");
    const bin = lastLine(a);
    expect(lastLine(b)).to.equal(bin);
    expect(path.relative(path.join(root, "cache"), bin)).to.match(/^sdk-v3\.66\.0-[0-9a-f]{12}\/bin$/);
    expect(fakeLog(log)).to.have.length(1);
    const [verb, pkg, out, ...ldflags] = fakeLog(log)[0];
    expect([verb, pkg]).to.deep.equal(["build", "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go"]);
    expect(ldflags.join(" ")).to.equal(
      "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.66.0",
    );
    expect(path.dirname(path.dirname(out))).to.equal(path.dirname(bin));
    expect(path.basename(path.dirname(out))).to.match(/^build\.[A-Za-z0-9]{6}$/);
    expect(fs.readdirSync(bin)).to.deep.equal(["pulumi-language-go"]);
    expect(fs.readdirSync(path.dirname(bin)).sort()).to.deep.equal(["bin", "build.lock"]);

    expect((await run("--check")).stdout.trim()).to.equal(bin);
    expect((await run()).stdout.trim()).to.equal(bin);
    expect(fakeLog(log)).to.have.length(1);
  });
});
