// A fleet flip through the real Pulumi CLI (issue #24): a fresh stack, N members in each of R
// regions seeded Enabled, one MacieMemberStatusPolicy declaring PAUSED, one `pulumi up --yes
// --skip-preview`, against the emulator in this process at a rate limit. Each configuration runs in
// some of three forms, one after the other in the same run (their order alternates from one
// configuration to the next): "listed", the default (each write decided on the program's listing,
// all verified by one re-listing of the region: provider/lifecycle/listed-writes.ts); "per-member"
// (MACIE_MEMBER_STATUS_WRITE_FROM_LISTING_SECONDS=0 in the CLI's environment, which the CLI hands
// to the provider host it starts: GetMember, UpdateMemberSession, GetMember per member); and
// "plugin" (#26): the provider plugin bin/pulumi-resource-macie instead of the dynamic provider, one
// macie:index:RegionPolicy per region declared by the same JavaScript program through the same
// language host, its listing done in the plugin's check. Beside them, `up` of a stack of R trivial
// resources: the engine's own cost of the command. The command line is flip.ts; the report
// report-flip.ts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MacieEmulator, OPERATIONS, type Counters, type Operation } from "../emulator/emulator";
import { builtCli } from "../harness/cli";
import { pluginLines } from "../harness/plugin";
import { sampleCallPhases, type CallPhases } from "./call-phases";
import { PAGE_SIZE } from "../provider/member/discover";
import { commitOf } from "./real-cli-fleet";
import {
  benchWorkspace,
  FIRST_ACCOUNT,
  installTrivial,
  machine,
  measure,
  singlesProgram,
  versions,
} from "./real-cli-stacks";

/** The regions of a flip over R regions: the first R of these. */
export const FLIP_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
/** The markers of the generated subsection in BENCHMARKS.md (`<!-- real-cli-flip:start -->`). */
export const FLIP_MARKER = "real-cli-flip";
const UP = ["up", "--yes", "--skip-preview"];
/** The old form, in the CLI's environment: every write decided on a GetMember of its own. */
const PER_MEMBER_ENV = { MACIE_MEMBER_STATUS_WRITE_FROM_LISTING_SECONDS: "0" };

export type FlipForm = "listed" | "per-member" | "plugin";
/** Every form a configuration may name (flip.ts --forms). */
export const FLIP_FORMS: readonly FlipForm[] = ["listed", "per-member", "plugin"];
/** The forms of a configuration that names none: the dynamic provider's two (#24). */
export const DEFAULT_FLIP_FORMS: readonly FlipForm[] = ["listed", "per-member"];

/** One configuration: N members in each of `regions` regions at a rate limit, in some forms. */
export interface FlipConfig {
  /** Members per region. */
  n: number;
  /** How many regions (the first of FLIP_REGIONS). */
  regions: number;
  /** The emulator's rate limit (calls/s over every Macie call, all regions together) and burst. */
  rate: number;
  burst: number;
  /** The forms to measure (default: DEFAULT_FLIP_FORMS, listed and per-member). */
  forms?: readonly FlipForm[];
}

/** One operation's calls as the emulator received them: all, and those it answered 429. */
export interface CallCount {
  calls: number;
  throttled: number;
}
export type FlipCalls = Record<Operation, CallCount>;

export interface FlipRow {
  n: number;
  regions: string[];
  rate: number;
  burst: number;
  form: FlipForm;
  /** Wall time of `pulumi up`, seconds. */
  seconds: number;
  exitCode: number;
  calls: FlipCalls;
  /** Members whose status `up` changed (UpdateMemberSession calls that changed one). */
  changed: number;
  /** Members written more than once (status-changing writes). */
  writtenTwice: number;
  /** Every member of every region Paused after `up`. */
  pausedAfter: boolean;
  /** `up` of a stack of as many trivial resources as the policy has regions, in the same run. */
  engineSeconds: number;
  /** CPU seconds by role: the CLI, the language host, the provider host. */
  cpuSeconds: { cli: number; language: number; provider: number };
  /** Peak RSS in MB by role. */
  peakMb: { cli: number; language: number; provider: number };
  /** When the calls went out, in seconds from the start of `up` (absent from runs before it was sampled). */
  phases?: CallPhases;
  /** The stack's checkpoint after `up`, bytes (absent from runs before it was kept). */
  stateBytes?: number;
  /** When the invocation that measured the row started (ms since the epoch): rows of one run share it (absent from older runs). */
  run?: number;
  /** Where the CLI's output is kept. */
  log: string;
}

export interface FlipResult {
  command: string;
  commit: string;
  machine: string;
  versions: string;
  date: string;
  seconds: number;
  /** `uptime` before the first stack and after the last. */
  load: { before: string; after: string };
  rows: FlipRow[];
}

/** ListMembers pages of one listing of a region of n members. */
export const pagesOf = (n: number): number => Math.ceil(n / PAGE_SIZE);

/**
 * The Macie calls a flip needs at the least, whatever the form: one write per changed member and
 * two listings of each region (the program's, to decide; one more, to see the writes).
 */
export function physicalCalls(row: Pick<FlipRow, "n" | "regions" | "changed">): number {
  return row.changed + 2 * row.regions.length * pagesOf(row.n);
}

/**
 * What the form itself needs at the least: listed, the physical calls; plugin, the same (its check
 * lists once, then one write a member and one re-listing); per-member, 3 a member and the program's
 * listing.
 */
export function formFloorCalls(row: Pick<FlipRow, "n" | "regions" | "changed" | "form">): number {
  return row.form === "per-member"
    ? 3 * row.changed + row.regions.length * pagesOf(row.n)
    : physicalCalls(row);
}

/** Calls the emulator accepted (429s left out), all operations. */
export const accepted = (calls: FlipCalls): number =>
  OPERATIONS.reduce((sum, op) => sum + calls[op].calls - calls[op].throttled, 0);

function countsNow(emu: MacieEmulator): FlipCalls {
  const { operations } = emu.counts;
  return Object.fromEntries(
    OPERATIONS.map((op) => [
      op,
      { calls: operations[op].calls, throttled: operations[op].answers["429"] ?? 0 },
    ]),
  ) as FlipCalls;
}

function callsSince(start: FlipCalls, end: FlipCalls): FlipCalls {
  return Object.fromEntries(
    OPERATIONS.map((op) => [
      op,
      { calls: end[op].calls - start[op].calls, throttled: end[op].throttled - start[op].throttled },
    ]),
  ) as FlipCalls;
}

/**
 * The program of a form: the dynamic policy over every region; or (plugin) one RegionPolicy of the
 * provider plugin per region, declared without an SDK (docs/plugin.md, TypeScript).
 */
function flipProgram(form: FlipForm, regions: string[]): string {
  if (form === "plugin")
    return `const pulumi = require("@pulumi/pulumi");
for (const region of ${JSON.stringify(regions)})
  new pulumi.CustomResource("macie:index:RegionPolicy", \`org-\${region}\`, { region, defaultStatus: "PAUSED" });
`;
  return `const { MacieMemberStatusPolicy } = require("pulumi-macie-member-status");
new MacieMemberStatusPolicy("org", { regions: ${JSON.stringify(regions)}, defaultStatus: "PAUSED" });
`;
}

/** One fresh stack: seed, `pulumi stack init`, the measured `up`, the checks. */
async function runFlip(
  config: FlipConfig,
  form: FlipForm,
  engineSeconds: number,
  bin: string,
  logs: string,
  run: number,
): Promise<FlipRow> {
  const regions = FLIP_REGIONS.slice(0, config.regions);
  const emu = new MacieEmulator({ rateLimit: { ratePerSecond: config.rate, burst: config.burst } });
  const url = await emu.start();
  const accounts = Array.from({ length: config.n }, (_, i) => String(FIRST_ACCOUNT + i));
  for (const region of regions)
    emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region })));
  const ws = benchWorkspace(flipProgram(form, regions), bin, url);
  // The plugin from this checkout's bin/ (its script loads this checkout's dist/): the workspace's
  // installed copy of the package has no bin/. The program itself only needs @pulumi/pulumi.
  if (form === "plugin") fs.appendFileSync(path.join(ws.program, "Pulumi.yaml"), pluginLines());
  try {
    await ws.ok(["stack", "init", "flip"]);
    const before = countsNow(emu);
    const writesBefore: Counters["writesByMember"] = emu.counts.writesByMember;
    const sampler = sampleCallPhases(emu, regions.length * pagesOf(config.n));
    const { output, ...measured } = await measure(ws, emu, UP, form === "per-member" ? PER_MEMBER_ENV : {});
    const phases = sampler.stop();
    const calls = callsSince(before, countsNow(emu));
    const log = path.join(logs, `${config.n}x${config.regions}-${config.rate}-${form}.log`);
    fs.writeFileSync(log, output);
    if (measured.exitCode !== 0)
      throw new Error(
        `pulumi up (flip, ${describe(config)}, ${form}) exited ${measured.exitCode}:\n${output.slice(-3000)}`,
      );
    const stateBytes = fs.statSync(ws.stateFile("flip")).size;
    const writes = Object.entries(emu.counts.writesByMember).map(
      ([key, count]) => count - (writesBefore[key] ?? 0),
    );
    return {
      n: config.n,
      regions,
      rate: config.rate,
      burst: config.burst,
      form,
      seconds: measured.seconds,
      exitCode: measured.exitCode,
      calls,
      changed: writes.filter((w) => w > 0).length,
      writtenTwice: writes.filter((w) => w > 1).length,
      pausedAfter: regions.every((region) =>
        Object.values(emu.statuses(region)).every((status) => status === "Paused"),
      ),
      engineSeconds,
      cpuSeconds: measured.cpuSeconds,
      peakMb: measured.peakMb,
      phases,
      stateBytes,
      run,
      log,
    };
  } finally {
    ws.remove();
    await emu.stop();
  }
}

/** `pulumi up` of a fresh stack of `resources` trivial resources (no Macie call): the engine's own cost. */
async function engineUp(bin: string, resources: number): Promise<number> {
  const emu = new MacieEmulator();
  const url = await emu.start();
  const ws = benchWorkspace(singlesProgram("trivial", resources), bin, url);
  installTrivial(ws.program);
  try {
    await ws.ok(["stack", "init", "engine"]);
    const { output, ...measured } = await measure(ws, emu, UP);
    if (measured.exitCode !== 0)
      throw new Error(`pulumi up (trivial, ${resources}) exited ${measured.exitCode}:\n${output}`);
    return measured.seconds;
  } finally {
    ws.remove();
    await emu.stop();
  }
}

function describe(c: FlipConfig): string {
  return `${c.n} members × ${c.regions} region${c.regions > 1 ? "s" : ""} at ${c.rate} calls/s`;
}

/** \`uptime\` as the shell prints it: the machine's load averages. */
function uptime(): string {
  return spawnSync("uptime", { encoding: "utf8" }).stdout.trim().replace(/\s+/g, " ");
}

/** Every configuration of the plan, one stack at a time; undefined when the CLI is not built. */
export async function runFlips(
  plan: readonly FlipConfig[],
  command: string,
): Promise<FlipResult | undefined> {
  const bin = builtCli();
  if (!bin) return undefined;
  const started = Date.now();
  // Before the first stack: the commit the installed dist/ was built from, and what a checkout that
  // is gone by the end (a removed worktree) could no longer tell.
  const about = { commit: commitOf(), machine: machine(), versions: versions(bin) };
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), "real-cli-flip-"));
  const load = { before: uptime(), after: "" };
  const rows: FlipRow[] = [];
  for (const [i, config] of plan.entries()) {
    console.log(`real CLI, flip: ${describe(config)}; logs in ${logs}`);
    const engine = await engineUp(bin, config.regions);
    console.log(`  engine (trivial up, ${config.regions} resources): ${engine} s`);
    const forms = config.forms ?? DEFAULT_FLIP_FORMS;
    // Alternating: neither form always runs first, on a machine whose load drifts.
    for (const form of i % 2 === 0 ? forms : [...forms].reverse()) {
      const row = await runFlip(config, form, engine, bin, logs, started);
      console.log(
        `  ${form}: ${row.seconds} s, ${JSON.stringify(row.calls)}, phases ${JSON.stringify(row.phases)}`,
      );
      rows.push(row);
    }
  }
  load.after = uptime();
  return {
    command,
    ...about,
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((Date.now() - started) / 1000),
    load,
    rows,
  };
}

/**
 * The rows (#24): 10,000 × 1 and × 2 at 200 calls/s (with the provider plugin beside them,
 * #26), 1,000 × 1 and × 2 at 20, 10,000 × 1 at 20 listed only.
 */
export const FULL_FLIPS: readonly FlipConfig[] = [
  { n: 10000, regions: 1, rate: 200, burst: 50, forms: FLIP_FORMS },
  { n: 10000, regions: 2, rate: 200, burst: 50, forms: FLIP_FORMS },
  { n: 1000, regions: 1, rate: 20, burst: 20 },
  { n: 1000, regions: 2, rate: 20, burst: 20 },
  { n: 10000, regions: 1, rate: 20, burst: 20, forms: ["listed"] },
];
/** `npm run bench -- --quick`: 200 members × 2 regions at 200 calls/s, all three forms, in about 45 s. */
export const QUICK_FLIPS: readonly FlipConfig[] = [
  { n: 200, regions: 2, rate: 200, burst: 50, forms: FLIP_FORMS },
];
