// The real Pulumi CLI (built from Go modules by tools/pulumi-cli/build.sh) in a throwaway workspace:
// a local file backend (or a given one), its own PULUMI_HOME, the emulator as endpoint and dummy credentials.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./host";
import { installInto } from "./program";

export interface Run {
  code: number;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  stdout: string;
}

/** The directory tools/pulumi-cli/build.sh built the CLI into, if it has: PULUMI_CLI_BIN, or ask the script. */
export function builtCli(): string | undefined {
  const script = path.join(REPO_ROOT, "tools", "pulumi-cli", "build.sh");
  const bin =
    process.env.PULUMI_CLI_BIN ?? spawnSync("bash", [script, "--check"], { encoding: "utf8" }).stdout.trim();
  return bin && fs.existsSync(path.join(bin, "pulumi")) ? bin : undefined;
}

/** The CLI's bin directory for the e2e suites, which fail plainly (not skip) without it. */
export function requireBuiltCli(): string {
  const bin = builtCli();
  if (!bin)
    throw new Error("the Pulumi CLI is not built: run `npm run pulumi:build` (npm run test:e2e does)");
  return bin;
}

export interface WorkspaceOptions {
  /** A copy of this package (linked from node_modules) that a test can "upgrade" in place. */
  packageCopy?: boolean;
  /**
   * This package and @pulumi/pulumi installed as `npm install` leaves them, real directories in
   * node_modules (program.ts `installInto`): Pulumi then stores the shim by name (serialized.ts).
   */
  installed?: boolean;
  /** PULUMI_BACKEND_URL: another backend than the workspace's own file backend (an s3:// one, harness/s3.ts). */
  backendUrl?: string;
}

/** Where a running `pulumi` is: its process, and its exit with what it printed. */
export interface Started {
  child: ChildProcess;
  done: Promise<Run>;
}

/**
 * A program directory holding `program` (JavaScript) as index.js, with @pulumi/pulumi and this
 * package installed as links — or, with `packageCopy`, a copy of this package that a test can
 * "upgrade" in place; with `installed`, both as real directories, as npm installs them; or, given
 * `{ directory }`, a project the test made itself (its own Pulumi.yaml, program and node_modules),
 * used as it is.
 */
export class Workspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "macie-e2e-"));
  readonly program: string;
  readonly packageDir: string;
  private readonly backendUrl: string;
  /** The project name in Pulumi.yaml of a program this workspace made. */
  static readonly PROJECT = "macie-basic";

  constructor(
    program: string | { directory: string },
    private readonly bin: string,
    private readonly awsEnv: NodeJS.ProcessEnv,
    options: WorkspaceOptions = {},
  ) {
    fs.mkdirSync(path.join(this.root, "state"));
    this.backendUrl = options.backendUrl ?? `file://${path.join(this.root, "state")}`;
    if (typeof program !== "string") {
      this.program = program.directory;
      this.packageDir = path.join(this.program, "node_modules", "pulumi-macie-member-status");
      return;
    }
    this.program = path.join(this.root, "program");
    const modules = path.join(this.program, "node_modules");
    if (options.installed) {
      this.packageDir = installInto(modules, REPO_ROOT);
    } else {
      fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
      fs.symlinkSync(
        path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
        path.join(modules, "@pulumi", "pulumi"),
        "dir",
      );
      this.packageDir = options.packageCopy ? this.copyPackage() : REPO_ROOT;
      fs.symlinkSync(this.packageDir, path.join(modules, "pulumi-macie-member-status"), "dir");
    }
    fs.writeFileSync(path.join(this.program, "index.js"), program);
    fs.writeFileSync(
      path.join(this.program, "package.json"),
      JSON.stringify({ name: "macie-e2e", private: true, main: "index.js" }),
    );
    fs.writeFileSync(
      path.join(this.program, "Pulumi.yaml"),
      `name: ${Workspace.PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
  }

  /** A copy of the built package (package.json and dist/), its dependencies linked from the checkout. */
  private copyPackage(): string {
    const dir = path.join(this.root, "package");
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
    fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: `${this.bin}${path.delimiter}${process.env.PATH ?? ""}`,
      HOME: process.env.HOME,
      PULUMI_HOME: path.join(this.root, "pulumi-home"),
      PULUMI_BACKEND_URL: this.backendUrl,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...this.awsEnv,
      ...extra,
    };
  }

  pulumi(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    return this.start(args, extraEnv).done;
  }

  /** Starts pulumi and returns at once: for a caller that watches or kills the process. */
  start(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Started {
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd: this.program,
      env: this.env(extraEnv),
    });
    const done = new Promise<Run>((resolve, reject) => {
      let output = "";
      let stdout = "";
      child.stdout.on("data", (c: Buffer) => {
        output += c.toString();
        stdout += c.toString();
      });
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), output, stdout }));
    });
    return { child, done };
  }

  /** Replaces the program (index.js) of a program this workspace made: the next version of a user's code. */
  writeProgram(program: string): void {
    fs.writeFileSync(path.join(this.program, "index.js"), program);
  }

  /** The stack's checkpoint file on the file backend (a program this workspace made). */
  stateFile(stack: string): string {
    return path.join(this.root, "state", ".pulumi", "stacks", Workspace.PROJECT, `${stack}.json`);
  }

  /** Runs pulumi and fails with its output when it exits non-zero. */
  async ok(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    const run = await this.pulumi(args, extraEnv);
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${run.code}:\n${run.output}`);
    return run.output;
  }

  async newStack(
    name: string,
    accounts: Record<string, string>,
    keepOnDestroy: string[] = [],
  ): Promise<void> {
    await this.ok(["stack", "init", name]);
    await this.ok(["config", "set", "aws:region", "us-east-1"]);
    await this.ok(["config", "set", "macie-basic:accounts", JSON.stringify(accounts), "--path=false"]);
    if (keepOnDestroy.length)
      await this.ok(["config", "set", "macie-basic:keepOnDestroy", JSON.stringify(keepOnDestroy)]);
  }

  /** Removes the backend, PULUMI_HOME and a program directory this workspace made (not a given one). */
  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** examples/basic as built to dist/, which a workspace runs as its index.js. */
export function exampleProgram(): string {
  return fs.readFileSync(path.join(REPO_ROOT, "dist", "examples", "basic", "index.js"), "utf8");
}

/** One resource step the engine reported, as in engine.ts. */
export interface CliStep {
  urn: string;
  name: string;
  op: string;
  error?: string;
}

interface StepMetadata {
  op: string;
  urn: string;
  type: string;
}

/**
 * Our resources' steps from `--json` output: `up`, `refresh` and `destroy` print an event stream
 * (one JSON object a line), `preview` one document with `steps`.
 */
export function stepsOf(stdout: string): CliStep[] {
  const steps = new Map<string, CliStep>();
  const add = (meta: StepMetadata, error?: string) => {
    if (meta.type === "pulumi:pulumi:Stack") return;
    const prior = steps.get(meta.urn);
    steps.set(meta.urn, {
      urn: meta.urn,
      name: meta.urn.split("::").pop()!,
      op: meta.op ?? prior?.op,
      error: error ?? prior?.error,
    });
  };
  const text = stdout.trim();
  if (text.startsWith("{\n")) {
    for (const step of (JSON.parse(text) as { steps?: StepMetadata[] }).steps ?? []) {
      add({ ...step, type: step.urn.split("::")[2] });
    }
    return [...steps.values()];
  }
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as {
      resOutputsEvent?: { metadata: StepMetadata };
      resOpFailedEvent?: { metadata: StepMetadata };
      diagnosticEvent?: { urn?: string; message: string; severity: string };
    };
    const done = event.resOutputsEvent ?? event.resOpFailedEvent;
    if (done) add(done.metadata);
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error" && diag.urn) {
      add(
        { urn: diag.urn, op: steps.get(diag.urn)?.op ?? "failed", type: diag.urn.split("::")[2] },
        diag.message.trim(),
      );
    }
  }
  return [...steps.values()];
}
