// Renders BENCHMARKS.md from one run's results: every figure a count or a ratio from that run.
// Sections 1–5 here; section 6 from report-real-cli.ts and report-fleet.ts.
import { PAGE_SIZE } from "../provider/member/discover";
import type { CallRow } from "./api-calls";
import type { ColdStart } from "./cold-start";
import type { ContentionResult } from "./contention";
import type { FleetResult } from "./real-cli-fleet";
import type { FlipResult } from "./real-cli-flip";
import type { RealCliResult } from "./real-cli-stacks";
import { renderFleet } from "./report-fleet";
import { renderFlip } from "./report-flip";
import { renderRealCli } from "./report-real-cli";
import type { ScaleResult } from "./scale";
import { ratio, table } from "./table";

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
  /** The real-CLI section, when the CLI is built. */
  realCli?: RealCliResult;
  /** Its subsections on the policy at fleet scale, refresh at list cost and big stacks. */
  fleet?: FleetResult;
  /** Its subsection on a policy's fleet flip, the listed form beside the per-member one. */
  flip?: FlipResult;
}

/** The bounded engine parallelism the benchmark measures beside the default (4 × CPUs under the real CLI). */
export const BOUNDED_PARALLEL = 64;

function scaleRow(r: ScaleResult): (string | number)[] {
  const twoCallFloor = (2 * r.resources + r.listMembers) / r.rate;
  return [
    r.policyRegions ? `${r.resources} (policy: ${r.n} × ${r.policyRegions.length} regions)` : r.n,
    r.parallel >= r.resources ? `all ${r.resources} (stand-in)` : r.parallel,
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
  // The full bench only (`--quick` leaves them out): a bounded stand-in row, real-CLI stacks at --parallel 64.
  const bounded = b.scale.some((r) => r.parallel === BOUNDED_PARALLEL);
  const cliBounded = b.realCli?.stacks.some((s) => s.parallel === BOUNDED_PARALLEL) ?? false;
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

A change costs one call more than the minimum, on purpose: docs/contract.md has create/update (and delete)
read the member back until it shows the desired status, so success is never reported for a write
Macie has not applied. That read is the only call above the minimum.

## 2. Scale: N resources through one dynamic-provider host (engine stand-in)

These rows drive Pulumi's dynamic-provider host with \`harness/engine.ts\`, a stand-in for the
engine that keeps state in memory and writes no checkpoint: they measure the provider and its pacing
against the API, not the engine. Section 6 has the same work through the real CLI.
Members start Enabled and are declared PAUSED: each needs a read, a write and (ours) the verifying
read, so the floor is 3 N ÷ rate limit. The stand-in starts all N at once against the
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

Engine parallelism: the stand-in starts all N at once, the worst case for the dynamic-provider
host, whose memory grows with the requests in flight, not with the work. The real CLI does not: its
default \`--parallel\` is 4 × CPUs (\`pulumi up --help\`: 8 on 2 cores), so the host holds at most that
many.${bounded ? ` The ${BOUNDED_PARALLEL}-at-a-time row shows that ${BOUNDED_PARALLEL} calls in flight already keep the rate limit busy.` : ""}${cliBounded ? ` Section 6 compares the CLI's default with \`--parallel ${BOUNDED_PARALLEL}\`.` : ""} The policy row declares its members through \`MacieMemberStatusPolicy\` in two regions; its
time includes listing the members (ListMembers, ${PAGE_SIZE} a page) from the program, and its floor counts those
calls. The emulator has one rate limit for all regions (AWS's are per region), so the two regions'
limiters share one budget here: the harder case.
State bytes per resource is the stand-in's record (inputs and outputs), not the CLI's checkpoint
(section 6). These runs link the package, so each holds the shim by value, ~2,000 bytes, twice;
installed from npm it is stored by name, ~270 bytes (provider/program/serialized.ts).

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

Every 409 is followed by a read before the next write (docs/contract.md: a write is never repeated before the member is read back), so
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
${b.realCli ? `\n<!-- real-cli:start -->\n\n${renderRealCli(b.realCli)}\n<!-- real-cli:end -->\n` : ""}${
    b.fleet ? `\n<!-- real-cli-fleet:start -->\n\n${renderFleet(b.fleet)}\n<!-- real-cli-fleet:end -->\n` : ""
  }${b.flip ? `\n<!-- real-cli-flip:start -->\n\n${renderFlip(b.flip)}\n<!-- real-cli-flip:end -->\n` : ""}`;
}

function naiveOutcome(r: ScaleResult): string {
  if (r.naive === "client") return `Pulumi cannot serialize the client: ${r.errors[0] ?? ""}`;
  const first = (r.errors[0] ?? "").split("\n")[0] ?? "";
  return r.failed ? `${r.failed} of ${r.n} failed, e.g. "${first}"` : "all succeeded";
}
