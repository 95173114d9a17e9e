// Renders BENCHMARKS.md from one run's results: every figure a count or a ratio from that run.
import type { CallRow } from "./api-calls";
import type { ColdStart } from "./cold-start";
import type { ContentionResult } from "./contention";
import type { ScaleResult } from "./scale";

export interface BenchResults {
  command: string;
  date: string;
  seconds: number;
  machine: string;
  versions: string;
  calls: CallRow[];
  scale: ScaleResult[];
  naive: ScaleResult[];
  contention: ContentionResult[];
  coldStart: ColdStart[];
}

function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** The bounded engine parallelism the benchmark measures and the README recommends. */
export const BOUNDED_PARALLEL = 64;
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : a === 0 ? "=" : "∞");

function scaleRow(r: ScaleResult): (string | number)[] {
  const twoCallFloor = (2 * r.resources + r.listMembers) / r.rate;
  return [
    r.policyRegions ? `${r.resources} (policy: ${r.n} × ${r.policyRegions.length} regions)` : r.n,
    r.parallel >= r.resources ? "unbounded" : r.parallel,
    `${r.rate}, ${r.burst}`,
    r.ceiling ? String(r.ceiling.ratePerSecond) : "unset",
    `${r.seconds} s / ${r.floorSeconds} s = **${r.ratioToFloor}**`,
    r.resources >= 1000 ? "≤ 1.3" : "-",
    ratio(r.seconds, twoCallFloor),
    r.throttled,
    `${r.listMembers ? `${r.listMembers} / ` : ""}${r.getMember} / ${r.updateMemberSession}`,
    r.failed,
    r.converged ? "yes" : "**no**",
    `${r.hostPeakRssMb} MB${r.resources >= 10000 ? " (goal < 300)" : ""}`,
    r.stateBytesPerResource,
  ];
}

export function render(b: BenchResults): string {
  const ours = b.scale.filter((r) => !r.ceiling && !r.policyRegions && r.parallel >= r.n);
  return `# Benchmarks

Written by \`${b.command}\` on ${b.date}; took ${b.seconds} s.
Machine: ${b.machine}.
${b.versions}.
Every figure is a count or a ratio from this one run. The emulator, the dynamic-provider host and the
engine stand-in share the machine.

## 1. API calls per lifecycle operation

Through the real AWS SDK against the local emulator. Goal: measured = minimum.

${table(
  ["operation", "measured", "minimum", "measured / minimum", "why"],
  b.calls.map((r) => [r.operation, r.measured, r.minimum, ratio(r.measured, r.minimum), r.why]),
)}

A change costs one call more than the minimum, on purpose: DESIGN.md has create/update (and delete)
read the member back until it shows the desired status, so success is never reported for a write
Macie has not applied. That read is the only call above the minimum.

## 2. Scale: N resources through one dynamic-provider host

Members start Enabled and are declared PAUSED: each needs a read, a write and (ours) the verifying
read, so the floor is 3 N ÷ rate limit. All N are started at once (engine parallelism N) against the
emulator's token-bucket limit. The provider paces them with its shared adaptive limiter (\`rate-limit.ts\`:
90% of the rate Macie accepted over the last half second after a 429, then probing up); rows with
\`macie:requestsPerSecond\` set put a fixed ceiling at 95% of the limit in front of it.

${table(
  [
    "N",
    "engine parallelism",
    "limit (calls/s, burst)",
    "macie:requestsPerSecond",
    "wall / floor (3 calls)",
    "goal",
    "wall / floor of 2 calls",
    "429s",
    "(ListMembers /) GetMember / UpdateMemberSession",
    "failed",
    "all converged",
    "host peak RSS",
    "state bytes / resource",
  ],
  b.scale.map(scaleRow),
)}

429s are retried by the provider (read back first for writes); GetMember above 2 N is those retries.

Engine parallelism: \`pulumi up\` starts every ready resource at once by default (\`--parallel\` is
unbounded), so the dynamic-provider host holds all N requests in flight; its memory grows with them,
not with the work. With \`--parallel ${BOUNDED_PARALLEL}\` the host stays small and the run is no slower: ${BOUNDED_PARALLEL}
calls in flight already keep the rate limit busy. For 10,000 members, run \`pulumi up --parallel ${BOUNDED_PARALLEL}\`
(README). The policy row declares its members through \`MacieMemberStatusPolicy\` in two regions; its
time includes listing the members (ListMembers, 50 a page) from the program, and its floor counts those
calls. The emulator has one rate limit for all regions (AWS's are per region), so the two regions'
limiters share one budget here: the harder case.
State bytes per resource is the engine-side record (inputs and outputs, each with the ~2,000-byte
\`__provider\` shim, which Pulumi stores per resource, twice).

## 3. Convergence under contention

Every member is changed by hand (the emulator then answers writes with 409 for the busy window), and
the provider is asked at once to put them back, ${b.contention[0]?.members ?? 0} members in parallel.
Time to converge is until the last member shows the desired status.

${table(
  [
    "busy window",
    "time to converge",
    "÷ window",
    "writes sent",
    "answered 409",
    "writes applied",
    "reads",
    "failed",
  ],
  b.contention.map((c) => [
    `${c.windowMs / 1000} s`,
    `${c.seconds} s`,
    `**${c.ratioToWindow}**`,
    c.writes,
    c.conflicts,
    `${c.writesApplied} (1 per member)`,
    c.reads,
    c.failed,
  ]),
)}

Every 409 is followed by a read before the next write (DESIGN.md: never guess after a failure), so
exactly one write per member lands. The time past the window is the retry policy's full-jitter
backoff: when the window ends a member is on average half a backoff interval from its next try, and
the slowest of ${b.contention[0]?.members ?? 0} members sets the time. Only a Macie signal saying when the
change is done (there is none) or a shorter backoff cap (which costs more 409s) would close it.

## 4. Baseline: a naive dynamic provider, same run

\`bench/naive.ts\`: the provider most people write first — the SDK's default retries (3 attempts, no
read back), no limiter shared across resources, the same read-then-write. It comes in three shapes;
only the third runs at all.

${table(
  [
    "provider",
    "N",
    "limit",
    "`__provider` bytes",
    "wall",
    "429s",
    "failed",
    "all converged",
    "host peak RSS",
    "what happens",
  ],
  [
    ...ours
      .filter((r) => b.naive.some((n) => n.n === r.n && n.rate === r.rate))
      .map((r) => [
        "**ours** (adaptive limiter)",
        r.n,
        r.rate,
        r.providerBytes,
        `${r.seconds} s`,
        r.throttled,
        r.failed,
        r.converged ? "yes" : "no",
        `${r.hostPeakRssMb} MB`,
        "paced to the limit; every member converged",
      ]),
    ...b.naive.map((r) => [
      `naive, ${r.naive ?? ""}`,
      r.n,
      r.rate,
      r.providerBytes || "does not serialize",
      `${r.seconds} s`,
      r.throttled,
      r.failed,
      r.converged ? "yes" : "no",
      `${r.hostPeakRssMb} MB`,
      naiveOutcome(r),
    ]),
  ],
)}

## 5. Cold start

The host loads the provider from \`__provider\` on the first resource. Ours requires this package and
the AWS SDK by name there (and makes one GetMember); the trivial provider does no work at all.

${table(
  ["provider", "`__provider` bytes", "first resource", "second resource", "first ÷ trivial first"],
  b.coldStart.map((c) => [
    c.provider,
    c.providerBytes,
    `${c.firstMs} ms`,
    `${c.warmMs} ms`,
    ratio(c.firstMs, b.coldStart.find((t) => t.provider === "trivial")?.firstMs ?? 0),
  ]),
)}
`;
}

function naiveOutcome(r: ScaleResult): string {
  if (r.naive === "client") return `Pulumi cannot serialize the client: ${r.errors[0] ?? ""}`;
  const first = (r.errors[0] ?? "").split("\n")[0] ?? "";
  return r.failed ? `${r.failed} of ${r.n} failed, e.g. "${first}"` : "all succeeded";
}
