// tools/pulumi-cli/build.sh when two runs overlap (two worktrees, CI and a developer), with a fake
// `go` that takes a second per binary instead of six minutes: each run builds into its own temporary
// path, a finished binary appears with one rename, and with flock(1) the second run waits and
// builds nothing.
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";

const SCRIPT = path.join(REPO_ROOT, "tools", "pulumi-cli", "build.sh");

/**
 * Logs "<package> <output path>", then writes the binary named by -o after a pause — or, with
 * FAKE_GO_TOGETHER=N, once N builds of that package have started (at most 10 s), so that two
 * runs are sure to overlap.
 */
const FAKE_GO = `#!/bin/sh
out=""; pkg=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -*) ;;
    *) pkg=$1 ;;
  esac
  shift
done
echo "$pkg $out" >> "$FAKE_GO_LOG"
sleep 1
i=0
while [ -n "$FAKE_GO_TOGETHER" ] && [ "$(grep -c "^$pkg " "$FAKE_GO_LOG")" -lt "$FAKE_GO_TOGETHER" ] && [ $i -lt 40 ]; do
  sleep 0.25; i=$((i + 1))
done
printf '#!/bin/sh\\necho v0.0.0-fake\\n' > "$out"
chmod +x "$out"
`;

/** What build.sh and the fake go call, linked into one directory: PATH without flock when asked. */
const TOOLS = [
  "bash",
  "grep",
  "node",
  "sed",
  "head",
  "mkdir",
  "mktemp",
  "mv",
  "rm",
  "install",
  "date",
  "dirname",
  "sleep",
  "chmod",
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("tools/pulumi-cli/build.sh, two runs at once (fake go)", function () {
  this.timeout(60_000);
  let root: string;
  let log: string;
  let env: NodeJS.ProcessEnv;

  const run = (...args: string[]): Promise<Run> =>
    promisify(execFile)("bash", [SCRIPT, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );
  const builds = () =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((line) => line.split(" "))
      : [];
  const lastLine = (r: Run) => r.stdout.trim().split("\n").pop();

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "macie-build-sh-"));
    const fakeBin = path.join(root, "fake-bin");
    fs.mkdirSync(fakeBin);
    fs.writeFileSync(path.join(fakeBin, "go"), FAKE_GO, { mode: 0o755 });
    log = path.join(root, "go.log");
    env = {
      HOME: root,
      PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_CLI_CACHE: path.join(root, "cache"),
      FAKE_GO_LOG: log,
    };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("with flock: the second run waits for the first and builds nothing; --check meanwhile prints nothing", async function () {
    if (spawnSync("sh", ["-c", "command -v flock"]).status !== 0) this.skip();
    expect((await run("--check")).stdout).to.equal("");

    const first = run();
    while (builds().length === 0) await new Promise((r) => setTimeout(r, 50));
    const second = run();
    // A half-built cache must not pass for a built one.
    expect((await run("--check")).stdout).to.equal("");
    const [a, b] = await Promise.all([first, second]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    expect(lastLine(a)).to.equal(lastLine(b));
    const bin = lastLine(a)!;
    expect(builds().map(([pkg]) => pkg)).to.deep.equal([
      "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
      "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    ]);
    expect(a.stderr + b.stderr).to.contain("waiting for it");
    // Built beside the binaries under a per-run name, never at the final name or a shared one.
    for (const [, out] of builds()) {
      expect(path.dirname(path.dirname(out))).to.equal(path.dirname(bin));
      expect(path.basename(path.dirname(out))).to.match(/^build\.[A-Za-z0-9]{6}$/);
    }
    expect(fs.readdirSync(bin).sort()).to.deep.equal([
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-resource-pulumi-nodejs",
    ]);
    expect(fs.readdirSync(path.dirname(bin)).sort()).to.deep.equal(["bin", "build.lock"]);
    expect((await run("--check")).stdout.trim()).to.equal(bin);
  });

  it("without flock: both runs build, each into its own temporary path, and the binaries end whole", async () => {
    const tools = path.join(root, "tools");
    fs.mkdirSync(tools);
    for (const name of TOOLS) {
      const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
      expect(found, `${name} on PATH`).to.not.equal("");
      fs.symlinkSync(found, path.join(tools, name));
    }
    env.PATH = `${path.join(root, "fake-bin")}${path.delimiter}${tools}`;
    env.FAKE_GO_TOGETHER = "2";

    const [a, b] = await Promise.all([run(), run()]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    expect(a.stderr).to.contain("no flock(1) here");
    const outputs = builds().map(([, out]) => out);
    expect(outputs).to.have.length(4);
    expect(new Set(outputs).size).to.equal(4);
    const bin = lastLine(a)!;
    for (const name of ["pulumi", "pulumi-language-nodejs"]) {
      expect(fs.readFileSync(path.join(bin, name), "utf8")).to.equal("#!/bin/sh\necho v0.0.0-fake\n");
    }
    expect(fs.readdirSync(path.dirname(bin))).to.deep.equal(["bin"]);
  });
});
