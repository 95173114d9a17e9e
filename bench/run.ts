// `npm run bench` (`-- --quick` for a run under 2 minutes): measures, in one run, the API calls
// each lifecycle operation makes against its minimum, and N resources through one
// dynamic-provider host against the emulator's rate limit, and writes BENCHMARKS.md.
// Every figure is a count or a ratio measured in this run, never a time compared across runs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { MacieEmulator } from "../emulator/emulator";
import { REPO_ROOT } from "../engine/host";
import { macieClient } from "../provider/client";
import { systemClock } from "../provider/clock";
import { MemberStatusProvider } from "../provider/provider";
import { resolveSettings } from "../provider/settings";
import { runScale, type ScaleOptions, type ScaleResult } from "./scale";

interface CallRow {
  operation: string;
  measured: number;
  minimum: number;
  why: string;
}

/** Each lifecycle operation once, through the real SDK against the emulator, counting calls. */
async function apiCalls(): Promise<CallRow[]> {
  const emu = new MacieEmulator();
  const url = await emu.start();
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "AKIABENCHDUMMY",
    AWS_SECRET_ACCESS_KEY: "bench-dummy",
    AWS_ENDPOINT_URL_MACIE2: url,
  });
  const provider = new MemberStatusProvider({
    clientFor: (region) => macieClient(region),
    clock: systemClock,
    settings: resolveSettings({}, {}),
    env: {},
  });
  const id = "123456789012";
  const inputs = (status: string) => ({
    accountId: id,
    status,
    region: "us-east-1",
    statusOnDelete: "ENABLED",
  });
  const calls = () => emu.calls("GetMember") + emu.calls("UpdateMemberSession");
  const measure = async (run: () => Promise<unknown>) => {
    const before = calls();
    await run();
    return calls() - before;
  };
  try {
    emu.seed([{ accountId: id, relationshipStatus: "Paused" }]);
    return [
      {
        operation: "check",
        measured: await measure(() => provider.check({}, inputs("PAUSED"))),
        minimum: 0,
        why: "validation only",
      },
      {
        operation: "diff",
        measured: await measure(() => provider.diff(id, inputs("PAUSED"), inputs("ENABLED"))),
        minimum: 0,
        why: "compares state with inputs",
      },
      {
        operation: "create, already at the desired status",
        measured: await measure(() => provider.create(inputs("PAUSED"))),
        minimum: 1,
        why: "1 read",
      },
      {
        operation: "update, status change",
        measured: await measure(() => provider.update(id, inputs("PAUSED"), inputs("ENABLED"))),
        minimum: 2,
        why: "1 read + 1 write; measured adds 1 verifying read: success is only reported once Macie shows the status",
      },
      {
        operation: "refresh (read)",
        measured: await measure(() => provider.read(id, inputs("ENABLED"))),
        minimum: 1,
        why: "1 read",
      },
      {
        operation: "delete, member already at statusOnDelete",
        measured: await measure(() => provider.delete(id, inputs("ENABLED"))),
        minimum: 1,
        why: "1 read",
      },
      {
        operation: "delete, status change",
        measured: await measure(async () => {
          emu.setStatus(id, "Paused");
          await provider.delete(id, inputs("PAUSED"));
        }),
        minimum: 2,
        why: "1 read + 1 write; measured adds the verifying read",
      },
    ];
  } finally {
    await emu.stop();
  }
}

function markdownTable(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function version(pkg: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  const started = Date.now();
  const calls = await apiCalls();
  const sizes = values.quick
    ? [
        { n: 100, rate: 100, burst: 20, parallel: 100 },
        { n: 1000, rate: 500, burst: 50, parallel: 1000 },
      ]
    : [
        { n: 100, rate: 10, burst: 20, parallel: 100 },
        { n: 1000, rate: 100, burst: 20, parallel: 1000 },
        { n: 10000, rate: 500, burst: 50, parallel: 10000 },
      ];
  // Each size twice: the default (the SDK's adaptive limiter alone), and with macie:requestsPerSecond
  // set to 95% of the limit, as a user who knows the quota would.
  const plans: ScaleOptions[] = sizes.flatMap((size) => [
    size,
    { ...size, ceiling: { ratePerSecond: Math.floor(size.rate * 0.95), burst: size.burst } },
  ]);
  const scale: ScaleResult[] = [];
  for (const plan of plans) {
    console.log(
      `scale: ${plan.n} resources at ${plan.rate} calls/s${plan.ceiling ? ", with a ceiling" : ""}…`,
    );
    scale.push(await runScale(plan));
  }
  const command = `npm run bench${values.quick ? " -- --quick" : ""}`;
  const cpu = os.cpus();
  const doc = `# Benchmarks

Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)}; took ${Math.round((Date.now() - started) / 1000)} s.
Machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}.
Node ${process.version}; @pulumi/pulumi ${version("@pulumi/pulumi")}, @aws-sdk/client-macie2 ${version("@aws-sdk/client-macie2")}.
Every figure is a count or a ratio from this one run.

## API calls per lifecycle operation

Through the real AWS SDK against the local emulator.

${markdownTable(
  ["operation", "measured", "minimum", "measured / minimum", "why"],
  calls.map((r) => [
    r.operation,
    r.measured,
    r.minimum,
    r.minimum ? (r.measured / r.minimum).toFixed(2) : r.measured === 0 ? "=" : "∞",
    r.why,
  ]),
)}

## Scale: N resources through one dynamic-provider host

Members start Enabled and are declared PAUSED, so each needs 1 read, 1 write and 1 verifying read:
floor = 3 N ÷ rate limit. All resources are started at once (engine parallelism N) against the
emulator's token-bucket rate limit; the provider's shared limiter paces them: the SDK's adaptive
limiter alone by default, behind the configured ceiling when \`macie:requestsPerSecond\` is set.

Rows with a ceiling set \`macie:requestsPerSecond\` to 95% of the limit, with the limit's burst.
Once anything is throttled, the SDK's adaptive limiter takes over and climbs back along its cubic
curve, which is where the time above the floor goes (issue 6 goes on from here).

${markdownTable(
  [
    "N",
    "rate limit (calls/s, burst)",
    "macie:requestsPerSecond",
    "wall / floor",
    "goal",
    "429s",
    "GetMember",
    "UpdateMemberSession",
    "failed",
    "host peak RSS",
    "state bytes / resource",
  ],
  scale.map((r) => [
    r.n,
    `${r.rate}, ${r.burst}`,
    r.ceiling ? String(r.ceiling.ratePerSecond) : "unset (adaptive only)",
    `${r.seconds} s / ${r.floorSeconds} s = **${r.ratioToFloor}**`,
    r.n >= 1000 ? "≤ 1.3" : "-",
    r.throttled,
    r.getMember,
    r.updateMemberSession,
    r.failed,
    `${r.hostPeakRssMb} MB${r.n >= 10000 ? " (goal < 300 MB)" : ""}`,
    r.stateBytesPerResource,
  ]),
)}

State bytes per resource is the engine-side record (inputs and outputs, each with the ~2,000-byte
\`__provider\` shim, which Pulumi stores per resource and twice).

Not measured yet (issue 6): convergence under busy windows, the naive-provider baseline, cold
start, and the real CLI at scale.
`;
  fs.writeFileSync(path.join(REPO_ROOT, "BENCHMARKS.md"), doc);
  console.log(doc);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
