// N resources through one dynamic-provider host, all declared PAUSED over members that are
// Enabled, against the emulator with a rate limit. Prints wall time against the floor (minimum
// calls ÷ rate), 429s, calls and failures as one JSON line.
//
//   node dist/bench/scale.js --n 500 --rate 100 --burst 20 --parallel 500 [--package DIR]
//
// --package points the host at another build of this package (e.g. an older commit) to compare.
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { MacieEmulator } from "../emulator/emulator";
import { MiniEngine } from "../harness/engine";
import { DynamicProviderHost, REPO_ROOT } from "../harness/host";
import { declare, programDirectory, providerBytes } from "../harness/program";
import { MacieMemberStatus, MacieMemberStatusPolicy } from "../provider";
import { declareNaive, type NaiveShape } from "./naive";
import { BENCH_CREDENTIALS, BENCH_IDENTITY } from "./in-process";

export interface ScaleOptions {
  n: number;
  rate: number;
  burst: number;
  parallel: number;
  /** The package build the host loads (default: this checkout). */
  packageDir?: string;
  /** A configured ceiling (macie:requestsPerSecond / requestBurst) for the provider, if any. */
  ceiling?: { ratePerSecond: number; burst: number };
  /**
   * Declare the members through MacieMemberStatusPolicy over these regions (n members in each)
   * instead of one MacieMemberStatus each; the wall time then includes the listing.
   */
  policyRegions?: string[];
  /** The baseline provider of naive.ts, in the given shape, instead of ours. */
  naive?: NaiveShape;
}

export interface ScaleResult extends ScaleOptions {
  seconds: number;
  floorSeconds: number;
  ratioToFloor: number;
  throttled: number;
  getMember: number;
  updateMemberSession: number;
  writesApplied: number;
  failed: number;
  /** The first few failures' messages. */
  errors: string[];
  /** Steps by operation, e.g. {"create": 1000}. */
  ops: Record<string, number>;
  /** Every member ended PAUSED, as declared. */
  converged: boolean;
  hostPeakRssMb: number;
  stateBytesPerResource: number;
  /** The serialized `__provider`, in bytes. */
  providerBytes: number;
  /** ListMembers calls (the policy's discovery). */
  listMembers: number;
  resources: number;
}

/** The host's peak resident memory, from /proc (Linux). */
function peakRssMb(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmHWM:\s+([0-9]+) kB/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { n, rate } = options;
  const emu = new MacieEmulator({ rateLimit: { ratePerSecond: rate, burst: options.burst } });
  const url = await emu.start();
  const accounts = Array.from({ length: n }, (_, i) => String(700000000000 + i));
  const regions = options.policyRegions ?? ["us-east-1"];
  emu.seed(
    regions.flatMap((region) =>
      accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region })),
    ),
  );
  // The naive provider requires the SDK by name from the program's node_modules, as a user's would.
  const dir = programDirectory(
    options.packageDir ?? REPO_ROOT,
    options.naive ? ["@aws-sdk/client-macie2"] : [],
  );
  const aws = {
    ...BENCH_CREDENTIALS,
    AWS_ENDPOINT_URL_MACIE2: url,
    // The emulator answers STS too: the region resource asks who the caller is before it records
    // the administrator; without this the host would look for sts.<region>.amazonaws.com.
    AWS_ENDPOINT_URL_STS: url,
  };
  const host = await DynamicProviderHost.start({
    cwd: dir.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...aws },
  });
  try {
    const ceiling = options.ceiling;
    await host.configure(
      ceiling
        ? {
            "macie:requestsPerSecond": String(ceiling.ratePerSecond),
            "macie:requestBurst": String(ceiling.burst),
          }
        : {},
    );
    const t0 = Date.now();
    const declared = await declare(
      options.naive
        ? () => declareNaive(accounts, "PAUSED", options.naive ?? "require")
        : options.policyRegions
          ? () => new MacieMemberStatusPolicy("org", { regions, defaultStatus: "PAUSED" }).ready
          : () =>
              accounts.forEach(
                (accountId) =>
                  new MacieMemberStatus(`m-${accountId}`, {
                    accountId,
                    status: "PAUSED",
                    region: "us-east-1",
                  }),
              ),
      // The policy lists members from the program, as `pulumi up` runs it: same endpoint and keys.
      {
        project: "bench",
        stack: "scale",
        env: { AWS_ENDPOINT_URL_MACIE2: url },
        runtime: { credentials: BENCH_IDENTITY },
      },
    );
    // Only the policy's listing is part of the run; declaring N resources by hand is not timed.
    const t1 = options.policyRegions ? t0 : Date.now();
    const engine = new MiniEngine(host, options.parallel);
    const steps = await engine.up(declared);
    const seconds = (Date.now() - t1) / 1000;
    const c = emu.counts;
    // Ours: read, write, verifying read (the naive one skips it), plus the policy's listing.
    const resources = n * regions.length;
    const floorSeconds = Number(
      (((options.naive ? 2 : 3) * resources + c.operations.ListMembers.calls) / rate).toFixed(1),
    );
    const stateBytes = [...engine.state.values()].reduce((sum, s) => sum + JSON.stringify(s).length, 0);
    return {
      ...options,
      packageDir: undefined,
      seconds: Number(seconds.toFixed(1)),
      floorSeconds,
      ratioToFloor: Number((seconds / floorSeconds).toFixed(2)),
      throttled: c.throttled,
      getMember: c.operations.GetMember.calls,
      updateMemberSession: c.operations.UpdateMemberSession.calls,
      writesApplied: c.writesApplied,
      failed: steps.filter((s) => s.error).length,
      errors: steps.flatMap((s) => (s.error ? [s.error] : [])).slice(0, 3),
      ops: steps.reduce<Record<string, number>>((ops, s) => ({ ...ops, [s.op]: (ops[s.op] ?? 0) + 1 }), {}),
      converged: regions.every((r) => Object.values(emu.statuses(r)).every((status) => status === "Paused")),
      hostPeakRssMb: peakRssMb(host.pid),
      stateBytesPerResource: Math.round(stateBytes / Math.max(1, engine.state.size)),
      providerBytes: providerBytes(declared[0]),
      listMembers: c.operations.ListMembers.calls,
      resources,
    };
  } finally {
    await host.stop();
    dir.remove();
    await emu.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "500" },
      rate: { type: "string", default: "100" },
      burst: { type: "string", default: "20" },
      parallel: { type: "string", default: "500" },
      package: { type: "string", default: REPO_ROOT },
      ceiling: { type: "string" },
      naive: { type: "string" },
      regions: { type: "string" },
    },
  });
  const ceiling = values.ceiling ? Number(values.ceiling) : undefined;
  const result = await runScale({
    n: Number(values.n),
    rate: Number(values.rate),
    burst: Number(values.burst),
    parallel: Number(values.parallel),
    packageDir: values.package,
    ceiling: ceiling ? { ratePerSecond: ceiling, burst: Number(values.burst) } : undefined,
    naive: values.naive as NaiveShape | undefined,
    policyRegions: values.regions?.split(","),
  });
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
