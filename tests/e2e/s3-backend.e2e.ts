// Pulumi state in S3, as GitOps pipelines keep it: the real CLI on a DIY backend at
// s3://bucket?endpoint=…&use_path_style=true, served by a local S3-compatible server built from Go
// modules (tools/s3-server: gofakes3 in memory), the emulator as Macie. The lifecycle makes the
// same Macie calls as on the file backend; two pipelines at once on one stack are kept apart by the
// backend's lock file, with no member written twice; and a pipeline killed mid-`up` leaves a lock
// that `pulumi cancel` removes (the DIY backend's CancelCurrentUpdate deletes the stack's lock files:
// Pulumi 3.248 has no other unlock command), after which a re-run writes each member at most once.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { exampleProgram, requireBuiltCli, Workspace, type Run, type Started } from "../../harness/cli";
import { descendants } from "../../harness/processes";
import { S3Server } from "../../harness/s3";
import { cliEnvOn, emulator } from "../support/emulator";

const [A, B, C] = ["310000000001", "310000000002", "310000000003"];
const UP = ["up", "--yes", "--skip-preview"];
/** The second pipeline's access key: the emulator counts Macie calls per key, so per pipeline. */
const SECOND = { AWS_ACCESS_KEY_ID: "AKIASECONDPIPELINE01" };
const LOCKED = "the stack is currently locked by 1 lock(s)";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `n` MacieMemberStatus resources, PAUSED, from account `first` on: a stack that needs no config. */
const singles = (first: number, n: number) => `
const { MacieMemberStatus } = require("pulumi-macie-member-status");
for (let i = 0; i < ${n}; i++) {
  const accountId = String(${first} + i);
  new MacieMemberStatus("m-" + accountId, { accountId, status: "PAUSED", region: "us-east-1" });
}
`;

const policyProgram = `
const { MacieMemberStatusPolicy } = require("pulumi-macie-member-status");
const policy = new MacieMemberStatusPolicy("org", { regions: ["us-east-1"], defaultStatus: "PAUSED" });
exports.counts = policy.counts;
`;

const accounts = (first: number, n: number) => Array.from({ length: n }, (_, i) => String(first + i));

/** Macie calls per operation, those made at least once. */
function callsOf(emu: MacieEmulator): Record<string, number> {
  return Object.fromEntries(
    Object.entries(emu.counts.operations)
      .filter(([, c]) => c.calls > 0)
      .map(([op, c]) => [op, c.calls]),
  );
}

/** Waits until the emulator has applied `writes` writes; fails if `run` ends first. */
async function untilWrites(emu: MacieEmulator, run: Started, writes: number): Promise<void> {
  const exited = run.done.then((r) => r.code);
  while (emu.counts.writesApplied < writes) {
    const early = await Promise.race([exited, sleep(20).then(() => undefined)]);
    if (early !== undefined) throw new Error(`pulumi exited (${early}) before ${writes} writes were applied`);
  }
}

describe("Pulumi's S3 state backend (a DIY backend on a local S3 server built from Go modules)", function () {
  this.timeout(300_000);
  const bin = requireBuiltCli();
  let s3: S3Server;
  let emu: MacieEmulator;
  const workspaces: Workspace[] = [];
  const workspace = (program: string) => {
    const ws = new Workspace(program, bin, cliEnvOn(emu), { backendUrl: s3.backendUrl() });
    workspaces.push(ws);
    return ws;
  };
  /** The stack's checkpoint, as the bucket holds it. */
  const checkpointKey = (stack: string) => `.pulumi/stacks/${Workspace.PROJECT}/${stack}.json`;

  before(async () => (s3 = await S3Server.start()));
  after(async () => await s3?.stop());
  beforeEach(async () => (emu = await emulator()));
  afterEach(() => {
    for (const ws of workspaces.splice(0)) ws.remove();
  });

  it("runs up, a no-op up, the drift alarm, refresh and destroy with the same Macie calls as on the file backend", async () => {
    /** The lifecycle a pipeline runs; returns the Macie calls after each step. */
    const lifecycle = async (ws: Workspace, stack: string, onS3: boolean) => {
      const steps: Record<string, Record<string, number>> = {};
      const step = async (name: string, run: () => Promise<unknown>) => {
        await run();
        steps[name] = callsOf(emu);
        // Every command leaves the bucket without a lock.
        if (onS3) expect(await s3.locks(), `locks after ${name}`).to.deep.equal([]);
      };
      emu.reset();
      emu.seed([A, B, C].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
      await ws.newStack(stack, { [A]: "PAUSED", [B]: "ENABLED", [C]: "PAUSED" }, [C]);
      await step("up", async () => expect(await ws.ok(UP)).to.match(/4 created/));
      expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Paused" });
      await step("no-op up", async () => expect(await ws.ok(UP)).to.match(/4 unchanged/));
      emu.setStatus(A, "Enabled"); // someone resumes Macie by hand
      await step("drift alarm", async () => {
        const drift = await ws.pulumi(["preview", "--refresh", "--expect-no-changes"]);
        expect(drift.code, drift.output).to.not.equal(0);
        expect(drift.output)
          .to.contain(`member-${A}`)
          .and.match(/~ 1 to update/);
      });
      await step("refresh", () => ws.ok(["refresh", "--yes", "--skip-preview"]));
      await step("up after refresh", () => ws.ok(UP));
      expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
      await step("clean preview", () => ws.ok(["preview", "--refresh", "--expect-no-changes"]));
      await step("destroy", () => ws.ok(["destroy", "--yes", "--skip-preview"]));
      expect(emu.statuses()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled", [C]: "Paused" });
      return steps;
    };

    const fileBackend = new Workspace(exampleProgram(), bin, cliEnvOn(emu));
    workspaces.push(fileBackend);
    const file = await lifecycle(fileBackend, "file", false);
    const ws = workspace(exampleProgram());
    const bucket = await lifecycle(ws, "s3dev", true);
    expect(bucket).to.deep.equal(file);
    // The file backend's counts, pinned: A and C written on up, A again after the drift; destroy
    // writes A and B back to ENABLED (C is kept).
    expect(bucket.up.UpdateMemberSession).to.equal(2);
    expect(bucket["no-op up"].UpdateMemberSession).to.equal(2);
    expect(bucket["up after refresh"].UpdateMemberSession).to.equal(3);
    expect(bucket.destroy.UpdateMemberSession).to.equal(4);
    // The state lives in the bucket, not beside the program.
    expect(await s3.keys(checkpointKey("s3dev"))).to.include(checkpointKey("s3dev"));
    expect(fs.readdirSync(path.join(ws.root, "state"))).to.deep.equal([]);
  });

  it("runs the policy at 300 members: each written once, a no-op up, drift alarmed and fixed, destroy", async () => {
    const ids = accounts(330000000000, 300);
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: "us-east-1" })));
    const ws = workspace(policyProgram);
    await ws.ok(["stack", "init", "s3policy"]);
    await ws.ok(UP);
    expect(new Set(Object.values(emu.statuses("us-east-1")))).to.deep.equal(new Set(["Paused"]));
    expect(emu.calls("UpdateMemberSession")).to.equal(300);
    expect(Object.values(emu.counts.writesByMember).every((w) => w === 1)).to.equal(true);

    let before = callsOf(emu);
    expect(await ws.ok(UP)).to.match(/unchanged/);
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(emu.calls("UpdateMemberSession")).to.equal(before.UpdateMemberSession);
    expect(emu.calls("GetMember")).to.equal(before.GetMember ?? 0);

    emu.setStatus(ids[42], "Enabled", "us-east-1");
    const drift = await ws.pulumi(["preview", "--expect-no-changes"]);
    expect(drift.code, drift.output).to.not.equal(0);
    expect(drift.output).to.contain(`${ids[42]} (Enabled, declared PAUSED)`);
    before = callsOf(emu);
    await ws.ok(UP);
    expect(emu.calls("UpdateMemberSession") - before.UpdateMemberSession).to.equal(1);
    await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(new Set(Object.values(emu.statuses("us-east-1")))).to.deep.equal(new Set(["Enabled"]));
    expect(await s3.locks()).to.deep.equal([]);
  });

  describe("two pipelines on one stack", () => {
    const N = 150;
    const FIRST = 340000000000;

    /** Two checkouts of one program (each its own PULUMI_HOME), on one stack in the bucket. */
    const pipelines = async (stack: string) => {
      emu.configure({ rateLimit: { ratePerSecond: 100, burst: 20 } }); // an up of some seconds
      emu.seed(accounts(FIRST, N).map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
      const one = workspace(singles(FIRST, N));
      const two = workspace(singles(FIRST, N));
      await one.ok(["stack", "init", stack]);
      // The stack file (with its passphrase salt) is committed: both checkouts have it.
      const stackFile = `Pulumi.${stack}.yaml`;
      fs.copyFileSync(path.join(one.program, stackFile), path.join(two.program, stackFile));
      await two.ok(["stack", "select", stack]);
      return [one, two];
    };

    const everyMemberOnce = () => {
      expect(Object.values(emu.statuses())).to.have.length(N);
      expect(new Set(Object.values(emu.statuses()))).to.deep.equal(new Set(["Paused"]));
      expect(emu.counts.writesApplied).to.equal(N);
      expect(emu.counts.operations.UpdateMemberSession.answers["200"] ?? 0).to.equal(N);
      expect(Object.values(emu.counts.writesByMember).every((w) => w === 1)).to.equal(true);
    };

    it("the second, started while the first is writing, is refused by the lock and writes nothing", async () => {
      const [one, two] = await pipelines("pipes");
      const first = one.start(UP);
      await untilWrites(emu, first, 1);
      expect(await s3.locks()).to.have.length(1);
      const second = await two.pulumi(UP, SECOND);
      expect(second.code, second.output).to.not.equal(0);
      expect(second.output).to.contain(LOCKED).and.contain("pulumi cancel");
      expect(first.child.exitCode, "the first was still running").to.equal(null);
      // Refused before its program ran: not one Macie call with the second pipeline's key.
      expect(emu.counts.accessKeys[SECOND.AWS_ACCESS_KEY_ID] ?? 0).to.equal(0);
      const done = await first.done;
      expect(done.code, done.output).to.equal(0);
      everyMemberOnce();
      expect(await s3.locks()).to.deep.equal([]);
      expect(await two.ok(UP)).to.match(new RegExp(`${N + 1} unchanged`));
    });

    it("started in the same instant, at most one runs (the other, or both, refused), and no member is written twice", async () => {
      const [one, two] = await pipelines("race");
      const runs: Run[] = await Promise.all([one.start(UP).done, two.start(UP, SECOND).done]);
      const refused = runs.filter((r) => r.code !== 0);
      expect(refused.length, runs.map((r) => r.output).join("\n----\n")).to.be.at.least(1);
      for (const r of refused) expect(r.output).to.contain("the stack is currently locked");
      expect(await s3.locks()).to.deep.equal([]);
      // The one that ran (if one did) did the whole job; if both were refused, nothing was done.
      if (refused.length === 2) {
        expect(emu.counts.writesApplied).to.equal(0);
        await one.ok(UP);
      }
      everyMemberOnce();
      console.log(`      ${refused.length} of 2 refused by the lock`);
    });
  });

  it("a pipeline killed mid-up leaves its lock; `pulumi cancel` removes it, and the re-run writes each member at most once", async () => {
    const N = 300;
    const FIRST = 350000000000;
    emu.configure({ rateLimit: { ratePerSecond: 100, burst: 20 } });
    emu.seed(accounts(FIRST, N).map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    const ws = workspace(singles(FIRST, N));
    await ws.ok(["stack", "init", "killed"]);

    const run = ws.start(UP);
    await untilWrites(emu, run, 60);
    const pids = [run.child.pid!, ...descendants(run.child.pid!)];
    for (const pid of pids) process.kill(pid, "SIGKILL"); // what a runner does to a cancelled job
    const killed = await run.done;
    expect(killed.code).to.not.equal(0);
    for (const pid of pids) await waitGone(pid);
    const cut = emu.counts.writesApplied;
    expect(cut, "the kill came in the middle").to.be.within(60, N - 1);

    // The lock stays in the bucket, and refuses the next run before it does anything.
    const locks = await s3.locks();
    expect(locks).to.have.length(1);
    expect(locks[0]).to.match(
      new RegExp(`^\\.pulumi/locks/organization/${Workspace.PROJECT}/killed/[^/]+\\.json$`),
    );
    const calls = callsOf(emu);
    const refused = await ws.pulumi(UP);
    expect(refused.code, refused.output).to.not.equal(0);
    expect(refused.output).to.contain(LOCKED).and.contain("delete the lock file with `pulumi cancel`");
    expect(callsOf(emu)).to.deep.equal(calls);

    // `pulumi cancel` on a DIY backend deletes the stack's lock files.
    expect(await ws.ok(["cancel", "--yes"])).to.contain("has been canceled");
    expect(await s3.locks()).to.deep.equal([]);
    // What the killed run's last checkpoint holds: the creates it had begun and not finished.
    const exported = JSON.parse(await ws.ok(["stack", "export"])) as {
      deployment: { resources?: unknown[]; pending_operations?: unknown[] };
    };
    const pending = exported.deployment.pending_operations?.length ?? 0;
    const recorded = exported.deployment.resources?.length ?? 0;

    const rerun = await ws.pulumi(UP);
    expect(rerun.code, rerun.output).to.equal(0);
    expect(new Set(Object.values(emu.statuses()))).to.deep.equal(new Set(["Paused"]));
    expect(emu.counts.writesApplied).to.equal(N);
    expect(emu.counts.operations.UpdateMemberSession.answers["200"] ?? 0).to.equal(N);
    expect(Object.values(emu.counts.writesByMember).every((w) => w === 1)).to.equal(true);
    await ws.ok(["preview", "--refresh", "--expect-no-changes"]);
    console.log(
      `      killed at ${cut} of ${N} writes; the re-run applied ${N - cut}; its checkpoint held ${recorded} resources and ${pending} pending operations`,
    );
  });
});

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 250; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(20);
  }
  throw new Error(`process ${pid} outlived SIGKILL by 5 s`);
}
