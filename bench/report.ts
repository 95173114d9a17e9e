// Renders BENCHMARKS.md from one run's results: every figure a count or a ratio from that run.
import { PAGE_SIZE } from "../provider/member/discover";
import { GET_MEMBER_READS } from "../provider/lifecycle/member-scan";
import type { CallRow } from "./api-calls";
import type { ColdStart } from "./cold-start";
import type { ContentionResult } from "./contention";
import type { ScaleResult } from "./scale";
import type { MacieCalls, Operation, OperationResult, RealCliResult, StackResult } from "./real-cli-stacks";
import type { FleetResult, PolicyOperationResult, PolicyResult } from "./real-cli-fleet";
import { count, mb, ratio, seconds, table, times, yes } from "./table";

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
many. The ${BOUNDED_PARALLEL}-at-a-time row shows that ${BOUNDED_PARALLEL} calls in flight already keep the rate limit busy;
section 6 compares the CLI's default with \`--parallel ${BOUNDED_PARALLEL}\`. The policy row declares its members through \`MacieMemberStatusPolicy\` in two regions; its
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
  }`;
}

function stackLabel(r: StackResult): [string, string] {
  return [
    r.skipCheckpoints ? "`PULUMI_SKIP_CHECKPOINTS=true`" : "default",
    r.parallel ? String(r.parallel) : "default (8)",
  ];
}

function cpuOfUp(s: StackResult): string {
  const cpu = s.operations.find((o) => o.operation === "up")?.cpuSeconds;
  return cpu ? `${cpu.cli} / ${cpu.language} / ${cpu.provider}` : "–";
}

/** The section on the real CLI: wall times against the engine's own and the API floor; state; memory. */
export function renderRealCli(r: RealCliResult): string {
  const sizes = [...new Set(r.stacks.map((s) => s.n))];
  const OPERATIONS = Object.keys(r.callsPerMember) as Operation[];
  const floor = (n: number, op: Operation, rate: number) => (r.callsPerMember[op] * n) / rate;
  const order = (s: StackResult) =>
    [s.skipCheckpoints ? 1 : 0, s.parallel ?? 0, s.provider === "trivial" ? 0 : s.byValue ? 2 : 1].join(".");
  const perSize = sizes.map((n) => {
    const stacks = r.stacks
      .filter((s) => s.n === n)
      .sort((a, b) => order(a).localeCompare(order(b), "en", { numeric: true }));
    const baseline = (s: StackResult) =>
      stacks.find(
        (t) =>
          t.provider === "trivial" && t.skipCheckpoints === s.skipCheckpoints && t.parallel === s.parallel,
      );
    const floorLine = (rate: number) =>
      OPERATIONS.map((op) => `${op} ${seconds(floor(n, op, rate))}`).join(", ");
    const wall = table(
      [
        "checkpoints",
        "--parallel",
        "provider",
        ...OPERATIONS,
        "state bytes / resource",
        "`__provider` bytes",
      ],
      stacks.map((s) => {
        const base = baseline(s);
        return [
          ...stackLabel(s),
          s.provider === "trivial"
            ? "trivial (the engine's own cost)"
            : s.byValue
              ? "ours, shim by value (a linked install; 0.1's state)"
              : "**ours**",
          ...OPERATIONS.map((op) => {
            const mine = s.operations.find((o) => o.operation === op)?.seconds ?? 0;
            if (s.provider === "trivial") return seconds(mine);
            const engine = base?.operations.find((o) => o.operation === op)?.seconds ?? 0;
            const api = floor(n, op, r.rate);
            return `${seconds(mine)}: **${times(mine, engine)}** engine${api > 0 ? `, ${times(mine, api)} floor` : ""}`;
          }),
          s.stateBytesPerResource,
          s.providerBytes,
        ];
      }),
    );
    const memory = table(
      [
        "checkpoints",
        "--parallel",
        "provider",
        "CLI",
        "language host",
        "provider host",
        "CPU s of up: CLI / language host / provider host",
        "writes applied (up / destroy)",
        "all converged",
        "429s",
      ],
      stacks.map((s) => {
        const peak = (role: "cli" | "language" | "provider") =>
          Math.max(...s.operations.map((o) => o.peakMb[role]));
        return [
          ...stackLabel(s),
          s.byValue ? "ours, by value" : s.provider,
          `${peak("cli")} MB`,
          `${peak("language")} MB`,
          `${peak("provider")} MB`,
          cpuOfUp(s),
          s.provider === "ours" ? `${s.writesApplied.up} / ${s.writesApplied.destroy}` : "–",
          s.provider === "ours" ? (s.converged ? "yes" : "**no**") : "–",
          s.throttled,
        ];
      }),
    );
    return `### N = ${n.toLocaleString("en-US")}

API floor (Macie calls ÷ rate; up and destroy change every member: read, write, verifying read): at ${r.rate} calls/s ${floorLine(r.rate)}; at 20 calls/s ${floorLine(20)}.

Wall time; for ours, ÷ the trivial provider in the same configuration ("engine") and ÷ the API floor at ${r.rate} calls/s ("floor"):

${wall}

Peak resident memory (VmHWM of each process, sampled every 100 ms; the highest of the five operations; the language host is pulumi-language-nodejs and the Node program together), and the CPU time each took in \`up\` (the machine has nproc cores for all of them, the emulator and the bench):

${memory}`;
  });
  const stored = table(
    [
      "provider",
      "record",
      "`__provider` (inputs + outputs)",
      "other inputs",
      "other outputs",
      "sourcePosition + stackTrace",
      "the rest (urn, type, id, parent, provider, dependencies, times)",
    ],
    r.records.map(({ provider, record }) => [
      provider === "ours" ? "**ours**" : provider,
      record.total,
      record.provider,
      record.inputs,
      record.outputs,
      record.sourcePositions,
      record.other,
    ]),
  );
  const forms = table(
    ["how the shim is written", "`__provider` bytes", "works"],
    r.shimForms.map((f) => [f.form, f.bytes, f.works]),
  );
  return `## 6. Through the real Pulumi CLI

Written by \`${r.command}\` on ${r.date}; took ${r.seconds} s.
Machine: ${r.machine}.
${r.versions}; the CLI built by \`tools/pulumi-cli/build.sh\`.

N single \`MacieMemberStatus\` resources declared PAUSED over members seeded Enabled, through the real
CLI on a DIY file backend, against the emulator in the bench process at ${r.rate} calls/s (burst ${r.burst}).
Each configuration is a fresh stack: \`up\`, a no-op \`up\`, \`refresh\`, the drift check
\`preview --refresh --expect-no-changes\` and \`destroy\` (\`--skip-preview\` where it applies). Beside each,
the same N through a trivial dynamic provider installed as a package, in the same run: its
\`__provider\` is a \`require\` of it, the smallest there is, and it echoes its inputs and calls
nothing — the engine's own cost, which ours is measured against. Both programs are installed as
\`npm install\` leaves them, so Pulumi stores our shim by name (provider/program/serialized.ts). The default
\`--parallel\` is the CLI's, 4 × CPUs. Other test runs may share the machine: compare within one
configuration (same checkpointing and \`--parallel\`), and read the CPU seconds, which load moves less than
wall time.

${perSize.join("\n\n")}

### What each resource stores

One resource's record in the checkpoint after \`up\`, in JSON bytes (a three-resource stack each):

${stored}

The outputs repeat the inputs (\`accountId\`, \`status\`, \`region\`, \`statusOnDelete\`: about 100 bytes), which
docs/contract.md makes outputs; the dynamic-provider host adds \`__provider\` to the outputs itself. The
engine's source positions come from the program's call stack, for any resource.

What Pulumi's closure serializer makes of the ways to write the shim (\`node dist/bench/shim-forms.js\`):

${forms}

Every function costs about 170 bytes of the serializer's own wrapping (\`with\` scope, \`apply\`), and the
host needs seven (configure, check, diff, create, read, update, delete), so no hand-written form gets far
below 2,000 bytes; only a module captured as it is is stored as a \`require\` by name.
`;
}

function naiveOutcome(r: ScaleResult): string {
  if (r.naive === "client") return `Pulumi cannot serialize the client: ${r.errors[0] ?? ""}`;
  const first = (r.errors[0] ?? "").split("\n")[0] ?? "";
  return r.failed ? `${r.failed} of ${r.n} failed, e.g. "${first}"` : "all succeeded";
}

// ---- the policy at fleet scale, refresh at list cost, 10,000 single resources (real-cli-policy.ts) ----

/** "ListMembers / GetMember / UpdateMemberSession (429s)". */
function callsCell(c: MacieCalls): string {
  return `${count(c.ListMembers)} / ${count(c.GetMember)} / ${count(c.UpdateMemberSession)}${c.throttled ? ` (${count(c.throttled)} × 429)` : ""}`;
}

const totalCalls = (c: MacieCalls) => c.ListMembers + c.GetMember + c.UpdateMemberSession;

/** The goal an operation of the policy is held to (issues #13, #14), and whether it met it. */
function policyGoal(p: PolicyResult, o: PolicyOperationResult): string {
  const floor = o.floorCalls / o.rate;
  switch (o.operation) {
    case "up":
      return `≤ 1.3× floor: ${yes(o.seconds <= 1.3 * floor)}`;
    case "no-op up":
      return `≤ 30 s: ${yes(o.seconds <= 30)}`;
    case "drift check":
      return `≤ 60 s at ${p.rate}/s: ${yes(o.seconds <= 60)}`;
    case "drift preview, slow rate":
    case "drift check, drifted, slow rate":
      return `≤ 60 s at ${o.rate}/s: ${yes(o.seconds <= 60)}`;
    case "up converging the drift":
      return `calls = listing + 3 per drifted member: ${yes(totalCalls(o.calls) - o.calls.throttled === o.floorCalls)}`;
    default:
      return "–";
  }
}

function policySubsection(p: PolicyResult): string {
  const rows = p.operations.map((o) => {
    const floor = o.floorCalls / o.rate;
    const engine = p.engineSeconds[o.operation];
    return [
      `${o.operation}${o.what ? ` (${o.what})` : ""}`,
      `\`${o.command}\``,
      `${o.exitCode}${o.exitAsExpected ? "" : " **unexpected**"}`,
      o.rate,
      seconds(o.seconds),
      callsCell(o.calls),
      `${count(o.floorCalls)} calls = ${seconds(floor)}`,
      `**${times(o.seconds, floor)}**`,
      seconds(engine),
      times(Math.max(0, o.seconds - engine), floor),
      policyGoal(p, o),
      `${o.peakMb.cli} / ${o.peakMb.language} / ${o.peakMb.provider}`,
      `${o.cpuSeconds.cli} / ${o.cpuSeconds.language} / ${o.cpuSeconds.provider}`,
    ];
  });
  const peak = (role: "cli" | "language" | "provider") =>
    Math.max(...p.operations.map((o) => o.peakMb[role]));
  const heaviest = peak("cli") + peak("language") + peak("provider");
  return `### The policy at fleet scale: ${count(p.n)} members × ${p.regions.length} regions, Pulumi's defaults

\`MacieMemberStatusPolicy("org", { regions: ${JSON.stringify(p.regions)}, defaultStatus: "PAUSED" })\` over ${count(p.n)} members seeded Enabled in each region (${count(p.n * p.regions.length)} in all); one stack, the operations in this order. Emulator rate limit ${p.rate} calls/s (burst ${p.burst}); the two "slow rate" rows at ${p.slowRate} calls/s (burst ${p.slowBurst}). Floor: the Macie calls the operation needs at the least ÷ the rate (listing: ⌈N/${PAGE_SIZE}⌉ ListMembers per region; a change: GetMember, UpdateMemberSession and the verifying GetMember). Calls are what the emulator received, 429s included. "Engine alone": the same command on a stack of two trivial resources (no Macie call) in the same run, the engine's own cost of a command (start, program, plugins, checkpoint), which no provider goes below.

${table(
  [
    "operation",
    "command",
    "exit",
    "calls/s",
    "wall",
    "ListMembers / GetMember / UpdateMemberSession",
    "floor",
    "wall ÷ floor",
    "engine alone",
    "(wall − engine) ÷ floor",
    "goal",
    "peak RSS MB: CLI / language host / provider host",
    "CPU s: CLI / language host / provider host",
  ],
  rows,
)}

Checkpoint file: ${count(p.stateBytes.up)} bytes after \`up\`, ${count(p.stateBytes.noOpUp)} after the no-op \`up\` (${p.resources} resources: the stack, the policy, one per region). Peak RSS over all operations: CLI ${mb(peak("cli"))}, language host ${mb(peak("language"))}, provider host ${mb(peak("provider"))} (goal < 1 GB each: ${yes(Math.max(peak("cli"), peak("language"), peak("provider")) < 1024)}; the three peaks added: ${mb(heaviest)}). Every member Paused after \`up\`: ${yes(p.checks.pausedAfterUp)}; the previews wrote nothing and left the drifted members Enabled: ${yes(p.checks.previewsWroteNothing)}; every member Paused after the converging \`up\`: ${yes(p.checks.pausedAfterConverge)}; every member Enabled after \`destroy\`: ${yes(p.checks.enabledAfterDestroy)}.`;
}

/** The calls of a refresh served by the scan at the least: 20 GetMember, then ⌈N / page⌉ ListMembers. */
function scanFloor(n: number): number {
  return Math.min(n, GET_MEMBER_READS) + (n > GET_MEMBER_READS ? Math.ceil(n / PAGE_SIZE) : 0);
}

/** Calls a single-resource operation needs at the least, for ours with the scan (20 GetMembers, then one listing). */
function singlesFloorCalls(op: OperationResult["operation"], n: number): number {
  switch (op) {
    case "up":
    case "destroy":
      return 3 * n;
    case "no-op up":
      return 0;
    case "refresh":
    case "drift check":
      return scanFloor(n);
    case "refresh, GetMember each":
    case "drift check, GetMember each":
      return n;
  }
}

function refreshSubsection(stacks: StackResult[], rate: number): string {
  const rows = stacks.flatMap((s) => {
    const op = (name: OperationResult["operation"]) => s.operations.find((o) => o.operation === name);
    return (["refresh", "drift check"] as const).flatMap((name) => {
      const scan = op(name);
      const each = op(`${name}, GetMember each`);
      if (!scan) return [];
      const row = (o: OperationResult, label: string, beside?: OperationResult) => [
        count(s.n),
        `${name === "refresh" ? "`pulumi refresh`" : "`preview --refresh --expect-no-changes`"}, ${label}`,
        callsCell(o.calls),
        count(totalCalls(o.calls)),
        beside ? `**${times(totalCalls(o.calls), totalCalls(beside.calls))}**` : o === scan ? "–" : "1",
        // #14's goal was ≤ 250 at 50 a page; at the model's 25 a page the scan's own floor is 420.
        s.n >= 10000 ? `≤ ${scanFloor(s.n)}: ${yes(totalCalls(o.calls) <= scanFloor(s.n))}` : "–",
        seconds(o.seconds),
        beside ? `**${times(o.seconds, beside.seconds)}**` : o === scan ? "–" : "1",
        `${o.peakMb.provider} MB`,
      ];
      return [
        row(scan, "scan (default, readSnapshotSeconds 60)", each),
        ...(each ? [row(each, "GetMember each (0)")] : []),
      ];
    });
  });
  return `### Refresh at list cost: N single resources

The \`ours\` stacks of the next subsection (PULUMI_SKIP_CHECKPOINTS=true, default --parallel, rate ${rate} calls/s): \`refresh\` and the drift check with the default \`macie:readSnapshotSeconds\` (the first 20 reads GetMember, then one shared ListMembers scan per region), then again with \`MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS=0\` in the CLI's environment (one GetMember per resource), on the same stack in the same run. (Not \`pulumi config set macie:readSnapshotSeconds 0\`: \`refresh\` and \`preview --refresh\` configure the provider with the config the last \`up\` recorded in the state's default provider, so the new value reaches them only after an \`up\`; until then they read with the scan.)

${table(
  [
    "N",
    "operation, reads",
    "ListMembers / GetMember / UpdateMemberSession",
    "Macie calls",
    "calls ÷ GetMember each",
    "goal (#14)",
    "wall",
    "wall ÷ GetMember each",
    "provider host peak RSS",
  ],
  rows,
)}`;
}

function singlesSubsection(n: number, stacks: StackResult[], rate: number): string {
  const ours = stacks.find((s) => s.provider === "ours");
  const trivial = stacks.find((s) => s.provider === "trivial");
  if (!ours || !trivial) return "";
  const parallel = ours.parallel ? `\`--parallel ${ours.parallel}\`` : "default --parallel";
  const rows = ours.operations.map((o) => {
    const engineOp = o.operation.replace(", GetMember each", "") as Operation;
    const engine = trivial.operations.find((t) => t.operation === engineOp);
    const floor = singlesFloorCalls(o.operation, n) / rate;
    return [
      o.operation,
      engine ? seconds(engine.seconds) : "–",
      seconds(o.seconds),
      engine ? `**${times(o.seconds, engine.seconds)}**` : "–",
      `${count(singlesFloorCalls(o.operation, n))} calls = ${seconds(floor)}`,
      engine && floor > 0 ? times(engine.seconds, floor) : "–",
      floor > 0 ? `**${times(o.seconds, floor)}**` : "–",
      callsCell(o.calls),
      `${o.peakMb.cli} / ${o.peakMb.language} / ${o.peakMb.provider}`,
      engine ? `${engine.peakMb.cli} / ${engine.peakMb.language} / ${engine.peakMb.provider}` : "–",
    ];
  });
  const stateKb = (s: StackResult) => count(Math.round((s.stateBytesPerResource * n) / 1024));
  return `### ${count(n)} single resources, \`PULUMI_SKIP_CHECKPOINTS=true\` (big-stack mode), ${parallel}

N single \`MacieMemberStatus\` resources declared PAUSED over members seeded Enabled (one region), ${parallel}, every operation with \`PULUMI_SKIP_CHECKPOINTS=true\`, rate ${rate} calls/s; beside the trivial provider (the engine's own cost, as in the tables above) on a stack of its own in the same run. Floor: calls needed ÷ rate (up, destroy: 3 per member; refresh and the drift check: 20 GetMember + ⌈N/${PAGE_SIZE}⌉ ListMembers, the scan's own minimum). The GetMember-each rows ran with \`MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS=0\`; their engine column is the trivial provider's refresh / drift check.

${table(
  [
    "operation",
    "trivial (engine)",
    "ours",
    "ours ÷ engine",
    "floor",
    "engine ÷ floor",
    "ours ÷ floor",
    "ours: ListMembers / GetMember / UpdateMemberSession",
    "ours peak RSS MB: CLI / language / provider",
    "trivial peak RSS MB",
  ],
  rows,
)}

Checkpoint after \`up\`: ours ${stateKb(ours)} KB (${ours.stateBytesPerResource} bytes a resource), trivial ${stateKb(trivial)} KB. Writes applied (up / destroy): ${ours.writesApplied.up} / ${ours.writesApplied.destroy}; every member converged: ${yes(ours.converged)}. CPU s of \`up\`, CLI / language host / provider host: ours ${cpuOfUp(ours)}, trivial ${cpuOfUp(trivial)}.`;
}

/** The subsections of section 6 from real-cli-policy.ts: the policy at fleet scale, refresh at list cost, big stacks. */
export function renderFleet(r: FleetResult): string {
  const rate = r.policy[0]?.rate ?? r.singles[0]?.rate ?? 0;
  const sizes = [...new Set(r.singles.map((s) => s.n))].sort((a, b) => a - b);
  const withReads = r.singles
    .filter((s) => s.provider === "ours" && s.readsEach?.length)
    .sort((a, b) => a.n - b.n);
  return `### Fleet scale and big stacks (\`bench/real-cli-policy.ts\`)

Written by \`${r.command}\` on ${r.date}; took ${r.seconds} s.
Machine: ${r.machine}.
${r.versions}; the CLI built by \`tools/pulumi-cli/build.sh\`; the package built (\`npm run build\`) from commit(s) ${r.commit}. Every stack is fresh (its own temporary directory, file backend and emulator); one ran at a time.

${[
  ...r.policy.map(policySubsection),
  ...(withReads.length ? [refreshSubsection(withReads, rate)] : []),
  ...sizes.flatMap((n) =>
    [...new Set(r.singles.filter((s) => s.n === n).map((s) => s.parallel ?? 0))]
      .sort((a, b) => a - b)
      .map((parallel) =>
        singlesSubsection(
          n,
          r.singles.filter((s) => s.n === n && (s.parallel ?? 0) === parallel),
          rate,
        ),
      ),
  ),
].join("\n\n")}`;
}
