// `npm run demo`: the example program (examples/basic, stack "demo") through its whole lifecycle
// against the local Macie2 emulator — no AWS account needed. Every step goes through Pulumi's real
// dynamic-provider host over gRPC, as the engine drives it; a table per step shows each account's
// desired status, what Macie shows, what the state holds, and the writes the step made.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { MacieEmulator, memberKey } from "../emulator/emulator";
import { MiniEngine, type Step } from "../engine/engine";
import { DynamicProviderHost, REPO_ROOT } from "../engine/host";
import { declare, programDirectory, type Declared } from "../engine/program";

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

function pulumiOnPath(): string | undefined {
  try {
    return execFileSync("pulumi", ["version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
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
    private readonly engine: MiniEngine,
    private readonly accounts: Record<string, string>,
  ) {}

  begin(title: string): void {
    console.log(`\n▶ ${title}`);
    this.writesBefore = { ...this.emu.counts.writesByMember };
  }

  show(steps: Step[]): void {
    const byAccount = new Map(steps.map((s) => [s.name.replace(/^member-/, ""), s]));
    const rows = [["account", "desired", "Macie shows", "state says", "step", "writes"]];
    for (const [accountId, desired] of Object.entries(this.accounts)) {
      const key = memberKey(REGION, accountId);
      const writes = (this.emu.counts.writesByMember[key] ?? 0) - (this.writesBefore[key] ?? 0);
      const state = [...this.engine.state.values()].find((s) => s.outputs.accountId === accountId);
      const step = byAccount.get(accountId);
      rows.push([
        accountId,
        desired,
        this.emu.member(accountId, REGION)?.relationshipStatus ?? "-",
        state ? stateSays(state.outputs) : "-",
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
  const stack = (
    yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.demo.yaml"), "utf8")) as { config: StackConfig }
  ).config;
  const accounts = stack["macie-basic:accounts"];
  const keep = new Set(stack["macie-basic:keepOnDestroy"] ?? []);

  const cli = pulumiOnPath();
  console.log(
    cli
      ? `A pulumi CLI (${cli}) is on PATH, but this demo does not drive it yet: it uses Pulumi's dynamic-provider host directly.`
      : "No pulumi CLI on PATH: this demo drives each step through Pulumi's own dynamic-provider host over gRPC, the way the engine does.",
  );

  // Every member starts Enabled, Macie's normal state for a member.
  const emu = new MacieEmulator();
  const url = await emu.start();
  emu.seed(
    Object.keys(accounts).map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: REGION })),
  );
  console.log(
    `Local Macie2 emulator at ${url} with ${Object.keys(accounts).length} member accounts, all Enabled.`,
  );

  const dir = programDirectory(REPO_ROOT);
  const host = await DynamicProviderHost.start({
    cwd: dir.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: url,
    },
  });
  try {
    await host.configure({});
    const engine = new MiniEngine(host);
    const demo = new Demo(emu, engine, accounts);
    const program = (): Promise<Declared[]> =>
      declare(
        () => {
          delete require.cache[PROGRAM];
          require(PROGRAM); // eslint-disable-line @typescript-eslint/no-require-imports -- runs the example program
        },
        { project: "macie-basic", stack: "demo", config: stack },
      );
    const matches = () =>
      Object.entries(accounts).every(
        ([id, want]) => emu.member(id, REGION)?.relationshipStatus.toUpperCase() === want,
      );

    demo.begin("pulumi up");
    demo.show(await engine.up(await program()));
    demo.expect(matches(), "every account has its declared status");

    demo.begin("pulumi up (again)");
    const writes = emu.counts.writesApplied;
    demo.show(await engine.up(await program()));
    demo.expect(emu.counts.writesApplied === writes, "nothing to do: no write");

    const [drifted] = Object.entries(accounts).find(([, status]) => status === "PAUSED")!;
    demo.begin(`someone resumes Macie by hand for ${drifted}, then: pulumi refresh`);
    emu.setStatus(drifted, "Enabled", REGION);
    demo.show(await engine.refresh());
    const preview = await engine.preview(await program());
    const changes = preview.filter((s) => s.op !== "same").map((s) => s.name);
    demo.expect(
      changes.length === 1 && changes[0] === `member-${drifted}`,
      `pulumi preview --refresh --expect-no-changes would fail, naming ${changes.join(", ") || "nothing"}`,
    );

    demo.begin("pulumi up (converges the drift)");
    demo.show(await engine.up(await program()));
    demo.expect(matches(), "every account has its declared status again");

    demo.begin("pulumi destroy (statusOnDelete: ENABLED, except keepOnDestroy)");
    demo.show(await engine.destroy());
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
      `\nAPI calls: GetMember ${c.operations.GetMember.calls}, UpdateMemberSession ${c.operations.UpdateMemberSession.calls} (${c.writesApplied} changed a status).`,
    );
    if (demo.problems.length > 0) {
      console.log(`✘ NOT converged (${seconds} s): ${demo.problems.join("; ")}`);
      process.exitCode = 1;
    } else {
      console.log(`✔ Everything converged as declared, in ${seconds} s.`);
    }
  } finally {
    await host.stop();
    dir.remove();
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
