// The fleet-flip bench's plan and report (bench/real-cli-flip.ts, bench/report-flip.ts) without the
// CLI: which forms each planned configuration measures, the checks and floor of the plugin form,
// and the "÷ listed" comparisons, which pair only rows measured together in one run.
import { expect } from "chai";
import {
  DEFAULT_FLIP_FORMS,
  FLIP_FORMS,
  formFloorCalls,
  FULL_FLIPS,
  physicalCalls,
  QUICK_FLIPS,
  type FlipForm,
  type FlipResult,
  type FlipRow,
} from "../../bench/real-cli-flip";
import { flipChecks, renderFlip } from "../../bench/report-flip";

const calls = (list: number, get: number, write: number) => ({
  ListMembers: { calls: list, throttled: 0 },
  GetMember: { calls: get, throttled: 0 },
  UpdateMemberSession: { calls: write, throttled: 0 },
});

function flipRow(form: FlipForm, seconds: number, more: Partial<FlipRow> = {}): FlipRow {
  const perMember = form === "per-member";
  return {
    n: 1000,
    regions: ["us-east-1"],
    rate: 200,
    burst: 50,
    form,
    seconds,
    exitCode: 0,
    calls: perMember ? calls(40, 2000, 1000) : calls(80, 3, 1000),
    changed: 1000,
    writtenTwice: 0,
    pausedAfter: true,
    engineSeconds: 2,
    cpuSeconds: { cli: 1, language: 2, provider: 3 },
    peakMb: { cli: 100, language: 200, provider: 300 },
    log: "/tmp/x.log",
    ...more,
  };
}

function result(rows: FlipRow[]): FlipResult {
  return {
    command: "node dist/bench/flip.js",
    commit: "abc1234",
    machine: "nproc 2",
    versions: "pulumi CLI v3",
    date: "2026-12-08",
    seconds: 100,
    load: { before: "load average: 0.1", after: "load average: 0.2" },
    rows,
  };
}

/** The body rows of the table under `title` (the header and its rule left out). */
function tableAfter(text: string, title: string): string[] {
  const start = text.indexOf(title);
  if (start < 0) return [];
  const lines = text.slice(start).split("\n").slice(2);
  const end = lines.findIndex((l) => !l.startsWith("|"));
  return lines.slice(2, end);
}

describe("the fleet-flip bench (real-cli-flip.ts, report-flip.ts)", () => {
  it("measures the plugin beside both dynamic forms at 10,000 × 1 and × 2 @ 200 and in the quick run", () => {
    expect(FLIP_FORMS).to.have.members(["listed", "per-member", "plugin"]);
    expect(DEFAULT_FLIP_FORMS).to.deep.equal(["listed", "per-member"]);
    const formsOf = (plan: typeof FULL_FLIPS) =>
      plan.map((c) => `${c.n}x${c.regions}@${c.rate}: ${(c.forms ?? DEFAULT_FLIP_FORMS).join(",")}`);
    expect(formsOf(FULL_FLIPS)).to.deep.equal([
      "10000x1@200: listed,per-member,plugin",
      "10000x2@200: listed,per-member,plugin",
      "1000x1@20: listed,per-member",
      "1000x2@20: listed,per-member",
      "10000x1@20: listed",
    ]);
    expect(formsOf(QUICK_FLIPS)).to.deep.equal(["200x2@200: listed,per-member,plugin"]);
  });

  it("holds the plugin form to the listed form's floor and checks", () => {
    const plugin = flipRow("plugin", 6);
    expect(formFloorCalls(plugin))
      .to.equal(physicalCalls(plugin))
      .and.equal(1000 + 2 * 40);
    expect(flipChecks(plugin).map((c) => c.name)).to.deep.equal(
      flipChecks(flipRow("listed", 6)).map((c) => c.name),
    );
    expect(flipChecks(plugin).every((c) => c.ok)).to.equal(true);
    const reads = flipChecks(flipRow("plugin", 6, { calls: calls(80, 1000, 1000) }));
    expect(reads.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal(["GetMember < 5 % of members"]);
  });

  it("compares plugin and per-member with the listed row of the same run only", () => {
    const older = [flipRow("listed", 5), flipRow("per-member", 15)]; // a run before `run` was kept
    const first = [flipRow("listed", 6, { run: 1 }), flipRow("plugin", 9, { run: 1 })];
    const second = [flipRow("plugin", 12, { run: 2 }), flipRow("listed", 8, { run: 2 })];
    const text = renderFlip(result([...older, ...first, ...second]));
    expect(tableAfter(text, "Per-member ÷ listed, same configuration")).to.have.lengthOf(1);
    expect(tableAfter(text, "Per-member ÷ listed, same configuration")[0]).to.include("15 s → 5.0 s");
    const plugin = tableAfter(text, "Plugin ÷ listed, same configuration");
    expect(plugin).to.have.lengthOf(2);
    expect(plugin[0]).to.include("9.0 s → 6.0 s").and.include("**1.50×**");
    expect(plugin[1]).to.include("12 s → 8.0 s").and.include("**1.50×**");
    expect(text).to.include("**plugin** (#26)");
  });

  it("renders an older run's rows (no plugin, no checkpoint size) as before, without a plugin table", () => {
    const text = renderFlip(result([flipRow("listed", 5), flipRow("per-member", 15)]));
    expect(text).not.to.include("Plugin ÷ listed");
    expect(text).not.to.include("**plugin**");
    expect(tableAfter(text, "Peak memory")[0]).to.include("100 / 200 / 300").and.include("–");
  });
});
