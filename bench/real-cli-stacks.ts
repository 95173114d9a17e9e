// Scale through the real Pulumi CLI (tools/pulumi-cli/build.sh) on a file backend: N single
// MacieMemberStatus resources declared PAUSED over members seeded Enabled, against the emulator
// in this process at a rate limit; beside the same N through a trivial dynamic provider (the
// engine's own cost) in the same run. For each: `up`, a no-op `up`, `refresh`, the drift check
// (`preview --refresh --expect-no-changes`) and `destroy`, with default checkpointing and with
// PULUMI_SKIP_CHECKPOINTS=true, at the default --parallel and at 64; checkpoint bytes per resource,
// the peak memory of the CLI, the language host and the provider host, and the Macie calls of each
// operation. Ours with skipped checkpoints at the default --parallel also refreshes (and
// drift-checks) with one GetMember per resource (macie:readSnapshotSeconds 0) beside the scan.
// The shared pieces of a real-CLI stack (a measured command, the programs, the workspace) are
// here for real-cli-fleet.ts and profile.ts too; the command line is real-cli.ts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MacieEmulator } from "../emulator/emulator";
import { builtCli, Workspace } from "../harness/cli";
import { REPO_ROOT } from "../harness/host";
import { PeakMemory } from "../harness/processes";
import type { Operation as MacieOperation } from "../emulator/emulator";
import { BENCH_CREDENTIALS } from "./in-process";
import { shimForms, type ShimForm } from "./shim-forms";

export type Operation = "up" | "no-op up" | "refresh" | "drift check" | "destroy";
export const OPERATIONS: readonly Operation[] = ["up", "no-op up", "refresh", "drift check", "destroy"];
/**
 * Ours only (StackOptions.readsEach): refresh and the drift check again with one GetMember per
 * resource instead of the scan: MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS=0 in their environment.
 * Not `pulumi config set macie:readSnapshotSeconds 0`: refresh configures the provider with the
 * config recorded in the state's default provider, so a config change reaches refresh only after
 * the next `up` (measured with the real CLI: the same 20 GetMembers and a scan until then).
 */
export type ReadEachOperation = "refresh, GetMember each" | "drift check, GetMember each";
export const READ_EACH_OPERATIONS: readonly ReadEachOperation[] = [
  "refresh, GetMember each",
  "drift check, GetMember each",
];
const READS_EACH = { MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS: "0" };
const UP = ["up", "--yes", "--skip-preview"];
const REFRESH = ["refresh", "--yes", "--skip-preview"];
const DRIFT_CHECK = ["preview", "--refresh", "--expect-no-changes"];
/** The CLI arguments of each operation (`--skip-preview` where it applies). */
export const ARGS: Record<Operation | ReadEachOperation, string[]> = {
  up: UP,
  "no-op up": UP,
  refresh: REFRESH,
  "drift check": DRIFT_CHECK,
  "refresh, GetMember each": REFRESH,
  "drift check, GetMember each": DRIFT_CHECK,
  destroy: ["destroy", "--yes", "--skip-preview"],
};
/**
 * Macie calls each operation needs at least, per member, for ours (declared PAUSED over Enabled,
 * statusOnDelete ENABLED): read, write and the verifying read to change a member; a read to refresh.
 */
export const CALLS_PER_MEMBER: Record<Operation, number> = {
  up: 3,
  "no-op up": 0,
  refresh: 1,
  "drift check": 1,
  destroy: 3,
};

export type Provider = "ours" | "trivial";

export interface StackOptions {
  provider: Provider;
  /**
   * Ours with the package linked instead of installed, so Pulumi stores the shim by value (2 KB,
   * as every state before 0.2) instead of by name: what the smaller state buys.
   */
  byValue?: boolean;
  n: number;
  /** PULUMI_SKIP_CHECKPOINTS=true: the checkpoint is written once, at the end. */
  skipCheckpoints: boolean;
  /** `--parallel`; undefined: the CLI's default (4 × CPUs). */
  parallel?: number;
  rate: number;
  burst: number;
  /** Ours: also these, after the drift check: refresh and the drift check with one GetMember per resource. */
  readsEach?: readonly ReadEachOperation[];
}

/** Macie calls the emulator answered or throttled, by operation, and how many of them were 429s. */
export type MacieCalls = Record<MacieOperation, number> & { throttled: number };

/** Counts the emulator's Macie calls from now on: `since()` is what came since. */
export function macieCallsSince(emu: MacieEmulator): () => MacieCalls {
  const now = (): MacieCalls => ({
    ListMembers: emu.calls("ListMembers"),
    GetMember: emu.calls("GetMember"),
    UpdateMemberSession: emu.calls("UpdateMemberSession"),
    throttled: emu.counts.throttled,
  });
  const start = now();
  return () => {
    const end = now();
    return Object.fromEntries(
      Object.entries(end).map(([key, value]) => [key, value - start[key as keyof MacieCalls]]),
    ) as MacieCalls;
  };
}

/** One `pulumi` command, timed, with the peak memory and CPU of its processes and the Macie calls it made. */
export interface Measured {
  seconds: number;
  exitCode: number;
  /** Peak resident memory in MB by role (the language host's plugin and program added). */
  peakMb: { cli: number; language: number; provider: number };
  /** CPU seconds by role (every process of the role added). */
  cpuSeconds: { cli: number; language: number; provider: number };
  calls: MacieCalls;
  /** What the CLI printed (stdout and stderr). */
  output: string;
}

/** Runs `pulumi args` in `ws` and measures it (the caller checks the exit code). */
export async function measure(
  ws: Workspace,
  emu: MacieEmulator,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Measured> {
  const calls = macieCallsSince(emu);
  const started = Date.now();
  const run = ws.start(args, env);
  const memory = new PeakMemory(run.child.pid!);
  const result = await run.done;
  const peak = memory.stop();
  return {
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
    exitCode: result.code,
    peakMb: { cli: peak.cli, language: peak.language, provider: peak.provider },
    cpuSeconds: {
      cli: peak.cpuSeconds.cli,
      language: peak.cpuSeconds.language,
      provider: peak.cpuSeconds.provider,
    },
    calls: calls(),
    output: result.output,
  };
}

export interface OperationResult extends Omit<Measured, "output"> {
  operation: Operation | ReadEachOperation;
}

export interface StackResult extends StackOptions {
  operations: OperationResult[];
  /** The stack's checkpoint file after `up`, ÷ N. */
  stateBytesPerResource: number;
  /** One resource's `__provider` in that checkpoint. */
  providerBytes: number;
  /** One resource's record in that checkpoint, by part (the same at any N). */
  record: RecordBytes;
  /** Writes the emulator applied in `up` and in `destroy` (each should be N for ours, 0 for trivial). */
  writesApplied: { up: number; destroy: number };
  /** Every member Paused after `up` and Enabled after `destroy` (ours); always true for trivial. */
  converged: boolean;
  /** Calls answered 429 over the whole stack. */
  throttled: number;
}

export interface RealCliResult {
  cli: string;
  machine: string;
  versions: string;
  date: string;
  command: string;
  seconds: number;
  rate: number;
  burst: number;
  /** The API floor's calls per member of each operation, in the order they ran. */
  callsPerMember: Record<Operation, number>;
  stacks: StackResult[];
  /** What the closure serializer makes of the ways to write the shim. */
  shimForms: ShimForm[];
}

export const FIRST_ACCOUNT = 700000000000;

/** The program: N resources, the same names and inputs for both providers. */
export function singlesProgram(provider: Provider, n: number): string {
  const declare =
    provider === "ours"
      ? `const { MacieMemberStatus } = require("pulumi-macie-member-status");
const make = (name, inputs) => new MacieMemberStatus(name, inputs);`
      : `const pulumi = require("@pulumi/pulumi");
const provider = require("bench-trivial");
const make = (name, inputs) => new pulumi.dynamic.Resource(provider, name, inputs, undefined, "bench", "Trivial");`;
  return `${declare}
for (let i = 0; i < ${n}; i++) {
  const accountId = String(${FIRST_ACCOUNT} + i);
  make("m-" + accountId, { accountId, status: "PAUSED", region: "us-east-1" });
}
`;
}

/**
 * The trivial provider, installed as a package of its own: Pulumi then serializes it by name
 * (`require("bench-trivial")`), the smallest `__provider` there is. It echoes its inputs and
 * calls nothing; diff says "no change" so that a no-op `up` is one, as ours.
 */
export function installTrivial(programDir: string): void {
  const dir = path.join(programDir, "node_modules", "bench-trivial");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "bench-trivial", main: "index.js" }),
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    `module.exports = {
  create: async (inputs) => ({ id: inputs.accountId, outs: inputs }),
  diff: async () => ({ changes: false }),
};
`,
  );
}

/**
 * A workspace for `program` against the emulator at `url`, with the bench's dummy credentials;
 * `installed`: this package as `npm install` leaves it (shim stored by name), else linked.
 */
export function benchWorkspace(program: string, bin: string, url: string, installed = true): Workspace {
  return new Workspace(
    program,
    bin,
    {
      ...BENCH_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    { installed },
  );
}

async function runStack(options: StackOptions, bin: string): Promise<StackResult> {
  const { n, provider } = options;
  const emu = new MacieEmulator({ rateLimit: { ratePerSecond: options.rate, burst: options.burst } });
  const url = await emu.start();
  const accounts = Array.from({ length: n }, (_, i) => String(FIRST_ACCOUNT + i));
  emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
  const ws = benchWorkspace(singlesProgram(provider, n), bin, url, !options.byValue);
  if (provider === "trivial") installTrivial(ws.program);
  const env = options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const parallel = options.parallel ? ["--parallel", String(options.parallel)] : [];
  const statuses = () => new Set(Object.values(emu.statuses()));
  const operations: OperationResult[] = [];
  let stateBytes = 0;
  let providerBytes = 0;
  let record: RecordBytes = { total: 0, provider: 0, inputs: 0, outputs: 0, sourcePositions: 0, other: 0 };
  let writesAfterUp = 0;
  let converged = true;
  const steps: (Operation | ReadEachOperation)[] = [
    ...OPERATIONS.slice(0, 4),
    ...(provider === "ours" ? (options.readsEach ?? []) : []),
    "destroy",
  ];
  try {
    await ws.ok(["stack", "init", "bench"]);
    for (const operation of steps) {
      const readsEach = operation.endsWith("GetMember each") ? READS_EACH : {};
      const { output, ...measured } = await measure(ws, emu, [...ARGS[operation], ...parallel], {
        ...env,
        ...readsEach,
      });
      operations.push({ operation, ...measured });
      if (measured.exitCode !== 0) {
        throw new Error(
          `pulumi ${operation} (${describe(options)}) exited ${measured.exitCode}:\n${output.slice(-3000)}`,
        );
      }
      if (operation === "up") {
        const state = fs.readFileSync(ws.stateFile("bench"), "utf8");
        stateBytes = Buffer.byteLength(state);
        providerBytes = providerBytesOf(state);
        record = recordBytesOf(state);
        writesAfterUp = emu.counts.writesApplied;
        if (provider === "ours") converged &&= statuses().size === 1 && statuses().has("Paused");
      }
      console.log(`  ${operation}: ${measured.seconds} s, ${JSON.stringify(measured.calls)}`);
    }
    if (provider === "ours") converged &&= statuses().size === 1 && statuses().has("Enabled");
    return {
      ...options,
      operations,
      stateBytesPerResource: Math.round(stateBytes / n),
      providerBytes,
      record,
      writesApplied: { up: writesAfterUp, destroy: emu.counts.writesApplied - writesAfterUp },
      converged,
      throttled: emu.counts.throttled,
    };
  } finally {
    ws.remove();
    await emu.stop();
  }
}

/** What one resource's record in a checkpoint is made of, in JSON bytes. */
export interface RecordBytes {
  total: number;
  /** `__provider`, in inputs and outputs together. */
  provider: number;
  /** The other inputs. */
  inputs: number;
  /** The other outputs. */
  outputs: number;
  /** sourcePosition and stackTrace, which the engine records from the program's call stack. */
  sourcePositions: number;
  /** urn, type, id, parent, provider reference, dependencies, timestamps. */
  other: number;
}

type StateRecord = Record<string, unknown> & {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
};

function recordOf(state: string): StateRecord | undefined {
  const resources = (JSON.parse(state) as { checkpoint: { latest?: { resources?: StateRecord[] } } })
    .checkpoint.latest?.resources;
  return resources?.find((r) => typeof r.inputs?.__provider === "string");
}

function providerBytesOf(state: string): number {
  const text = recordOf(state)?.inputs?.__provider;
  return typeof text === "string" ? Buffer.byteLength(text) : 0;
}

function recordBytesOf(state: string): RecordBytes {
  const record = recordOf(state) ?? {};
  const size = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
  const without = (bag: Record<string, unknown> | undefined) => {
    const { __provider: _provider, ...rest } = bag ?? {};
    return rest;
  };
  const provider = size(record.inputs?.__provider) + size(record.outputs?.__provider);
  const inputs = size(without(record.inputs));
  const outputs = size(without(record.outputs));
  const sourcePositions = size(record.sourcePosition) + size(record.stackTrace);
  const total = size(record);
  return {
    total,
    provider,
    inputs,
    outputs,
    sourcePositions,
    other: total - provider - inputs - outputs - sourcePositions,
  };
}

/** One entry of --parallel: "default" (the CLI's), or a whole number of at least 1. */
export function parallelOf(text: string): number | undefined {
  if (text === "default") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--parallel: "default" or a whole number ≥ 1; got ${JSON.stringify(text)}`);
  return n;
}

function describe(o: StackOptions): string {
  return `${o.provider}${o.byValue ? " (shim by value)" : ""}, N ${o.n}, ${o.skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS" : "checkpoints"}, --parallel ${o.parallel ?? "default"}`;
}

/** `nproc` and `free -h` as the shell prints them, and the CPU model. */
export function machine(): string {
  const nproc = spawnSync("nproc", { encoding: "utf8" }).stdout.trim();
  const mem = spawnSync("free", ["-h"], { encoding: "utf8" }).stdout.split("\n")[1]?.split(/\s+/) ?? [];
  return `nproc ${nproc} (${os.cpus()[0]?.model ?? "unknown CPU"}), free -h: ${mem[1]} total, ${mem[6]} available; ${os.platform()} ${os.release()}`;
}

export function versions(bin: string): string {
  const cli = spawnSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
  const language = /lang([0-9.]+)/.exec(bin)?.[1] ?? "?";
  const pkg = (name: string) =>
    (
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as {
        version: string;
      }
    ).version;
  const own = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
  ).version;
  return `pulumi CLI ${cli}, pulumi-language-nodejs v${language}, Node ${process.version}; pulumi-macie-member-status ${own}, @pulumi/pulumi ${pkg("@pulumi/pulumi")}, @aws-sdk/client-macie2 ${pkg("@aws-sdk/client-macie2")}`;
}

export interface RealCliPlan {
  /** Each N, and whether it also runs with default checkpointing (N² checkpoint work: hours at 10,000). */
  sizes: { n: number; checkpoints: boolean }[];
  rate: number;
  burst: number;
  /** The `--parallel` of the stacks: undefined is the CLI's default (default: the CLI's and 64). */
  parallel?: readonly (number | undefined)[];
  /** Limit to these stacks (all eight per size by default). */
  only?: (o: StackOptions) => boolean;
  /** Ours with skipped checkpoints at the default --parallel: which reads-each operations (default: both). */
  readsEach?: readonly ReadEachOperation[];
  /** Also ours with the shim by value, at default checkpoints and --parallel ("only": instead of the rest). */
  byValue?: boolean | "only";
}

/**
 * Every stack of the plan, one at a time; undefined when the CLI is not built. `stacksOnly`: without
 * the shim forms (for a caller that wants the stacks alone).
 */
export async function runRealCli(
  plan: RealCliPlan,
  command: string,
  { stacksOnly = false } = {},
): Promise<RealCliResult | undefined> {
  const bin = builtCli();
  if (!bin) return undefined;
  const started = Date.now();
  const stacks: StackResult[] = [];
  for (const { n, checkpoints } of plan.sizes) {
    for (const skipCheckpoints of checkpoints ? [false, true] : [true]) {
      for (const parallel of plan.parallel ?? [undefined, 64]) {
        for (const provider of ["trivial", "ours"] as const) {
          const options: StackOptions = {
            provider,
            n,
            skipCheckpoints,
            parallel,
            rate: plan.rate,
            burst: plan.burst,
            // Refresh at list cost beside one GetMember each (BENCHMARKS.md 6, "Refresh at list cost").
            readsEach:
              provider === "ours" && skipCheckpoints && !parallel
                ? (plan.readsEach ?? READ_EACH_OPERATIONS)
                : undefined,
          };
          if (plan.only && !plan.only(options)) continue;
          if (plan.byValue !== "only") {
            console.log(`real CLI: ${describe(options)}…`);
            stacks.push(await runStack(options, bin));
          }
          if (plan.byValue && provider === "ours" && !skipCheckpoints && !parallel) {
            console.log(`real CLI: ${describe({ ...options, byValue: true })}…`);
            stacks.push(await runStack({ ...options, byValue: true }, bin));
          }
        }
      }
    }
  }
  return {
    cli: bin,
    machine: machine(),
    versions: versions(bin),
    date: new Date().toISOString().slice(0, 10),
    command,
    seconds: Math.round((Date.now() - started) / 1000),
    rate: plan.rate,
    burst: plan.burst,
    callsPerMember: CALLS_PER_MEMBER,
    stacks,
    shimForms: stacksOnly ? [] : await shimForms(),
  };
}

/**
 * Minutes, not the full bench's hour: 200 resources, `PULUMI_SKIP_CHECKPOINTS=true` (the provider's
 * cost without the engine's N² checkpoint writes), the CLI's default --parallel; ours with the reads
 * each beside the scan. Default checkpointing, --parallel 64 and the shim by value: the full bench.
 */
export const QUICK_PLAN: RealCliPlan = {
  sizes: [{ n: 200, checkpoints: false }],
  rate: 200,
  burst: 50,
  parallel: [undefined],
};
export const FULL_PLAN: RealCliPlan = {
  sizes: [
    { n: 1000, checkpoints: true },
    { n: 10000, checkpoints: false },
  ],
  rate: 200,
  burst: 50,
  byValue: true,
};
