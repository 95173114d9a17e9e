// MacieMemberStatusPolicy at fleet scale through the real Pulumi CLI (tools/pulumi-cli/build.sh),
// Pulumi's defaults (default --parallel, default checkpointing, no special environment): N members
// in each of two regions, seeded Enabled, declared PAUSED by one policy (one MacieMemberStatusRegion
// per region), against the emulator in this process at a rate limit. Each operation's wall time,
// Macie calls by operation, the calls it needs at the least (the API floor) and the peak memory of
// the CLI, the language host and the provider host; the drift alarm again at a slow rate. With
// --singles also N single MacieMemberStatus resources with PULUMI_SKIP_CHECKPOINTS=true beside the
// trivial provider (real-cli-stacks.ts), which gives refresh at list cost (the scan beside one GetMember
// each; `--reads-each refresh`: GetMember each for refresh only) and the engine's own cost.
// The command line is real-cli-policy.ts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MacieEmulator } from "../emulator/emulator";
import { builtCli } from "../harness/cli";
import { REPO_ROOT } from "../harness/host";
import {
  benchWorkspace,
  FIRST_ACCOUNT,
  installTrivial,
  machine,
  measure,
  runRealCli,
  singlesProgram,
  versions,
  type Measured,
  type ReadEachOperation,
  type StackResult,
} from "./real-cli-stacks";
import { PAGE_SIZE } from "../provider/member/discover";

export const REGIONS = ["us-east-1", "eu-west-1"];
/** The markers of the generated subsections in BENCHMARKS.md (`<!-- real-cli-fleet:start -->`). */
export const FLEET_MARKER = "real-cli-fleet";
/** ListMembers pages at most this many members: the model's maximum, which the provider asks for. */
const PAGE = PAGE_SIZE;

/** The policy's operations, in the order they run on one stack. */
export type PolicyOperation =
  | "up"
  | "no-op up"
  | "drift preview"
  | "drift preview, slow rate"
  | "drift check, drifted, slow rate"
  | "up converging the drift"
  | "drift check"
  | "refresh"
  | "destroy";

interface Step {
  operation: PolicyOperation;
  args: string[];
  /** The exit code it must have: 0, or not 0 (the alarm fired). */
  fails: boolean;
  /** Runs at the slow rate (the #14 drift-alarm goal). */
  slow?: boolean;
  /** What it does, for the table. */
  what: string;
}

const UP = ["up", "--yes", "--skip-preview"];
const PREVIEW = ["preview", "--expect-no-changes"];
const DRIFT_CHECK = ["preview", "--refresh", "--expect-no-changes"];
const STEPS: Step[] = [
  { operation: "up", args: UP, fails: false, what: "every member ENABLED → PAUSED" },
  { operation: "no-op up", args: UP, fails: false, what: "nothing to do" },
  {
    operation: "drift preview",
    args: PREVIEW,
    fails: true,
    what: "one member per region resumed by hand; plain preview, must fail",
  },
  {
    operation: "drift preview, slow rate",
    args: PREVIEW,
    fails: true,
    slow: true,
    what: "the same, the emulator at the slow rate",
  },
  {
    operation: "drift check, drifted, slow rate",
    args: DRIFT_CHECK,
    fails: true,
    slow: true,
    what: "`--refresh` on the drifted stack at the slow rate, must fail",
  },
  {
    operation: "up converging the drift",
    args: UP,
    fails: false,
    what: "writes the two drifted members only",
  },
  { operation: "drift check", args: DRIFT_CHECK, fails: false, what: "clean stack, must pass" },
  { operation: "refresh", args: ["refresh", "--yes", "--skip-preview"], fails: false, what: "" },
  {
    operation: "destroy",
    args: ["destroy", "--yes", "--skip-preview"],
    fails: false,
    what: "statusOnDelete ENABLED: every member back to Enabled",
  },
];

export interface PolicyOptions {
  /** Members per region. */
  n: number;
  rate: number;
  burst: number;
  /** The rate of the drift alarm's goal (#14), and its burst. */
  slowRate: number;
  slowBurst: number;
}

export interface PolicyOperationResult extends Omit<Measured, "output"> {
  operation: PolicyOperation;
  command: string;
  what: string;
  /** It exited as it must (0, or not 0 where the alarm must fire). */
  exitAsExpected: boolean;
  /** The emulator's rate during it. */
  rate: number;
  /** The Macie calls it needs at the least. */
  floorCalls: number;
  /** What the CLI printed, in bytes. */
  outputBytes: number;
}

export interface PolicyResult extends PolicyOptions {
  regions: string[];
  operations: PolicyOperationResult[];
  /** The checkpoint file, in bytes, after `up` and after the no-op `up`. */
  stateBytes: { up: number; noOpUp: number };
  /** Resources in the checkpoint after `up` (the stack, the policy, its regions). */
  resources: number;
  checks: {
    /** Every member of both regions Paused after `up`. */
    pausedAfterUp: boolean;
    /** The previews wrote nothing and left the drifted members as they were. */
    previewsWroteNothing: boolean;
    /** Every member Paused again after the converging `up`. */
    pausedAfterConverge: boolean;
    /** Every member Enabled after `destroy`. */
    enabledAfterDestroy: boolean;
  };
  /** Where each operation's output is kept. */
  logs: string;
  /** Each operation's command on a stack of two trivial resources: what it costs the engine alone. */
  engineSeconds: Record<PolicyOperation, number>;
}

/** The Macie calls `operation` needs at the least, for n members in each of `regions` and `drifted` drifted. */
export function policyFloorCalls(
  operation: PolicyOperation,
  n: number,
  regions: number,
  drifted: number,
): number {
  const pages = Math.ceil(n / PAGE);
  const listing = regions * pages; // the program's, or one refresh read / delete per region
  // Since #24: one write per changed member, then the cheaper of one re-listing of the region and a
  // GetMember per write to see the writes (listed-writes.ts).
  const change = (changed: number) => regions * (changed + Math.min(pages, changed));
  switch (operation) {
    case "up":
    case "destroy":
      return listing + change(n);
    case "no-op up":
    case "drift preview":
    case "drift preview, slow rate":
    case "refresh":
      return listing;
    case "up converging the drift":
      return listing + change(drifted / regions);
    case "drift check":
    case "drift check, drifted, slow rate":
      return 2 * listing; // refresh's read of each region, then the program's listing
  }
}

function policyProgram(): string {
  return `const { MacieMemberStatusPolicy } = require("pulumi-macie-member-status");
new MacieMemberStatusPolicy("org", { regions: ${JSON.stringify(REGIONS)}, defaultStatus: "PAUSED" });
`;
}

/** One stack of the policy over n members × 2 regions: every step, one after the other. */
export async function runPolicy(options: PolicyOptions, bin: string): Promise<PolicyResult> {
  const { n } = options;
  const fast = { ratePerSecond: options.rate, burst: options.burst };
  const slow = { ratePerSecond: options.slowRate, burst: options.slowBurst };
  const emu = new MacieEmulator({ rateLimit: fast });
  const url = await emu.start();
  const accounts = Array.from({ length: n }, (_, i) => String(FIRST_ACCOUNT + i));
  for (const region of REGIONS)
    emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region })));
  const drifted = REGIONS.map((region) => ({ region, accountId: accounts[0] }));
  const ws = benchWorkspace(policyProgram(), bin, url);
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), `real-cli-policy-${n}-`));
  const all = (status: string) =>
    REGIONS.every((region) => Object.values(emu.statuses(region)).every((s) => s === status));
  const stateBytes = () => fs.statSync(ws.stateFile("org")).size;
  const operations: PolicyOperationResult[] = [];
  const result: Omit<PolicyResult, "operations"> = {
    ...options,
    engineSeconds: await engineBaseline(bin),
    regions: REGIONS,
    stateBytes: { up: 0, noOpUp: 0 },
    resources: 0,
    checks: {
      pausedAfterUp: false,
      previewsWroteNothing: true,
      pausedAfterConverge: false,
      enabledAfterDestroy: false,
    },
    logs,
  };
  try {
    await ws.ok(["stack", "init", "org"]);
    for (const step of STEPS) {
      if (step.operation === "drift preview")
        for (const { region, accountId } of drifted) emu.setStatus(accountId, "Enabled", region);
      emu.configure({ rateLimit: step.slow ? slow : fast });
      const { output, ...measured } = await measure(ws, emu, step.args);
      fs.writeFileSync(path.join(logs, `${step.operation.replace(/[^a-z]+/g, "-")}.log`), output);
      const exitAsExpected = step.fails ? measured.exitCode !== 0 : measured.exitCode === 0;
      operations.push({
        operation: step.operation,
        command: `pulumi ${step.args.join(" ")}`,
        what: step.what,
        exitAsExpected,
        rate: step.slow ? options.slowRate : options.rate,
        floorCalls: policyFloorCalls(step.operation, n, REGIONS.length, drifted.length),
        outputBytes: Buffer.byteLength(output),
        ...measured,
      });
      console.log(
        `  ${step.operation}: ${measured.seconds} s, exit ${measured.exitCode}, ${JSON.stringify(measured.calls)}`,
      );
      if (!exitAsExpected)
        throw new Error(
          `pulumi ${step.args.join(" ")} (${step.operation}, N ${n}) exited ${measured.exitCode}:\n${output.slice(-3000)}`,
        );
      if (step.operation === "up") {
        result.stateBytes.up = stateBytes();
        result.resources = resourcesIn(fs.readFileSync(ws.stateFile("org"), "utf8"));
        result.checks.pausedAfterUp = all("Paused");
      }
      if (step.operation === "no-op up") result.stateBytes.noOpUp = stateBytes();
      if (step.fails || step.operation === "drift check")
        result.checks.previewsWroteNothing &&=
          measured.calls.UpdateMemberSession === 0 &&
          drifted.every(
            ({ region, accountId }) =>
              emu.member(accountId, region)?.relationshipStatus === (step.fails ? "Enabled" : "Paused"),
          );
      if (step.operation === "up converging the drift") result.checks.pausedAfterConverge = all("Paused");
    }
    result.checks.enabledAfterDestroy = all("Enabled");
    return { ...result, operations };
  } finally {
    ws.remove();
    await emu.stop();
  }
}

/**
 * Each step's command on a stack of two trivial resources (real-cli.ts's trivial provider, no
 * Macie call): the engine's own cost of the command, which no provider can go below.
 */
async function engineBaseline(bin: string): Promise<Record<PolicyOperation, number>> {
  const emu = new MacieEmulator();
  const url = await emu.start();
  const ws = benchWorkspace(singlesProgram("trivial", 2), bin, url);
  installTrivial(ws.program);
  const seconds = {} as Record<PolicyOperation, number>;
  try {
    await ws.ok(["stack", "init", "engine"]);
    for (const step of STEPS) {
      const { output, ...measured } = await measure(ws, emu, step.args);
      if (measured.exitCode !== 0)
        throw new Error(`pulumi ${step.args.join(" ")} (trivial) exited ${measured.exitCode}:\n${output}`);
      seconds[step.operation] = measured.seconds;
    }
    return seconds;
  } finally {
    ws.remove();
    await emu.stop();
  }
}

function resourcesIn(state: string): number {
  return (
    (JSON.parse(state) as { checkpoint: { latest?: { resources?: unknown[] } } }).checkpoint.latest?.resources
      ?.length ?? 0
  );
}

export interface FleetResult {
  command: string;
  /** The commit the measured package was built from, and whether provider/ differed from it. */
  commit: string;
  machine: string;
  versions: string;
  date: string;
  seconds: number;
  policy: PolicyResult[];
  /** N single resources with PULUMI_SKIP_CHECKPOINTS=true, ours (with reads each) and trivial. */
  singles: StackResult[];
}

export interface FleetPlan {
  /** Members per region of the policy stacks. */
  policy: number[];
  /** N of the single-resource stacks (ours and trivial, PULUMI_SKIP_CHECKPOINTS=true). */
  singles: number[];
  rate: number;
  burst: number;
  slowRate: number;
  slowBurst: number;
  /** The single-resource stacks' reads-each operations (default: refresh and the drift check). */
  readsEach?: readonly ReadEachOperation[];
  /** The single-resource stacks' `--parallel`: undefined is the CLI's default (default: only that). */
  singlesParallel?: readonly (number | undefined)[];
}

export const FULL_FLEET: FleetPlan = {
  policy: [1000, 10000],
  singles: [],
  rate: 200,
  burst: 50,
  slowRate: 20,
  slowBurst: 20,
};
/** The policy over 200 members × 2 regions: every step and its engine baseline, in about a minute. */
export const QUICK_FLEET: FleetPlan = { ...FULL_FLEET, policy: [200] };

/** HEAD, and whether the provider's sources (what the stacks install, built) differ from it. */
export function commitOf(): string {
  const git = (...args: string[]) =>
    spawnSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = git("status", "--porcelain", "--", "provider", "emulator");
  return `${git("rev-parse", "--short", "HEAD")}${dirty ? " with uncommitted changes in provider/ or emulator/" : ""}`;
}

/** Every stack of the plan, one at a time; undefined when the CLI is not built. */
export async function runFleet(plan: FleetPlan, command: string): Promise<FleetResult | undefined> {
  const bin = builtCli();
  if (!bin) return undefined;
  const started = Date.now();
  const commit = commitOf(); // now: the stacks install dist/ as it was built before this run
  const policy: PolicyResult[] = [];
  for (const n of plan.policy) {
    console.log(`real CLI, policy: ${n} members × ${REGIONS.length} regions…`);
    policy.push(await runPolicy({ n, ...plan }, bin));
  }
  const singles: StackResult[] = [];
  for (const n of plan.singles) {
    const ran = await runRealCli(
      {
        sizes: [{ n, checkpoints: false }],
        rate: plan.rate,
        burst: plan.burst,
        readsEach: plan.readsEach,
        parallel: plan.singlesParallel ?? [undefined],
      },
      command,
      { stacksOnly: true },
    );
    singles.push(...(ran?.stacks ?? []));
  }
  return {
    command,
    commit,
    machine: machine(),
    versions: versions(bin),
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((Date.now() - started) / 1000),
    policy,
    singles,
  };
}
