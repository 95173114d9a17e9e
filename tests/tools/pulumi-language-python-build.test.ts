// tools/pulumi-language-python/build.sh with a fake `go` and a fake `python3` (no compile, no pip):
// what it pins, that --check builds nothing, the layout it leaves (bin/ with the wrapper and the
// exec script, libexec/ with the Go host, the virtualenv beside them, each renamed into place whole,
// two runs at once building once); and the wrapper bin/pulumi-language-python, which hands the
// 3.79 host the Pulumi.yaml option `virtualenv` that the 3.248 CLI no longer passes as a flag.
import * as fs from "node:fs";
import * as os from "node:os";
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
  writeFakes,
} from "../support/build-sh";

const TOOL = path.join(REPO_ROOT, "tools", "pulumi-language-python");
const SCRIPT = path.join(TOOL, "build.sh");
const WRAPPER = path.join(TOOL, "pulumi-language-python");

/** The version of @pulumi/pulumi in package-lock.json: the CLI's (tools/pulumi-cli/build.sh). */
const cliVersion = (): string => {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  };
  return lock.packages["node_modules/@pulumi/pulumi"].version;
};

describe("tools/pulumi-language-python/build.sh (fake go, fake python3)", function () {
  this.timeout(60_000);
  let root: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runBash(SCRIPT, args, env);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "python-build-sh-"));
    writeFakes(path.join(root, "fake-bin"), ["go", "python3"]);
    // The module directory `go list` names: where build.sh finds pulumi-language-python-exec.
    const moduleDir = path.join(root, "module");
    fs.mkdirSync(path.join(moduleDir, "python", "cmd"), { recursive: true });
    fs.writeFileSync(path.join(moduleDir, "python", "cmd", "pulumi-language-python-exec"), "# exec\n");
    log = path.join(root, "log");
    env = {
      HOME: root,
      PATH: `${path.join(root, "fake-bin")}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_PYTHON_CACHE: path.join(root, "cache"),
      FAKE_GO_LOG: log,
      FAKE_GO_MODDIR: moduleDir,
    };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("parses (bash -n), the wrapper too", () => {
    expect(bashSyntaxErrors(SCRIPT)).to.equal("");
    expect(bashSyntaxErrors(WRAPPER)).to.equal("");
  });

  it("pins the host at sdk/v3 v3.79.0 and pip's pulumi at the CLI's version", () => {
    const goMod = fs.readFileSync(path.join(TOOL, "go.mod"), "utf8");
    expect(goModRequire(goMod, "github.com/pulumi/pulumi/sdk/v3")).to.equal("v3.79.0");
    expect(fs.readFileSync(path.join(TOOL, "tools.go"), "utf8")).to.contain(
      '_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"',
    );
    const requirements = fs.readFileSync(path.join(TOOL, "requirements.txt"), "utf8").trim().split("\n");
    expect(requirements).to.include(`pulumi==${cliVersion()}`);
    for (const line of requirements)
      expect(line, "every requirement pinned").to.match(/^[A-Za-z0-9_.-]+==\S+$/);
  });

  it("--check (and --check --venv) on an empty cache prints nothing, builds nothing, makes no directory", async () => {
    for (const args of [["--check"], ["--check", "--venv"]]) {
      const check = await run(...args);
      expect([check.code, check.stdout, check.stderr]).to.deep.equal([0, "", ""]);
    }
    expect(fakeLog(log)).to.deep.equal([]);
    expect(fs.existsSync(path.join(root, "cache"))).to.equal(false);
    expect((await run("--bogus")).code).to.equal(2);
  });

  it("builds the host and the virtualenv once (the second run waits), each renamed into place whole", async function () {
    if (!hasFlock()) this.skip();
    const cache = path.join(root, "cache");
    const first = run();
    while (fakeLog(log).length === 0) await new Promise((r) => setTimeout(r, 50));
    const second = run("--venv");
    expect((await run("--check")).stdout).to.equal("");
    const [a, b] = await Promise.all([first, second]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    expect(a.stderr + b.stderr).to.contain("waiting for it");
    const bin = lastLine(a);
    const venv = lastLine(b);
    expect(path.relative(cache, bin)).to.match(/^sdk-v3\.79\.0-[0-9a-f]{12}\/bin$/);
    expect(path.relative(cache, venv)).to.match(
      new RegExp(`^venv-pulumi${cliVersion()}-py3\\.99-[0-9a-f]{8}$`),
    );
    expect(fs.readdirSync(cache).sort()).to.deep.equal(
      ["build.lock", path.basename(path.dirname(bin)), path.basename(venv)].sort(),
    );
    expect(fs.readdirSync(bin).sort()).to.deep.equal([
      "pulumi-language-python",
      "pulumi-language-python-exec",
    ]);
    expect(fs.readdirSync(path.join(bin, "..", "libexec"))).to.deep.equal(["pulumi-language-python"]);

    const steps = fakeLog(log);
    expect(steps.map(([verb]) => verb)).to.deep.equal(["venv", "python", "build", "list"]);
    const [[, scratchVenv], [, ...pip], [, pkg, out, ...ldflags]] = steps;
    expect(path.basename(path.dirname(scratchVenv))).to.match(/^build\.[A-Za-z0-9]{6}$/);
    expect(pip.join(" ")).to.contain("-m pip install").and.contain(path.join(TOOL, "requirements.txt"));
    expect(pkg).to.equal("github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python");
    expect(ldflags.join(" ")).to.equal(
      "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.79.0",
    );
    expect(path.dirname(path.dirname(path.dirname(out)))).to.equal(path.dirname(scratchVenv));
    // The virtualenv's scripts name its final path, and the wrapper reads YAML with its python.
    expect(fs.readFileSync(path.join(venv, "bin", "activate"), "utf8")).to.equal(`VIRTUAL_ENV="${venv}"\n`);
    const wrapper = fs.readFileSync(path.join(bin, "pulumi-language-python"), "utf8");
    expect(wrapper).to.contain(`yaml_python='${path.join(venv, "bin", "python")}'`);
    expect(wrapper).to.not.contain("@YAML_PYTHON@");

    expect((await run("--check")).stdout.trim()).to.equal(bin);
    expect((await run("--check", "--venv")).stdout.trim()).to.equal(venv);
    expect((await run("--venv")).stdout.trim()).to.equal(venv);
    expect(fakeLog(log)).to.have.length(4);
  });
});
