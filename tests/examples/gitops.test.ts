// examples/gitops/macie-member-status.yml linted by actionlint (built from Go modules by
// tools/actionlint/build.sh, which this test runs when the binary is missing: about 40 s cold, a few
// milliseconds after). Any finding fails the test. Shell steps are not passed to shellcheck (not
// installed on CI's machine; `-shellcheck=` keeps the result the same on every machine): the
// workflow's steps are run for real by tests/e2e/gitops.e2e.ts instead.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";

const WORKFLOW = path.join(REPO_ROOT, "examples", "gitops", "macie-member-status.yml");

interface Lint {
  code: number | null;
  output: string;
}

/** The actionlint binary, built first if it is not (the script prints its path last). */
function buildActionlint(): string {
  const run = spawnSync("bash", [path.join(REPO_ROOT, "tools", "actionlint", "build.sh")], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`tools/actionlint/build.sh exited ${run.status}:\n${run.stderr}`);
  const bin = run.stdout.trim().split("\n").pop() ?? "";
  expect(fs.existsSync(bin), `actionlint at ${bin}`).to.equal(true);
  return bin;
}

describe("examples/gitops: the workflow, linted by actionlint", function () {
  let actionlint: string;
  let scratch: string;

  before(function () {
    this.timeout(600_000); // a cold build: module downloads and compile
    actionlint = buildActionlint();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-lint-"));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const lint = (file: string): Lint => {
    const run = spawnSync(actionlint, ["-no-color", "-shellcheck=", "-pyflakes=", file], {
      encoding: "utf8",
      cwd: path.dirname(file),
    });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  };

  /** A copy of the workflow with `from` replaced by `to` (which must occur), linted. */
  const lintBroken = (from: string, to: string): Lint => {
    const text = fs.readFileSync(WORKFLOW, "utf8");
    expect(text, `the workflow contains ${JSON.stringify(from)}`).to.include(from);
    const file = path.join(scratch, `broken-${fs.readdirSync(scratch).length}.yml`);
    fs.writeFileSync(file, text.replace(from, to));
    return lint(file);
  };

  it("reports nothing on examples/gitops/macie-member-status.yml", function () {
    const run = lint(WORKFLOW);
    expect(run.output, "actionlint's findings").to.equal("");
    expect(run.code).to.equal(0);
  });

  it("fails on a typo'd key (runs-on → runs_on), so the check above can fail", function () {
    const run = lint(WORKFLOW);
    expect(run.code).to.equal(0);
    const broken = lintBroken("runs-on:", "runs_on:");
    expect(broken.code).to.equal(1);
    expect(broken.output).to.match(/unexpected key "runs_on" for "job" section/);
  });

  it("fails on an input the action does not have (setup-node's node-version misspelt)", function () {
    const broken = lintBroken("node-version:", "node-versoin:");
    expect(broken.code).to.equal(1);
    expect(broken.output).to.match(/input "node-versoin" is not defined in action "actions\/setup-node@v4"/);
  });

  it("fails on an expression that names a context property the event does not have", function () {
    const broken = lintBroken("github.event_name == 'push'", "github.event_nmae == 'push'");
    expect(broken.code).to.equal(1);
    expect(broken.output).to.match(/property "event_nmae" is not defined/);
  });
});
