// tools/actionlint/build.sh when two runs overlap, with a fake `go` that takes a second instead of
// half a minute: the binary is built into a per-run temporary path and appears with one rename, and
// with flock(1) the second run waits and builds nothing (as tools/pulumi-cli/build.sh).
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";

const SCRIPT = path.join(REPO_ROOT, "tools", "actionlint", "build.sh");

/** Logs "<package> <output path> <ldflags>", then writes the binary named by -o after a second. */
const FAKE_GO = `#!/bin/sh
out=""; pkg=""; ldflags=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -ldflags) ldflags=$2; shift ;;
    -*) ;;
    *) pkg=$1 ;;
  esac
  shift
done
echo "$pkg $out $ldflags" >> "$FAKE_GO_LOG"
sleep 1
printf '#!/bin/sh\\necho fake\\n' > "$out"
chmod +x "$out"
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("tools/actionlint/build.sh, two runs at once (fake go)", function () {
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
  const lastLine = (r: Run) => r.stdout.trim().split("\n").pop() ?? "";

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-build-sh-"));
    const fakeBin = path.join(root, "fake-bin");
    fs.mkdirSync(fakeBin);
    fs.writeFileSync(path.join(fakeBin, "go"), FAKE_GO, { mode: 0o755 });
    log = path.join(root, "go.log");
    env = {
      HOME: root,
      PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ""}`,
      ACTIONLINT_CACHE: path.join(root, "cache"),
      FAKE_GO_LOG: log,
    };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("builds the version go.mod pins, once: the second run waits; --check prints nothing until it is whole", async function () {
    if (spawnSync("sh", ["-c", "command -v flock"]).status !== 0) this.skip();
    expect((await run("--check")).stdout).to.equal("");

    const first = run();
    while (builds().length === 0) await new Promise((r) => setTimeout(r, 50));
    const second = run();
    expect((await run("--check")).stdout).to.equal("");
    const [a, b] = await Promise.all([first, second]);

    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    const bin = lastLine(a);
    expect(lastLine(b)).to.equal(bin);
    expect(bin).to.equal(path.join(root, "cache", "v1.7.12", "bin", "actionlint"));
    expect(builds()).to.have.length(1);
    const [pkg, out, ...ldflags] = builds()[0];
    expect(pkg).to.equal("github.com/rhysd/actionlint/cmd/actionlint");
    expect(ldflags.join(" ")).to.equal("-X github.com/rhysd/actionlint.version=v1.7.12");
    expect(path.basename(path.dirname(out))).to.match(/^build\.[A-Za-z0-9]{6}$/);
    expect(a.stderr + b.stderr).to.contain("waiting for it");
    expect(fs.readdirSync(path.dirname(path.dirname(bin))).sort()).to.deep.equal(["bin", "build.lock"]);
    expect((await run("--check")).stdout.trim()).to.equal(bin);
  });
});
