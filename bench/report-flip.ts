// The fleet-flip subsection of BENCHMARKS.md's section 6 from real-cli-flip.ts's results: one
// `pulumi up` flipping N members × R regions, the listed form beside the per-member one and the
// provider plugin's.
import { PAGE_SIZE } from "../provider/member/discover";
import {
  accepted,
  formFloorCalls,
  pagesOf,
  physicalCalls,
  type FlipForm,
  type FlipResult,
  type FlipRow,
} from "./real-cli-flip";
import { count, seconds, table, times, yes } from "./table";

/** The issue's goal (#24) for a flip of 10,000 members of one region at 200 calls/s. */
const GOAL_RATIO = 1.3;
/** GetMember calls the listed form may make, as a share of the members: under 5 %. */
const GET_MEMBER_SHARE = 0.05;

const members = (r: FlipRow): number => r.n * r.regions.length;

/** "ListMembers / GetMember / UpdateMemberSession", each with its 429s. */
function callsCell(r: FlipRow): string {
  const one = (op: keyof FlipRow["calls"]) => {
    const { calls, throttled } = r.calls[op];
    return `${count(calls)}${throttled ? ` (${count(throttled)} × 429)` : ""}`;
  };
  return `${one("ListMembers")} / ${one("GetMember")} / ${one("UpdateMemberSession")}`;
}

/**
 * The checks of a row: every member Paused; listed and plugin, one write each and few GetMember;
 * per-member, the setting reached the host.
 */
export function flipChecks(r: FlipRow): { name: string; ok: boolean }[] {
  const writes = r.calls.UpdateMemberSession.calls - r.calls.UpdateMemberSession.throttled;
  const getMember = r.calls.GetMember.calls;
  const checks = [
    { name: "every member Paused", ok: r.pausedAfter && r.changed === members(r) },
    { name: "no member written twice", ok: r.writtenTwice === 0 },
  ];
  if (r.form === "listed" || r.form === "plugin")
    return [
      ...checks,
      { name: "UpdateMemberSession accepted = changed", ok: writes === r.changed },
      {
        name: `GetMember < ${GET_MEMBER_SHARE * 100} % of members`,
        ok: getMember < GET_MEMBER_SHARE * members(r),
      },
    ];
  // Two GetMember a member at least: the provider host read MACIE_MEMBER_STATUS_WRITE_FROM_LISTING_SECONDS=0.
  return [
    ...checks,
    {
      name: "GetMember ≥ 2 per changed member (the setting reached the provider host)",
      ok: getMember >= 2 * r.changed,
    },
  ];
}

/** Whether a row is the one the issue's goal is about, and whether it met it. */
function goalCell(r: FlipRow): string {
  if (r.form !== "listed" || r.n !== 10000 || r.regions.length !== 1 || r.rate !== 200) return "–";
  const limit = physicalCalls(r) / r.rate;
  return `≤ ${GOAL_RATIO}× (${seconds(GOAL_RATIO * limit)}): ${yes(r.seconds <= GOAL_RATIO * limit)}`;
}

function row(r: FlipRow): (string | number)[] {
  const limit = physicalCalls(r) / r.rate;
  const floor = formFloorCalls(r) / r.rate;
  const failed = flipChecks(r).filter((c) => !c.ok);
  return [
    `${count(r.n)} × ${r.regions.length}`,
    `${r.rate} (${r.burst})`,
    r.form,
    seconds(r.seconds),
    callsCell(r),
    (accepted(r.calls) / r.changed).toFixed(2),
    `${count(physicalCalls(r))} calls = ${seconds(limit)}`,
    `**${times(r.seconds, limit)}**`,
    `${count(formFloorCalls(r))} calls = ${seconds(floor)}`,
    times(r.seconds, floor),
    seconds(r.engineSeconds),
    times(Math.max(0, r.seconds - r.engineSeconds), limit),
    (accepted(r.calls) / r.seconds).toFixed(0),
    goalCell(r),
    failed.length ? `**no**: ${failed.map((c) => c.name).join("; ")}` : "all",
    `${r.cpuSeconds.cli} / ${r.cpuSeconds.language} / ${r.cpuSeconds.provider}`,
  ];
}

/** Where a row's wall time went, from its call phases (call-phases.ts); rows without them are left out. */
function phaseRows(rows: FlipRow[]): (string | number)[][] {
  return rows.flatMap((r) => {
    const p = r.phases;
    if (!p) return [];
    const span = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined ? "–" : seconds(Math.max(0, to - from));
    const writes = r.calls.UpdateMemberSession.calls - r.calls.UpdateMemberSession.throttled;
    const writeSeconds = (p.lastWrite ?? 0) - (p.firstWrite ?? 0);
    return [
      [
        `${count(r.n)} × ${r.regions.length}`,
        r.rate,
        r.form,
        seconds(r.seconds),
        span(0, p.firstCall),
        span(p.firstCall, p.listed),
        span(p.listed, p.firstWrite),
        span(p.firstWrite, p.lastWrite),
        writeSeconds > 0 ? (writes / writeSeconds).toFixed(0) : "–",
        span(p.lastWrite, p.lastCall),
        span(p.lastCall, r.seconds),
      ],
    ];
  });
}

/** The "where the time goes" paragraph and table, when some row has its call phases. */
function phasesPart(rows: FlipRow[], plugin: boolean): string {
  const phased = phaseRows(rows);
  if (phased.length === 0) return "";
  return `Where the time goes: the emulator's counters every 0.25 s while \`up\` ran. "Start": from the command to the first Macie call (the CLI, the language host, the program up to its listing); "listing": the program's listing of every region (one ListMembers page after the other in each region); "to the first write": the program's end, the engine registering the region resources and starting the provider host; "writes": the first UpdateMemberSession to the last (for per-member with its GetMembers), and the accepted writes ÷ that time; "after the last write": the re-listing and the GetMembers still waiting (listed), the last verifying reads (per-member); "to exit": the last Macie call to the command's exit (the checkpoint written, the plugins stopped).${plugin ? " For the plugin form, \"start\" also holds the engine registering the region resources and starting the plugin (its check lists), and \"to the first write\" the rest of the check, the diff and the create's start; its regions are resources of their own, which the engine checks one after the other (Check runs in its step generator, one registration at a time): a region's writes start as soon as its own check is done, while the next region's check lists, sharing the emulator's rate with them, where the dynamic policy's program lists every region before any write." : ""}

${table(
  [
    "N × regions",
    "calls/s",
    "form",
    "wall",
    "start",
    "listing",
    "to the first write",
    "writes",
    "writes/s",
    "after the last write",
    "to exit",
  ],
  phased,
)}

`;
}

const sameConfig = (a: FlipRow, b: FlipRow): boolean =>
  a.n === b.n && a.regions.length === b.regions.length && a.rate === b.rate;

/**
 * The rows measured one after the other with rows[i]: the same configuration, next to it in the
 * list, from the same run (rows of older runs, without `run`, go by their place alone). A run
 * measures a configuration's forms in a row, and joined runs (flip.ts --also) follow each other.
 */
function sameRun(rows: FlipRow[], i: number): FlipRow[] {
  const together = (a: FlipRow, b: FlipRow) => sameConfig(a, b) && a.run === b.run;
  let [from, to] = [i, i];
  while (from > 0 && together(rows[from - 1], rows[i])) from--;
  while (to < rows.length - 1 && together(rows[to + 1], rows[i])) to++;
  return rows.slice(from, to + 1);
}

/** Per configuration measured in the listed form and in `form` in the same run: form ÷ listed, in wall time and in calls. */
function comparisons(rows: FlipRow[], form: FlipForm): (string | number)[][] {
  return rows.flatMap((listed, i) => {
    if (listed.form !== "listed") return [];
    const other = sameRun(rows, i).find((r) => r.form === form);
    if (!other) return [];
    return [
      [
        `${count(listed.n)} × ${listed.regions.length}`,
        listed.rate,
        `${seconds(other.seconds)} → ${seconds(listed.seconds)}`,
        `**${times(other.seconds, listed.seconds)}**`,
        `${count(accepted(other.calls))} → ${count(accepted(listed.calls))}`,
        times(accepted(other.calls), accepted(listed.calls)),
      ],
    ];
  });
}

/** A comparison table of `form` against the listed form, when some configuration has both. */
function comparisonPart(rows: FlipRow[], form: FlipForm, title: string): string {
  const compared = comparisons(rows, form);
  if (compared.length === 0) return "";
  return `${title}, same configuration, same run:

${table(["N × regions", "calls/s", `wall: ${form} → listed`, `${form} ÷ listed`, "accepted calls", "calls ratio"], compared)}

`;
}

/** Peak memory by role and the checkpoint's size: what each form costs besides time and calls. */
function memoryRows(rows: FlipRow[]): (string | number)[][] {
  return rows.map((r) => [
    `${count(r.n)} × ${r.regions.length}`,
    r.rate,
    r.form,
    `${r.peakMb.cli} / ${r.peakMb.language} / ${r.peakMb.provider}`,
    r.stateBytes === undefined ? "–" : `${(r.stateBytes / 1e6).toFixed(2)} MB`,
    r.stateBytes === undefined ? "–" : (r.stateBytes / members(r)).toFixed(0),
  ]);
}

export function renderFlip(r: FlipResult): string {
  const regionsOf = r.rows.reduce<string[]>(
    (most, x) => (x.regions.length > most.length ? x.regions : most),
    [],
  );
  const plugin = r.rows.some((x) => x.form === "plugin");
  return `### A fleet flip: writes decided on the listing beside per-member${plugin ? " and the provider plugin" : ""} (\`bench/real-cli-flip.ts\`, #24${plugin ? ", #26" : ""})

Written by \`${r.command}\` on ${r.date}; took ${r.seconds} s.
Machine: ${r.machine}. Load (\`uptime\`) before: ${r.load.before}; after: ${r.load.after}.
${r.versions}; the CLI built by \`tools/pulumi-cli/build.sh\`; the package built (\`npm run build\`) from commit(s) ${r.commit}. Every row is a fresh stack (its own temporary directory, file backend and emulator); one ran at a time.

Each row: N members in each of R regions (of ${regionsOf.join(", ")}), seeded Enabled; \`MacieMemberStatusPolicy("org", { regions, defaultStatus: "PAUSED" })\`; one \`pulumi up --yes --skip-preview\` at the CLI's defaults (default \`--parallel\`, default checkpointing), timed from start to exit. ${plugin ? "Two or three" : "Two"} forms of the same configuration, one after the other (their order alternates from one configuration to the next): **listed**, the default since #24 (each write decided on the program's listing, all of a region's writes seen by one re-listing); **per-member**, the form before it (\`MACIE_MEMBER_STATUS_WRITE_FROM_LISTING_SECONDS=0\` in the CLI's environment, which the CLI passes on to the provider host it starts: GetMember, UpdateMemberSession, GetMember a member)${plugin ? `; **plugin** (#26), the provider plugin \`bin/pulumi-resource-macie\` in the dynamic provider's place: the same JavaScript program through the same Node language host declares one \`new pulumi.CustomResource("macie:index:RegionPolicy", name, { region, defaultStatus: "PAUSED" })\` per region (named \`org-<region>\`), Pulumi.yaml names the checkout's \`bin/\` (\`pluginLines()\`, harness/plugin.ts), and the listing is the plugin's check (once: \`--skip-preview\`), after which the region lifecycle writes from it as the listed form does` : ""}.

The emulator's rate limit is **one token bucket per emulator**, over every Macie call of every region and operation (\`emulator/rate-limit.ts\`, taken in \`emulator/macie-api.ts\`): two regions share the rate, where AWS's limits are per account and region. So the physical limit of a row adds both regions' calls: (changed members + 2 listings × ⌈N/${PAGE_SIZE}⌉ pages × regions) ÷ rate — one write each, the program's listing to decide and one to see the writes; no form can go below it. "Form floor": what the form itself needs at the least (listed${plugin ? " and plugin" : ""}: the same; per-member: 3 calls a member and the program's listing). Calls are what the emulator received, 429s included (each operation's 429s in brackets); "calls / changed" counts the accepted ones only; "accepted/s" is them ÷ wall. "Engine": \`up\` of a fresh stack of R trivial resources (no Macie call) in the same run, the command's own cost (start, program, plugins, checkpoint).

${table(
  [
    "N × regions",
    "calls/s (burst)",
    "form",
    "wall",
    "ListMembers / GetMember / UpdateMemberSession",
    "calls / changed",
    "physical limit",
    "wall ÷ limit",
    "form floor",
    "wall ÷ form floor",
    "engine",
    "(wall − engine) ÷ limit",
    "accepted/s",
    "goal (#24)",
    "checks",
    "CPU s: CLI / language host / provider host",
  ],
  r.rows.map(row),
)}

Checks of each row: every member of every region Paused after \`up\`, and no member's status written twice; listed${plugin ? " and plugin forms" : " form"}: UpdateMemberSession accepted = members changed (one write each) and GetMember < ${GET_MEMBER_SHARE * 100} % of the members; per-member form: at least 2 GetMember per changed member, which shows the setting reached the provider host. ${pagesOf(10000)} pages list 10,000 members.

${phasesPart(r.rows, plugin)}${comparisonPart(r.rows, "per-member", "Per-member ÷ listed")}${comparisonPart(r.rows, "plugin", "Plugin ÷ listed")}Peak memory (resident, MB) by role — the CLI, the language host (its plugin and the Node program added), the provider host (the dynamic provider's, or the plugin) — and the stack's checkpoint after \`up\` ("–": not kept by that run):

${table(["N × regions", "calls/s", "form", "peak MB: CLI / language host / provider host", "checkpoint", "checkpoint bytes / member"], memoryRows(r.rows))}`;
}
