// `npm run bench` (`-- --quick` for a run of a few minutes; the full one takes hours): measures, in
// one run, the API calls each lifecycle operation makes against its minimum, N resources through
// one dynamic-provider host against the emulator's rate limit, and — when the CLI is built — N
// resources through the real Pulumi CLI beside the trivial provider (real-cli-stacks.ts; `--quick`:
// N = 200 with PULUMI_SKIP_CHECKPOINTS at the default --parallel only), the policy over N members
// × 2 regions (real-cli-fleet.ts; `--quick`: N = 200 only) and a policy's fleet flip in both write
// forms and through the provider plugin (real-cli-flip.ts; `--quick`: 200 × 2 regions at 200
// calls/s only). The full run writes
// BENCHMARKS.md; `--quick` writes its report to a file in the temporary directory (and prints
// where), or with `--write` to BENCHMARKS.md — a quick run's figures would otherwise replace the
// full run's.
// Every figure is a count or a ratio measured in this run, never a time compared across runs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../harness/host";
import * as prettier from "prettier";
import { apiCalls } from "./api-calls";
import { coldStart } from "./cold-start";
import { runContention, type ContentionResult } from "./contention";
import { BOUNDED_PARALLEL, render } from "./report";
import { serializeNaive } from "./naive";
import { FULL_PLAN, QUICK_PLAN, runRealCli } from "./real-cli-stacks";
import { FULL_FLEET, QUICK_FLEET, runFleet } from "./real-cli-fleet";
import { FULL_FLIPS, QUICK_FLIPS, runFlips } from "./real-cli-flip";
import { runScale, type ScaleOptions, type ScaleResult } from "./scale";

function version(pkg: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
}

interface Size {
  n: number;
  rate: number;
  burst: number;
}

interface Plan {
  sizes: Size[];
  /** The size also run at a bounded engine parallelism (`pulumi up --parallel 64`); the full bench only. */
  bounded?: Size;
  /** The size the naive provider runs at. */
  naive: Size;
  /** Members per region for the policy over two regions. */
  policy: Size;
  /** The busy windows (ms) of the convergence-under-contention rows. */
  contention: number[];
}

// The rate limits keep each run near its floor on a 2-core machine that also runs the emulator
// and the engine stand-in; the ratio to the floor is what counts, not the absolute time.
const QUICK: Plan = {
  sizes: [
    { n: 100, rate: 100, burst: 20 },
    { n: 1000, rate: 300, burst: 20 },
  ],
  naive: { n: 1000, rate: 300, burst: 20 },
  policy: { n: 500, rate: 300, burst: 20 },
  contention: [500, 2000],
};
const FULL: Plan = {
  sizes: [
    { n: 100, rate: 10, burst: 20 },
    { n: 1000, rate: 100, burst: 20 },
    { n: 10000, rate: 200, burst: 50 },
  ],
  bounded: { n: 10000, rate: 200, burst: 50 },
  naive: { n: 1000, rate: 100, burst: 20 },
  policy: { n: 10000, rate: 400, burst: 50 },
  contention: [500, 2000, 5000],
};

async function scaleRuns(plan: Plan): Promise<ScaleResult[]> {
  // Each size at the engine's default (unbounded) parallelism, twice: as it comes, and with
  // macie:requestsPerSecond at 95% of the limit, as a user who knows the quota would set it.
  const runs: ScaleOptions[] = plan.sizes.flatMap((size) => [
    { ...size, parallel: size.n },
    {
      ...size,
      parallel: size.n,
      ceiling: { ratePerSecond: Math.floor(size.rate * 0.95), burst: size.burst },
    },
  ]);
  if (plan.bounded) runs.push({ ...plan.bounded, parallel: BOUNDED_PARALLEL });
  runs.push({ ...plan.policy, parallel: 2 * plan.policy.n, policyRegions: ["us-east-1", "eu-west-1"] });
  const results: ScaleResult[] = [];
  for (const run of runs) {
    console.log(
      `scale: ${run.n}${run.policyRegions ? " × 2 regions (policy)" : ""} at ${run.rate} calls/s, parallel ${run.parallel}${run.ceiling ? ", with a ceiling" : ""}…`,
    );
    results.push(await runScale(run));
  }
  return results;
}

/** A row for the naive shape Pulumi cannot serialize: nothing of it ever runs. */
function notSerialized(size: Size, error: string): ScaleResult {
  return {
    ...size,
    parallel: size.n,
    naive: "client",
    seconds: 0,
    floorSeconds: (2 * size.n) / size.rate,
    ratioToFloor: 0,
    throttled: 0,
    getMember: 0,
    updateMemberSession: 0,
    writesApplied: 0,
    failed: size.n,
    errors: [error],
    ops: {},
    converged: false,
    hostPeakRssMb: 0,
    stateBytesPerResource: 0,
    providerBytes: 0,
    listMembers: 0,
    resources: size.n,
  };
}

async function naiveRuns(size: Size): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  const client = await serializeNaive("client");
  if ("error" in client) results.push(notSerialized(size, client.error));
  for (const naive of ["module", "require"] as const) {
    console.log(`naive (${naive}): ${size.n} at ${size.rate} calls/s…`);
    results.push(await runScale({ ...size, parallel: size.n, naive }));
  }
  return results;
}

/** Each part of the run and its seconds, printed at the end: where the time (and a --quick budget) goes. */
const parts: string[] = [];
async function timed<T>(part: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    parts.push(`${part} ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, write: { type: "boolean", default: false } },
  });
  const started = Date.now();
  const plan = values.quick ? QUICK : FULL;
  const calls = await timed("API calls", apiCalls);
  const scale = await timed("scale", () => scaleRuns(plan));
  const naive = await timed("naive", () => naiveRuns(plan.naive));
  const contention = await timed("contention", async () => {
    const results: ContentionResult[] = [];
    for (const windowMs of plan.contention) {
      console.log(`contention: busy window ${windowMs} ms…`);
      results.push(await runContention(windowMs, 20));
    }
    return results;
  });
  const cold = await timed("cold start", coldStart);
  // Through the real CLI, when tools/pulumi-cli/build.sh has built it (skipped otherwise).
  const command = `npm run bench${values.quick ? " -- --quick" : ""}`; // --write changes where, not what
  const realCli = await timed("real CLI", () => runRealCli(values.quick ? QUICK_PLAN : FULL_PLAN, command));
  if (!realCli) console.log("real CLI: not built (npm run pulumi:build), section 6 skipped");
  // The policy at fleet scale (`--quick`: 200 members × 2 regions); refresh at list cost and big
  // stacks from the single-resource stacks above with PULUMI_SKIP_CHECKPOINTS at the default --parallel.
  const fleet = await timed("fleet", () => runFleet(values.quick ? QUICK_FLEET : FULL_FLEET, command));
  // A policy's fleet flip, listed beside per-member (#24) and the provider plugin (#26): ~45 minutes;
  // `--quick`: ~45 s at 200 × 2.
  const flip = await timed("flip", () => runFlips(values.quick ? QUICK_FLIPS : FULL_FLIPS, command));
  const singles = realCli?.stacks.filter((s) => s.skipCheckpoints && !s.parallel && !s.byValue) ?? [];
  const cpu = os.cpus();
  const doc = render({
    command,
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    versions: `Node ${process.version}; pulumi-macie-member-status ${version("..")}, @pulumi/pulumi ${version("@pulumi/pulumi")}, @aws-sdk/client-macie2 ${version("@aws-sdk/client-macie2")}`,
    calls,
    scale,
    naive,
    contention,
    coldStart: cold,
    realCli,
    fleet: fleet && { ...fleet, singles: [...fleet.singles, ...singles] },
    flip,
  });
  // Through prettier, as every markdown file in the repository is. A quick run's report goes to the
  // temporary directory unless --write: its figures must not replace the full run's in BENCHMARKS.md.
  const file =
    values.quick && !values.write
      ? path.join(os.tmpdir(), `BENCHMARKS-quick-${Date.now()}.md`)
      : path.join(REPO_ROOT, "BENCHMARKS.md");
  fs.writeFileSync(file, await prettier.format(doc, { filepath: path.join(REPO_ROOT, "BENCHMARKS.md") }));
  console.log(doc);
  console.log(`report written to ${file}`);
  console.log(`took ${Math.round((Date.now() - started) / 1000)} s: ${parts.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
