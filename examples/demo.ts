// `npm run demo`: the example program (examples/basic, stack "demo") through its whole lifecycle
// against the local Macie2 emulator — no AWS account needed. With the Pulumi CLI built by
// `npm run pulumi:build` (or named by PULUMI_CLI_BIN) it runs the real CLI on a local file backend;
// otherwise every step goes through Pulumi's own dynamic-provider host over gRPC, as the engine
// drives it. A table per step shows each account's desired status, what Macie shows, what the state
// holds, and the writes the step made.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { MacieEmulator, memberKey } from "../emulator/emulator";
import { builtCli, exampleProgram, stepsOf, Workspace } from "../tests/harness/cli";
import { MiniEngine } from "../tests/harness/engine";
import { DynamicProviderHost, REPO_ROOT } from "../tests/harness/host";
import { declare, programDirectory, type Declared } from "../tests/harness/program";

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

/** The lifecycle operations the demo needs, by the real CLI or through the host. */
interface Driver {
  up(): Promise<Step[]>;
  refresh(): Promise<Step[]>;
  /** `preview --expect-no-changes`: the resources it would change. */
  changes(): Promise<string[]>;
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
    up: () => run(["up", "--yes", "--skip-preview"]),
    // The engine reports a refresh that found a difference as "update": say what it was.
    refresh: async () =>
      (await run(["refresh", "--yes", "--skip-preview"])).map((s) => ({
        ...s,
        op: s.op === "same" ? "refresh" : "refresh (drift)",
      })),
    changes: async () =>
      (await run(["preview", "--expect-no-changes"])).filter((s) => s.op !== "same").map((s) => s.name),
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
  const host = await DynamicProviderHost.start({
    cwd: dir.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...awsEnv },
  });
  await host.configure({});
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
    up: async () => engine.up(await program()),
    refresh: () => engine.refresh(),
    changes: async () =>
      (await engine.preview(await program())).filter((s) => s.op !== "same").map((s) => s.name),
    destroy: () => engine.destroy(),
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

  async show(steps: Step[]): Promise<void> {
    const outputs = await this.driver.outputs();
    const byAccount = new Map(steps.map((s) => [s.name.replace(/^member-/, ""), s]));
    const rows = [["account", "desired", "Macie shows", "state says", "step", "writes"]];
    for (const [accountId, desired] of Object.entries(this.accounts)) {
      const key = memberKey(REGION, accountId);
      const writes = (this.emu.counts.writesByMember[key] ?? 0) - (this.writesBefore[key] ?? 0);
      const state = outputs.find((o) => o.accountId === accountId);
      const step = byAccount.get(accountId);
      rows.push([
        accountId,
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
  const awsEnv = { ...DUMMY_CREDENTIALS, AWS_ENDPOINT_URL_MACIE2: url };

  const bin = process.env.DEMO_WITHOUT_CLI ? undefined : builtCli();
  console.log(
    bin
      ? "Running the real Pulumi CLI (from npm run pulumi:build) on a local file backend in a temp directory."
      : "No Pulumi CLI built (npm run pulumi:build makes one from Go modules): driving each step through " +
          "Pulumi's own dynamic-provider host over gRPC, the way the engine does.",
  );
  const driver = bin ? await cliDriver(bin, stack, awsEnv) : await hostDriver(stack, awsEnv);
  try {
    const demo = new Demo(emu, driver, accounts);
    const matches = () =>
      Object.entries(accounts).every(
        ([id, want]) => emu.member(id, REGION)?.relationshipStatus.toUpperCase() === want,
      );

    demo.begin("pulumi up");
    await demo.show(await driver.up());
    demo.expect(matches(), "every account has its declared status");

    demo.begin("pulumi up (again)");
    const writes = emu.counts.writesApplied;
    await demo.show(await driver.up());
    demo.expect(emu.counts.writesApplied === writes, "nothing to do: no write");

    const [drifted] = Object.entries(accounts).find(([, status]) => status === "PAUSED")!;
    demo.begin(`someone resumes Macie by hand for ${drifted}, then: pulumi refresh`);
    emu.setStatus(drifted, "Enabled", REGION);
    await demo.show(await driver.refresh());
    const changes = await driver.changes();
    demo.expect(
      changes.length === 1 && changes[0] === `member-${drifted}`,
      `pulumi preview --refresh --expect-no-changes would fail, naming ${changes.join(", ") || "nothing"}`,
    );

    demo.begin("pulumi up (converges the drift)");
    await demo.show(await driver.up());
    demo.expect(matches(), "every account has its declared status again");

    demo.begin("pulumi destroy (statusOnDelete: ENABLED, except keepOnDestroy)");
    await demo.show(await driver.destroy());
    demo.expect(
      Object.entries(accounts).every(
        ([id, want]) =>
          emu.member(id, REGION)?.relationshipStatus.toUpperCase() === (keep.has(id) ? want : "ENABLED"),
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
