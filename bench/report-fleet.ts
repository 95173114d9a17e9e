// The fleet subsections of BENCHMARKS.md's section 6 from real-cli-fleet.ts's results: the policy at
// fleet scale, refresh at list cost, N single resources in big-stack mode.
import { GET_MEMBER_READS } from "../provider/lifecycle/member-scan";
import { PAGE_SIZE } from "../provider/member/discover";
import type { FleetResult, PolicyOperationResult, PolicyResult } from "./real-cli-fleet";
import type { MacieCalls, Operation, OperationResult, StackResult } from "./real-cli-stacks";
import { cpuOfUp } from "./report-real-cli";
import { count, mb, seconds, table, times, yes } from "./table";

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
      return `calls = listing + 2 per drifted member: ${yes(totalCalls(o.calls) - o.calls.throttled === o.floorCalls)}`;
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

\`MacieMemberStatusPolicy("org", { regions: ${JSON.stringify(p.regions)}, defaultStatus: "PAUSED" })\` over ${count(p.n)} members seeded Enabled in each region (${count(p.n * p.regions.length)} in all); one stack, the operations in this order. Emulator rate limit ${p.rate} calls/s (burst ${p.burst}); the two "slow rate" rows at ${p.slowRate} calls/s (burst ${p.slowBurst}). Floor: the Macie calls the operation needs at the least ÷ the rate (listing: ⌈N/${PAGE_SIZE}⌉ ListMembers per region; changes since #24: one UpdateMemberSession each, then the cheaper of one re-listing of the region and a GetMember per write to see them). Calls are what the emulator received, 429s included. "Engine alone": the same command on a stack of two trivial resources (no Macie call) in the same run, the engine's own cost of a command (start, program, plugins, checkpoint), which no provider goes below.

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
