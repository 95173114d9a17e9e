// Progress on long runs (#25), under the real Pulumi CLI: a policy region that writes 200 members
// against a Macie that takes 20 calls a second shows "Macie members in us-east-1: n/200 set, …"
// while `pulumi up` goes on — the provider host's stdout, which the engine shows on the stack's row
// as it comes and again under Diagnostics (host.ts says why not pulumi.log.info) — at most one line
// per macie:progressSeconds (5 s) and a closing line; `destroy` says "released"; a run with nothing
// to do prints none.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { cliEnvOn, emulator } from "../support/emulator";
import { requireBuiltCli, Workspace, type Run } from "../../harness/cli";

const REGION = "us-east-1";
const MEMBERS = Array.from({ length: 200 }, (_, i) => String(340000000000 + i));
const INTERVAL_S = 5;
const LINE = /Macie members in us-east-1: (\d+)\/200 (set|released), (\d+) failed(, in (\d+) s)?/;

/** A progress line the CLI printed while the run went on. */
interface Line {
  /** When it came, in ms since the run started. */
  at: number;
  text: string;
  done: number;
  verb: string;
  failed: number;
  /** The closing line's duration, in seconds. */
  closing?: number;
}

describe("progress lines of a long policy run, under the real Pulumi CLI", function () {
  this.timeout(240_000);
  const bin = requireBuiltCli();
  let emu: MacieEmulator;
  let ws: Workspace;

  before(async () => {
    emu = await emulator();
    emu.seed(MEMBERS.map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: REGION })));
    emu.configure({ rateLimit: { ratePerSecond: 20, burst: 20 } });
    ws = new Workspace(
      [
        `const { MacieMemberStatusPolicy } = require("pulumi-macie-member-status");`,
        `new MacieMemberStatusPolicy("org", { regions: ["${REGION}"], defaultStatus: "PAUSED" });`,
      ].join("\n"),
      bin,
      { ...cliEnvOn(emu), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    );
    await ws.ok(["stack", "init", "org"]);
  });
  after(() => ws?.remove());

  /**
   * Runs `pulumi args` (it must succeed), noting when each progress line came. The CLI shows each
   * as it comes (`live`), then all of them again under "Diagnostics:" at the end (`summary`).
   */
  async function timed(args: string[]): Promise<{ run: Run; live: Line[]; summary: string[] }> {
    const started = ws.start(args);
    const t0 = Date.now();
    const live: Line[] = [];
    const summary: string[] = [];
    let partial = "";
    let diagnostics = false;
    started.child.stdout?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const text of lines) {
        if (text.startsWith("Diagnostics:")) diagnostics = true;
        const m = LINE.exec(text);
        if (!m) continue;
        if (diagnostics) summary.push(m[0]);
        else {
          const [, done, verb, failed, , closing] = m;
          live.push({
            at: Date.now() - t0,
            text,
            done: Number(done),
            verb,
            failed: Number(failed),
            closing: closing === undefined ? undefined : Number(closing),
          });
        }
      }
    });
    const run = await started.done;
    expect(run.code, run.output).to.equal(0);
    return { run, live, summary };
  }

  /** At least one line on the way and a closing one; never two lines on the way within an interval. */
  function expectProgress(live: Line[], verb: string) {
    const shown = live.map((l) => l.text).join("\n");
    const lines = [...live];
    const closing = lines.pop();
    expect(closing, shown).to.include({ done: 200, verb, failed: 0 });
    expect(closing?.closing, shown).to.be.a("number");
    expect(lines.length, shown).to.be.at.least(1);
    for (const line of lines) expect(line, shown).to.include({ verb, failed: 0, closing: undefined });
    // Apart by the interval as the provider timed them; the CLI may pass one on a little late (its
    // display, the pipe), hence a second of slack.
    for (let i = 1; i < lines.length; i++)
      expect(lines[i].at - lines[i - 1].at, shown).to.be.at.least(INTERVAL_S * 1000 - 1000);
    // No more lines than intervals in the run the closing line reports.
    expect(lines.length, shown).to.be.at.most(Math.floor(Number(closing?.closing) / INTERVAL_S) + 1);
  }

  it("shows progress on the stack's row while `up` writes 200 members at 20 calls a second, and on `destroy`; none when there is nothing to do", async () => {
    const up = await timed(["up", "--yes", "--skip-preview"]);
    expect(Object.values(emu.statuses(REGION)).every((s) => s === "Paused")).to.equal(true);
    // One accepted write each (20 calls a second: some were throttled, and sent again).
    expect(emu.counts.operations.UpdateMemberSession.answers["200"]).to.equal(200);
    expect(up.summary, up.run.output).to.deep.equal(up.live.map((l) => LINE.exec(l.text)?.[0]));
    // On the stack's row, as it comes: e.g. " +  pulumi:pulumi:Stack macie-basic-org creating (9s) Macie members in …"
    expect(up.run.stdout).to.match(
      /pulumi:pulumi:Stack macie-basic-org creating \(\d+s\) Macie members in us-east-1: \d+\/200 set, 0 failed\n/,
    );
    expectProgress(up.live, "set");

    const quiet = await timed(["up", "--yes", "--skip-preview"]);
    expect(quiet.live, quiet.run.output).to.deep.equal([]);

    const destroy = await timed(["destroy", "--yes", "--skip-preview"]);
    expect(Object.values(emu.statuses(REGION)).every((s) => s === "Enabled")).to.equal(true);
    expectProgress(destroy.live, "released");
  });
});
