// examples/gitops/macie-member-status.yml rehearsed: for a pull request, a push to main, the
// schedule and a run by hand (with and without max_changes), the job's steps whose `if:` holds for
// that event, in order, each `run:` script as GitHub runs it (`bash -e`, the workflow's and the
// step's env), under the real Pulumi CLI against the emulator, on examples/basic. A renamed flag, a
// changed condition or a wrong exit code in the workflow fails this test, as it would the pipeline.
//
// What differs from GitHub, and why:
// - `uses:` steps are not run: actions/checkout (the workspace is the checkout), actions/setup-node
//   (this Node.js is on PATH), aws-actions/configure-aws-credentials (dummy keys, and
//   AWS_ENDPOINT_URL_MACIE2/STS pointing at the emulator), pulumi/actions with no `command` (the CLI
//   built by tools/pulumi-cli is on PATH). Any other `uses:` fails the test, so that a new action
//   is looked at rather than skipped.
// - The `npm ci` step is not run: the workspace has this package and @pulumi/pulumi linked.
// - `${{ vars.PULUMI_BACKEND_URL }}` is a file backend in a temporary directory and
//   `${{ secrets.PULUMI_CONFIG_PASSPHRASE }}` the workspace's passphrase; `${{ inputs.* }}` are empty.
// - The stack `prod` is made once before, with examples/gitops/Pulumi.prod.yaml and the accounts, as
//   the README's set-up says.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import type { MacieEmulator } from "../../emulator/emulator";
import { exampleProgram, requireBuiltCli, Workspace } from "../../harness/cli";
import { REPO_ROOT } from "../../harness/host";
import { cliEnvOn, emulator } from "../support/emulator";

const GITOPS = path.join(REPO_ROOT, "examples", "gitops");
const WORKFLOW = path.join(GITOPS, "macie-member-status.yml");

/** The actions the rehearsal does not run (see above), by name without the version. */
const SKIPPED_ACTIONS = new Set([
  "actions/checkout",
  "actions/setup-node",
  "aws-actions/configure-aws-credentials",
  "pulumi/actions",
]);
const SKIPPED_RUNS = new Set(["npm ci"]);

const A = "320000000001";
const B = "320000000002";
const C = "320000000003";

type Event = "pull_request" | "push" | "schedule" | "workflow_dispatch";

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
}

interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

/** One step's end. */
interface StepRun {
  step: string;
  code: number;
  output: string;
}

/** What a job did for one event: its steps run, and whether it failed (the first failing step ends it). */
interface JobRun {
  steps: StepRun[];
  failed: boolean;
  output: string;
}

/**
 * `${{ … }}` as far as this workflow uses it: `github.event_name`, `inputs.*` (empty unless given),
 * string literals, `==`, `!=`, `&&`, `||`. Anything else throws, so a new construct is not silently judged.
 */
function evaluate(expression: string, event: Event, inputs: Record<string, string> = {}): string | boolean {
  const text = expression
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, "$1")
    .trim();
  if (text.includes("||")) return text.split("||").some((part) => evaluate(part, event, inputs) === true);
  if (text.includes("&&")) return text.split("&&").every((part) => evaluate(part, event, inputs) === true);
  const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(text);
  if (comparison) {
    const [left, right] = [evaluate(comparison[1], event, inputs), evaluate(comparison[3], event, inputs)];
    return comparison[2] === "==" ? left === right : left !== right;
  }
  const literal = /^'([^']*)'$/.exec(text);
  if (literal) return literal[1];
  if (text === "github.event_name") return event;
  const input = /^inputs\.(\w+)$/.exec(text);
  if (input) return inputs[input[1]] ?? "";
  throw new Error(`the rehearsal cannot evaluate \${{ ${text} }}`);
}

function readWorkflow(): Workflow {
  return yaml.load(fs.readFileSync(WORKFLOW, "utf8")) as Workflow;
}

/** Runs one script as GitHub runs a `run:` step without `shell:` (bash -e, from a file). */
function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, dir: string): Promise<StepRun> {
  const file = path.join(dir, `step-${fs.readdirSync(dir).length}.sh`);
  fs.writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-e", file], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ step: script, code: code ?? (signal ? 128 : -1), output }));
  });
}

describe("examples/gitops: the workflow's steps rehearsed under the real CLI", function () {
  this.timeout(300_000);
  let emu: MacieEmulator;
  let ws: Workspace;
  let scripts: string;
  const bin = requireBuiltCli();

  /** The job's steps for `event`, in order, as GitHub would run them here (`changed`: a variable set otherwise). */
  async function runJob(
    event: Event,
    changed: NodeJS.ProcessEnv = {},
    inputs: Record<string, string> = {},
  ): Promise<JobRun> {
    const workflow = readWorkflow();
    expect(Object.keys(workflow.on), "the events the workflow runs on").to.include(event);
    const jobs = Object.values(workflow.jobs);
    expect(jobs, "one job").to.have.length(1);
    const env: NodeJS.ProcessEnv = {
      ...ws.env(),
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: event,
    };
    for (const [name, value] of Object.entries(workflow.env)) {
      // vars./secrets. are the workspace's own backend and passphrase (ws.env()).
      if (/\$\{\{\s*(vars|secrets)\./.test(String(value))) continue;
      env[name] = String(value);
    }
    Object.assign(env, changed);
    const run: JobRun = { steps: [], failed: false, output: "" };
    for (const step of jobs[0].steps) {
      if (step.if !== undefined && evaluate(step.if, event, inputs) !== true) continue;
      if (step.uses !== undefined) {
        const action = step.uses.replace(/@.*$/, "");
        expect(SKIPPED_ACTIONS.has(action), `an action the rehearsal does not know: ${step.uses}`).to.equal(
          true,
        );
        if (action === "pulumi/actions")
          expect(step.with?.command, "pulumi/actions only installs the CLI").to.equal(undefined);
        continue;
      }
      const script = String(step.run);
      if (SKIPPED_RUNS.has(script.trim())) continue;
      expect(script, "a run: script takes ${{ }} values through env").to.not.contain("${{");
      const stepEnv = { ...env };
      for (const [name, value] of Object.entries(step.env ?? {}))
        stepEnv[name] = String(evaluate(String(value), event, inputs));
      const ended = await runScript(script, ws.program, stepEnv, scripts);
      run.steps.push({ ...ended, step: step.name ?? script.split("\n")[0] });
      run.output += ended.output;
      if (ended.code !== 0) {
        run.failed = true;
        break;
      }
    }
    return run;
  }

  const writes = () => emu.calls("UpdateMemberSession");
  const stateFile = () => ws.stateFile("prod");
  const stateText = () => (fs.existsSync(stateFile()) ? fs.readFileSync(stateFile(), "utf8") : "");
  const stepNames = (run: JobRun) => run.steps.map((s) => s.step);

  before(async () => {
    emu = await emulator();
    emu.seed([A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    ws = new Workspace(exampleProgram(), bin, cliEnvOn(emu));
    scripts = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-steps-"));
    // The README's one-time set-up: the stack with Pulumi.prod.yaml beside the program, and its accounts.
    fs.copyFileSync(path.join(GITOPS, "Pulumi.prod.yaml"), path.join(ws.program, "Pulumi.prod.yaml"));
    await ws.ok(["stack", "init", "prod"]);
    await ws.ok([
      "config",
      "set",
      "--stack",
      "prod",
      `${Workspace.PROJECT}:accounts`,
      JSON.stringify({ [A]: "PAUSED", [B]: "ENABLED", [C]: "PAUSED" }),
      "--path=false",
    ]);
  });
  after(() => {
    ws?.remove();
    if (scripts) fs.rmSync(scripts, { recursive: true, force: true });
  });

  it("a pull request previews what a merge would change and writes nothing", async () => {
    const before = stateText();
    const run = await runJob("pull_request");
    expect(run.failed, run.output).to.equal(false);
    expect(stepNames(run)).to.deep.equal(["Preview"]);
    expect(run.output).to.match(/\+ 4 to create/);
    expect(run.output).to.contain(`member-${A}`);
    expect(writes(), "Macie writes").to.equal(0);
    expect(emu.statuses()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled", [C]: "Enabled" });
    expect(stateText(), "the stack's state").to.equal(before);
  });

  it("a push to main previews, then `up` converges; a second push changes nothing", async () => {
    const run = await runJob("push");
    expect(run.failed, run.output).to.equal(false);
    expect(stepNames(run)).to.deep.equal(["Preview", "Up"]);
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Paused" });
    expect(writes()).to.equal(2); // A and C; B already Enabled

    const again = await runJob("push");
    expect(again.failed, again.output).to.equal(false);
    expect(again.steps[1].output).to.match(/4 unchanged/);
    expect(writes()).to.equal(2);
  });

  it("the schedule's drift alarm passes when Macie is as the code says", async () => {
    const run = await runJob("schedule");
    expect(run.failed, run.output).to.equal(false);
    expect(stepNames(run)).to.deep.equal(["Drift alarm"]);
    expect(run.output).to.contain("No drift");
    expect(run.output).to.not.contain("::error");
  });

  it("the drift alarm fails the run, as 'Macie drift', after a hand change, and writes nothing", async () => {
    emu.setStatus(A, "Enabled"); // someone resumes Macie by hand
    const before = stateText();
    const run = await runJob("schedule");
    expect(run.failed, run.output).to.equal(true);
    expect(run.steps.at(-1)?.step).to.equal("Drift alarm");
    expect(run.steps.at(-1)?.code).to.equal(1);
    expect(run.output).to.contain(`member-${A}`);
    expect(run.output).to.match(/^::error title=Macie drift::/m);
    expect(run.output).to.not.contain("Drift check failed");
    expect(writes()).to.equal(2);
    expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
    expect(stateText(), "the stack's state").to.equal(before);
  });

  it("the drift alarm tells a check that could not run from drift ('Drift check failed')", async () => {
    const passphrase = ws.env().PULUMI_CONFIG_PASSPHRASE;
    const workflow = readWorkflow();
    expect(workflow.env.PULUMI_CONFIG_PASSPHRASE).to.match(/secrets\./);
    // A wrong passphrase: the stack's secrets cannot be opened, so nothing is compared.
    const run = await runJob("schedule", { PULUMI_CONFIG_PASSPHRASE: `${passphrase}-wrong` });
    expect(run.failed, run.output).to.equal(true);
    expect(run.output).to.match(/^::error title=Drift check failed::pulumi preview exited \d+/m);
    expect(run.output).to.not.contain("title=Macie drift");
  });

  it("after the alarm, a push run (or one by hand) puts Macie back and the alarm is quiet again", async () => {
    const run = await runJob("push");
    expect(run.failed, run.output).to.equal(false);
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
    expect(writes()).to.equal(3);
    const alarm = await runJob("schedule");
    expect(alarm.failed, alarm.output).to.equal(false);
  });

  it("a run by hand with max_changes raises the change limit in that run's checkout, then previews and converges", async () => {
    const config = path.join(ws.program, "Pulumi.prod.yaml");
    expect(fs.readFileSync(config, "utf8")).to.match(/macie:maxChangesPerRun: "25"/);
    const run = await runJob("workflow_dispatch", {}, { max_changes: "40" });
    expect(run.failed, run.output).to.equal(false);
    expect(stepNames(run)).to.deep.equal([
      'pulumi config set --stack "$PULUMI_STACK" macie:maxChangesPerRun "$MAX_CHANGES"',
      "Preview",
      "Up",
    ]);
    expect(fs.readFileSync(config, "utf8")).to.match(/macie:maxChangesPerRun: "40"/);
    expect(run.steps[2].output).to.match(/4 unchanged/);

    const plain = await runJob("workflow_dispatch"); // no max_changes: the config step is skipped
    expect(stepNames(plain)).to.deep.equal(["Preview", "Up"]);
  });
});
