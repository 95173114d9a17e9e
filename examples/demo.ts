// `npm run demo`: the example program (examples/basic, stack "demo") through its whole lifecycle
// against the local Macie2 emulator — no AWS account needed. With the Pulumi CLI built by
// `npm run pulumi:build` (or named by PULUMI_CLI_BIN) it runs the real CLI on a local file backend;
// otherwise (or with DEMO_WITHOUT_CLI set) every step goes through Pulumi's own dynamic-provider
// host over gRPC, as the engine drives it, and the headings name those calls, not CLI commands.
// A table per step shows each account's desired status (for destroy: what statusOnDelete leaves),
// what Macie shows, what the state holds, and the writes the step made.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { MacieEmulator, memberKey } from "../emulator/emulator";
import { builtCli, exampleProgram, stepsOf, Workspace } from "../harness/cli";
import { MiniEngine } from "../harness/engine";
import { DynamicProviderHost, REPO_ROOT } from "../harness/host";
import { declare, programDirectory, type Declared } from "../harness/program";

const EXAMPLE = path.join(REPO_ROOT, "examples", "basic");
const PROGRAM = path.join(REPO_ROOT, "dist", "examples", "basic", "index.js");
const REGION = "us-east-1";
const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIADEMODUMMYKEY0000",
  AWS_SECRET_ACCESS_KEY: "demo-dummy-secret",
};

interface StackConfig {
  "macie-basic:accounts": Record<string, string>;
  "macie-basic:keepOnDestroy"?: string[];
  [key: string]: unknown;
}

/** One resource's step: create, same, update, refresh, delete, …, and its error if it failed. */
interface Step {
  name: string;
  op: string;
  error?: string;
}

/** The drift alarm's outcome: the resources it would change, and the CLI's exit code. */
interface Alarm {
  /** The CLI's exit code; none through the host, where there is no CLI to exit. */
  exitCode?: number;
  changes: string[];
  steps: Step[];
}

type Operation = "up" | "refresh" | "alarm" | "destroy";

/** The lifecycle operations the demo needs, by the real CLI or through the host. */
interface Driver {
  /** What really runs for each operation, as the step headings say it. */
  readonly runs: Record<Operation, string>;
  up(): Promise<Step[]>;
  refresh(): Promise<Step[]>;
  /** The drift alarm, `pulumi preview --refresh --expect-no-changes`: reads, then diffs; saves nothing. */
  alarm(): Promise<Alarm>;
  destroy(): Promise<Step[]>;
  /** Our resources' outputs as the state holds them. */
  outputs(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function cliDriver(bin: string, stack: StackConfig, awsEnv: NodeJS.ProcessEnv): Promise<Driver> {
  const ws = new Workspace(exampleProgram(), bin, awsEnv);
  await ws.newStack("demo", stack["macie-basic:accounts"], stack["macie-basic:keepOnDestroy"] ?? []);
  const run = async (args: string[]) => stepsOf((await ws.pulumi([...args, "--json"])).stdout);
  return {
    runs: {
      up: "pulumi up",
      refresh: "pulumi refresh",
      alarm: "pulumi preview --refresh --expect-no-changes",
      destroy: "pulumi destroy",
    },
    up: () => run(["up", "--yes", "--skip-preview"]),
    // The engine reports a refresh that found a difference as "update": say what it was.
    refresh: async () =>
      (await run(["refresh", "--yes", "--skip-preview"])).map((s) => ({
        ...s,
        op: s.op === "same" ? "refresh" : "refresh (drift)",
      })),
    alarm: async () => {
      const preview = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json"]);
      const steps = stepsOf(preview.stdout);
      return {
        exitCode: preview.code,
        changes: steps.filter((s) => s.op !== "same" && s.op !== "refresh").map((s) => s.name),
        steps,
      };
    },
    destroy: () => run(["destroy", "--yes", "--skip-preview"]),
    outputs: async () => {
      const exported = JSON.parse(await ws.ok(["stack", "export"])) as {
        deployment: { resources?: { type: string; outputs?: Record<string, unknown> }[] };
      };
      return (exported.deployment.resources ?? [])
        .filter((r) => r.type === "pulumi-nodejs:dynamic/macie:MemberStatus")
        .map((r) => r.outputs ?? {});
    },
    close: () => Promise.resolve(ws.remove()),
  };
}

async function hostDriver(stack: StackConfig, awsEnv: NodeJS.ProcessEnv): Promise<Driver> {
  const dir = programDirectory(REPO_ROOT);
  const startHost = async () => {
    const started = await DynamicProviderHost.start({
      cwd: dir.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...awsEnv },
    });
    await started.configure({});
    return started;
  };
  const host = await startHost();
  const engine = new MiniEngine(host);
  const program = (): Promise<Declared[]> =>
    declare(
      () => {
        delete require.cache[PROGRAM];
        require(PROGRAM); // eslint-disable-line @typescript-eslint/no-require-imports -- runs the example program
      },
      { project: "macie-basic", stack: "demo", config: stack },
    );
  return {
    runs: {
      up: "Check, Diff, Create/Update through the dynamic-provider host",
      refresh: "Read (refresh) through the dynamic-provider host",
      alarm: "the drift alarm (Read, then Check and Diff through the host; state not saved)",
      destroy: "Delete through the dynamic-provider host",
    },
    up: async () => engine.up(await program()),
    refresh: () => engine.refresh(),
    alarm: async () => {
      // As `preview --refresh` does: read into a copy of the state, diff against it, keep nothing.
      const reading = new MiniEngine(host);
      for (const [urn, state] of engine.state) reading.state.set(urn, state);
      await reading.refresh();
      const steps = await reading.preview(await program());
      return { changes: steps.filter((s) => s.op !== "same").map((s) => s.name), steps };
    },
    destroy: async () => {
      // `pulumi destroy` is an operation of its own: the engine starts a new provider host for it.
      const own = await startHost();
      try {
        const destroying = new MiniEngine(own);
        for (const [urn, state] of engine.state) destroying.state.set(urn, state);
        const steps = await destroying.destroy();
        engine.state.clear();
        for (const [urn, state] of destroying.state) engine.state.set(urn, state);
        return steps;
      } finally {
        await own.stop();
      }
    },
    outputs: () => Promise.resolve([...engine.state.values()].map((s) => s.outputs)),
    close: async () => {
      await host.stop();
      dir.remove();
    },
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => "  " + r.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  return [line(rows[0]), "  " + widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join(
    "\n",
  );
}

/** The status the state holds, or why it holds none (a refresh found neither Enabled nor Paused). */
function stateSays(outputs: Record<string, unknown>): string {
  const status = outputs.status;
  return typeof status === "string" ? status : `(none: ${JSON.stringify(outputs.relationshipStatus)})`;
}

class Demo {
  private failures: string[] = [];
  private writesBefore: Record<string, number> = {};

  constructor(
    private readonly emu: MacieEmulator,
    private readonly driver: Driver,
    private readonly accounts: Record<string, string>,
  ) {}

  begin(title: string): void {
    console.log(`\n▶ ${title}`);
    this.writesBefore = { ...this.emu.counts.writesByMember };
  }

  /**
   * The table for a step. `desired` replaces the declared statuses (destroy: what statusOnDelete
   * leaves), under the heading `desiredHeading`; `marks` adds a note to an account's cell.
   */
  async show(
    steps: Step[],
    view: { desired?: Record<string, string>; desiredHeading?: string; marks?: Record<string, string> } = {},
  ): Promise<void> {
    const outputs = await this.driver.outputs();
    const byAccount = new Map(steps.map((s) => [s.name.replace(/^member-/, ""), s]));
    const rows = [
      ["account", view.desiredHeading ?? "desired", "Macie shows", "state says", "step", "writes"],
    ];
    for (const [accountId, declared] of Object.entries(this.accounts)) {
      const desired = view.desired?.[accountId] ?? declared;
      const mark = view.marks?.[accountId];
      const key = memberKey(REGION, accountId);
      const writes = (this.emu.counts.writesByMember[key] ?? 0) - (this.writesBefore[key] ?? 0);
      const state = outputs.find((o) => o.accountId === accountId);
      const step = byAccount.get(accountId);
      rows.push([
        mark ? `${accountId} (${mark})` : accountId,
        desired,
        this.emu.member(accountId, REGION)?.relationshipStatus ?? "-",
        state ? stateSays(state) : "-",
        step ? (step.error ? `FAILED: ${step.error}` : step.op) : "-",
        String(writes),
      ]);
    }
    console.log(table(rows));
    for (const s of steps.filter((s) => s.error)) this.failures.push(`${s.name}: ${s.error}`);
  }

  expect(ok: boolean, what: string): void {
    console.log(`  ${ok ? "✔" : "✘"} ${what}`);
    if (!ok) this.failures.push(what);
  }

  get problems(): string[] {
    return this.failures;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const file = path.join(EXAMPLE, "Pulumi.demo.yaml");
  const stack = (yaml.load(fs.readFileSync(file, "utf8")) as { config: StackConfig }).config;
  const accounts = stack["macie-basic:accounts"];
  const keep = new Set(stack["macie-basic:keepOnDestroy"] ?? []);

  // Every member starts Enabled, Macie's normal state for a member.
  const emu = new MacieEmulator();
  const url = await emu.start();
  emu.seed(
    Object.keys(accounts).map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: REGION })),
  );
  console.log(
    `Local Macie2 emulator at ${url} with ${Object.keys(accounts).length} member accounts, all Enabled.`,
  );
  const awsEnv = { ...DUMMY_CREDENTIALS, AWS_ENDPOINT_URL_MACIE2: url, AWS_ENDPOINT_URL_STS: url };

  const bin = process.env.DEMO_WITHOUT_CLI ? undefined : builtCli();
  const why = process.env.DEMO_WITHOUT_CLI
    ? "DEMO_WITHOUT_CLI is set"
    : "No Pulumi CLI built (npm run pulumi:build makes one from Go modules)";
  console.log(
    bin
      ? "Running the real Pulumi CLI (from npm run pulumi:build) on a local file backend in a temp directory."
      : `${why}: driving each step through Pulumi's own dynamic-provider host over gRPC, the way the ` +
          "engine does, with no CLI.",
  );
  const driver = bin ? await cliDriver(bin, stack, awsEnv) : await hostDriver(stack, awsEnv);
  try {
    const demo = new Demo(emu, driver, accounts);
    const matches = () =>
      Object.entries(accounts).every(
        ([id, want]) => emu.member(id, REGION)?.relationshipStatus.toUpperCase() === want,
      );

    demo.begin(driver.runs.up);
    await demo.show(await driver.up());
    demo.expect(matches(), "every account has its declared status");

    demo.begin(`${driver.runs.up} (again)`);
    const writes = emu.counts.writesApplied;
    await demo.show(await driver.up());
    demo.expect(emu.counts.writesApplied === writes, "nothing to do: no write");

    const [drifted] = Object.entries(accounts).find(([, status]) => status === "PAUSED")!;
    demo.begin(`someone resumes Macie by hand for ${drifted}, then: ${driver.runs.alarm}`);
    emu.setStatus(drifted, "Enabled", REGION);
    const alarm = await driver.alarm();
    await demo.show(alarm.steps);
    const named = alarm.changes.join(", ") || "nothing";
    const namesDrift = alarm.changes.length === 1 && alarm.changes[0] === `member-${drifted}`;
    if (alarm.exitCode === undefined) {
      const count = `${alarm.changes.length} change${alarm.changes.length === 1 ? "" : "s"}`;
      demo.expect(namesDrift, `the drift alarm finds ${count}, naming ${named}`);
    } else {
      demo.expect(
        alarm.exitCode !== 0 && namesDrift,
        `${driver.runs.alarm} failed with exit code ${alarm.exitCode}, naming ${named}`,
      );
    }

    demo.begin(driver.runs.refresh);
    await demo.show(await driver.refresh());

    demo.begin(`${driver.runs.up} (converges the drift)`);
    await demo.show(await driver.up());
    demo.expect(matches(), "every account has its declared status again");

    // What destroy leaves behind: statusOnDelete, or for UNCHANGED (keepOnDestroy) what Macie shows.
    const before = await driver.outputs();
    const leaves: Record<string, string> = {};
    for (const accountId of Object.keys(accounts)) {
      const onDelete = before.find((o) => o.accountId === accountId)?.statusOnDelete;
      const shows = emu.member(accountId, REGION)?.relationshipStatus.toUpperCase() ?? "-";
      leaves[accountId] = onDelete === "UNCHANGED" ? shows : String(onDelete);
    }
    demo.begin(`${driver.runs.destroy} (statusOnDelete: ENABLED, except keepOnDestroy)`);
    await demo.show(await driver.destroy(), {
      desired: Object.fromEntries(
        Object.entries(leaves).map(([id, status]) => [id, keep.has(id) ? `${status} (UNCHANGED)` : status]),
      ),
      desiredHeading: "desired on delete",
      marks: Object.fromEntries([...keep].map((id) => [id, "keepOnDestroy"])),
    });
    demo.expect(
      Object.entries(leaves).every(
        ([id, want]) => emu.member(id, REGION)?.relationshipStatus.toUpperCase() === want,
      ),
      "destroy left each account as statusOnDelete says",
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const c = emu.counts;
    console.log(
      `\nAPI calls: GetMember ${c.operations.GetMember.calls}, UpdateMemberSession ` +
        `${c.operations.UpdateMemberSession.calls} (${c.writesApplied} changed a status).`,
    );
    if (demo.problems.length > 0) {
      console.log(`✘ NOT converged (${seconds} s): ${demo.problems.join("; ")}`);
      process.exitCode = 1;
    } else {
      console.log(`✔ Everything converged as declared, in ${seconds} s.`);
    }
  } finally {
    await driver.close();
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
