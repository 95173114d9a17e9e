// Big stacks of single resources under the real CLI with PULUMI_SKIP_CHECKPOINTS=true: the engine
// writes the checkpoint once, at the end, so a run cut short leaves a state that knows nothing of
// what it did. Every operation of this provider converges (create adopts, update and delete read
// first), so the next run repairs it without a write more than the members needed. Proven here by
// SIGKILL in the middle of `up` and of `destroy`.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { requireBuiltCli, Workspace, type Started } from "../../harness/cli";
import { descendants } from "../../harness/processes";
import { DUMMY_CREDENTIALS, emulator } from "../support/emulator";

const N = 300;
const FIRST = 510000000000;
const ACCOUNTS = Array.from({ length: N }, (_, i) => String(FIRST + i));
/** Every 5th member is Paused already: adopted, no write. */
const ALREADY_PAUSED = new Set(ACCOUNTS.filter((_, i) => i % 5 === 0));
/** Every 7th member keeps its status on destroy (statusOnDelete UNCHANGED). */
const KEPT = new Set(ACCOUNTS.filter((_, i) => i % 7 === 0));
const TYPE = "pulumi-nodejs:dynamic/macie:MemberStatus";
const SKIP = { PULUMI_SKIP_CHECKPOINTS: "true" };
const UP = ["up", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];

const PROGRAM = `
const { MacieMemberStatus } = require("pulumi-macie-member-status");
const kept = new Set(${JSON.stringify([...KEPT])});
for (let i = 0; i < ${N}; i++) {
  const accountId = String(${FIRST} + i);
  new MacieMemberStatus("m-" + accountId, {
    accountId,
    status: "PAUSED",
    region: "us-east-1",
    statusOnDelete: kept.has(accountId) ? "UNCHANGED" : "ENABLED",
  });
}
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGKILL for the CLI once the emulator has applied `writes` writes, and for the plugins it started
 * (the language host, the provider host): what a runner does to a cancelled job. Returns the
 * writes applied when the kill went out and the exit code.
 */
async function killWhen(
  emu: MacieEmulator,
  run: Started,
  writes: number,
): Promise<{ at: number; code: number }> {
  const exited = run.done.then((r) => r.code);
  for (;;) {
    if (emu.counts.writesApplied >= writes) break;
    const early = await Promise.race([exited, sleep(20).then(() => undefined)]);
    if (early !== undefined) throw new Error(`pulumi exited (${early}) before ${writes} writes were applied`);
  }
  const pids = [run.child.pid!, ...descendants(run.child.pid!)];
  const at = emu.counts.writesApplied;
  for (const pid of pids) process.kill(pid, "SIGKILL");
  const code = await exited;
  // Nothing of the killed run talks to Macie any more.
  for (const pid of pids) await waitGone(pid);
  return { at, code };
}

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

describe("a big stack with PULUMI_SKIP_CHECKPOINTS=true, the CLI killed mid-run", function () {
  this.timeout(240_000);
  const bin = requireBuiltCli();
  let emu: MacieEmulator;
  let ws: Workspace;

  before(async () => {
    emu = await emulator();
    // Slow enough that a few hundred members take some seconds: there is a middle to kill in.
    emu.configure({ rateLimit: { ratePerSecond: 100, burst: 20 } });
    emu.seed(
      ACCOUNTS.map((accountId) => ({
        accountId,
        relationshipStatus: ALREADY_PAUSED.has(accountId) ? "Paused" : "Enabled",
      })),
    );
    ws = new Workspace(PROGRAM, bin, {
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: emu.url,
      AWS_ENDPOINT_URL_STS: emu.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    await ws.ok(["stack", "init", "big"]);
  });
  after(() => ws?.remove());

  /**
   * A killed CLI leaves its lock on a DIY backend: the next run of `args` is refused, before it
   * does anything, until `pulumi cancel` removes the lock (docs/operations.md, "Big stacks", says so).
   */
  const unlockFor = async (args: string[]) => {
    const refused = await ws.pulumi(args, SKIP);
    expect(refused.code, refused.output).to.not.equal(0);
    expect(refused.output).to.contain("the stack is currently locked");
    await ws.ok(["cancel", "--yes"]);
  };

  /** UpdateMemberSession calls Macie accepted (answered 200), whether or not they changed a status. */
  const acceptedWrites = () => emu.counts.operations.UpdateMemberSession.answers["200"] ?? 0;

  const ours = async () => {
    const exported = JSON.parse(await ws.ok(["stack", "export"])) as {
      deployment: { resources?: { type: string }[] };
    };
    return (exported.deployment.resources ?? []).filter((r) => r.type === TYPE).length;
  };

  it("up: killed after some writes, the next up converges every member with no extra write", async () => {
    const needed = N - ALREADY_PAUSED.size;
    const killed = await killWhen(emu, ws.start(UP, SKIP), 60);
    expect(killed.code, "the CLI died of the kill").to.not.equal(0);
    expect(killed.at).to.be.within(60, needed - 1);
    const cut = emu.counts.writesApplied;
    expect(cut, "the kill came in the middle").to.be.below(needed);
    await unlockFor(UP);
    expect(await ours(), "no checkpoint was written: the state knows nothing of the cut run").to.equal(0);

    const rerun = await ws.pulumi(UP, SKIP);
    expect(rerun.code, rerun.output).to.equal(0);
    expect(Object.values(emu.statuses())).to.have.length(N);
    expect(new Set(Object.values(emu.statuses()))).to.deep.equal(new Set(["Paused"]));
    // One applied write per member that needed a change, over both runs: none twice, none extra;
    // and no write accepted that changed nothing (a blind write to a member already Paused).
    expect(emu.counts.writesApplied).to.equal(needed);
    expect(acceptedWrites()).to.equal(needed);
    expect(Object.values(emu.counts.writesByMember).every((w) => w === 1)).to.equal(true);
    expect(await ours()).to.equal(N);
    console.log(
      `      up: killed at ${killed.at} of ${needed} writes (${cut} applied by then); the re-run applied ${needed - cut}; ${acceptedWrites()} writes accepted in all`,
    );
  });

  it("destroy: killed after some writes, the next destroy leaves every member as statusOnDelete says, with no extra write", async () => {
    const before = emu.counts.writesApplied;
    const acceptedBefore = acceptedWrites();
    const needed = N - KEPT.size; // statusOnDelete ENABLED over Paused; UNCHANGED writes nothing
    const killed = await killWhen(emu, ws.start(DESTROY, SKIP), before + 60);
    expect(killed.code).to.not.equal(0);
    const cut = emu.counts.writesApplied - before;
    expect(cut, "the kill came in the middle").to.be.within(60, needed - 1);
    await unlockFor(DESTROY);
    expect(await ours(), "no checkpoint was written: the state still holds every resource").to.equal(N);

    const rerun = await ws.pulumi(DESTROY, SKIP);
    expect(rerun.code, rerun.output).to.equal(0);
    const statuses = emu.statuses();
    for (const accountId of ACCOUNTS) {
      expect(statuses[accountId], accountId).to.equal(KEPT.has(accountId) ? "Paused" : "Enabled");
    }
    expect(emu.counts.writesApplied - before).to.equal(needed);
    expect(acceptedWrites() - acceptedBefore).to.equal(needed);
    // Member by member, over up and destroy: a write only where the status had to change.
    for (const accountId of ACCOUNTS) {
      const expected = (ALREADY_PAUSED.has(accountId) ? 0 : 1) + (KEPT.has(accountId) ? 0 : 1);
      expect(emu.counts.writesByMember[`us-east-1/${accountId}`] ?? 0, accountId).to.equal(expected);
    }
    expect(await ours()).to.equal(0);
    console.log(
      `      destroy: killed at ${killed.at - before} of ${needed} writes (${cut} applied by then); the re-run applied ${needed - cut}`,
    );
  });
});
