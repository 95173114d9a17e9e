// Each example as its README says: the README's commands, in order, as a user types them — the
// emulator started by its own command with the example's seed file, then every command of the
// session in one shell — under the real Pulumi CLI. Checked after each command: its exit code, and
// what Macie holds (the emulator's control API), against what the README says. Running an example
// must leave no file git tracks modified and nothing new that git does not ignore.
//
// Where the test differs from a user, and why: the example runs in a copy (a git repository of its
// own, with this repository's .gitignore) so that its `git status` can be checked without touching
// the checkout; the README's one-time set-up (`npm ci && npm run build`, `npm install`) is replaced by
// what `npm install` leaves (the package linked, as npm links a `file:` dependency, its bin in
// node_modules/.bin, the checkout's dependencies linked), with npm kept offline; port 4566 is a free
// port; stdin is /dev/null, as Pulumi sees no terminal.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { requireBuiltCli } from "../../harness/cli";
import { REPO_ROOT } from "../../harness/host";

const README_PORT = "4566";

/** One command's end: its exit code and what it printed (stdout and stderr together). */
interface Ran {
  code: number;
  output: string;
}

/** The emulator's state through its control API: statuses per region, counters. */
interface Macie {
  statuses(region: string): Promise<Record<string, string>>;
  counters(): Promise<{ writesApplied: number; modelViolations: unknown[] }>;
}

/**
 * What the test checks after a command of the README's session (matched by its text; `nth` counts
 * the times the command ran before, for one the README gives twice).
 */
type Check = (ran: Ran, macie: Macie, dir: string, nth: number) => Promise<void> | void;

interface Example {
  name: string;
  /** Checks per command: every one must be a command of the README, and every command runs. */
  after: Record<string, Check>;
  /** The commands expected to fail, as the README says. */
  failing?: string[];
}

/** The README's ```sh blocks: the one-time set-up, the emulator's command, the session. */
function readmeOf(example: string): { text: string; setup: string[]; emulator: string[]; session: string[] } {
  const text = fs.readFileSync(path.join(REPO_ROOT, "examples", example, "README.md"), "utf8");
  const blocks = [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => commands(m[1]));
  expect(blocks, `examples/${example}/README.md: set-up, emulator, session`).to.have.length(3);
  const [setup, emulator, session] = blocks;
  return { text, setup, emulator, session };
}

/** A block's commands: lines, a trailing `\` joining the next; blank lines and comments dropped. */
function commands(block: string): string[] {
  return block
    .replace(/\\\n/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** A port no one listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function git(args: string[], cwd: string): string {
  const run = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")} in ${cwd}: ${run.stderr}`);
  return run.stdout;
}

/**
 * A git repository in `root` holding the example as this checkout has it (what git tracks or would
 * add, as in pack.e2e.ts) and this repository's .gitignore, committed; returns the example's directory.
 */
function copyExample(example: string, root: string): string {
  const listed = git(
    [
      "ls-files",
      "-z",
      "--cached",
      "--others",
      "--exclude-standard",
      "--",
      `examples/${example}`,
      ".gitignore",
    ],
    REPO_ROOT,
  );
  for (const file of listed.split("\0").filter(Boolean)) {
    if (!fs.existsSync(path.join(REPO_ROOT, file))) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(root, file));
  }
  git(["init", "-q"], root);
  git(["add", "-A"], root);
  git(["-c", "user.name=e2e", "-c", "user.email=e2e@example.invalid", "commit", "-q", "-m", "example"], root);
  return path.join(root, "examples", example);
}

/**
 * What `npm install` in the example leaves: this package linked (npm links a `file:` dependency;
 * here to the checkout, which `../..` is in the checkout), its bins in node_modules/.bin, and the
 * dependencies (@pulumi/pulumi, typescript, @types/node and theirs) linked from the checkout.
 */
function installLinks(dir: string): void {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(path.join(modules, ".bin"), { recursive: true });
  const checkout = path.join(REPO_ROOT, "node_modules");
  for (const entry of fs.readdirSync(checkout)) {
    if (!entry.startsWith(".")) fs.symlinkSync(path.join(checkout, entry), path.join(modules, entry), "dir");
  }
  fs.symlinkSync(REPO_ROOT, path.join(modules, "pulumi-macie-member-status"), "dir");
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  for (const [name, file] of Object.entries(manifest.bin)) {
    fs.symlinkSync(path.join("..", "pulumi-macie-member-status", file), path.join(modules, ".bin", name));
    fs.chmodSync(path.join(REPO_ROOT, file), 0o755); // as npm makes a bin executable
  }
}

/** The environment of both terminals: a clean one (no AWS_* of this machine), the CLI on PATH. */
function terminalEnv(root: string, bin: string): NodeJS.ProcessEnv {
  fs.mkdirSync(path.join(root, "tmp"));
  return {
    PATH: [bin, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    HOME: process.env.HOME,
    TMPDIR: path.join(root, "tmp"), // where the README's `mktemp -d` puts the state
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
  };
}

/** The first terminal: the README's emulator command, until Ctrl-C (SIGINT to its process group). */
async function startEmulator(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn("bash", ["-c", command], { cwd, env, detached: true });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGINT");
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no startup message within 30 s: ${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+) [\s\S]*\ncontrol API: /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code}: ${out}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, stop };
}

/** The second terminal: one bash, reading the session's commands one at a time as a user types them. */
class Terminal {
  private readonly bash: ChildProcess;
  private output = "";
  private waiting: (() => void) | undefined;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.bash = spawn("bash", ["--noprofile", "--norc"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const read = (chunk: Buffer) => {
      this.output += chunk.toString();
      this.waiting?.();
    };
    this.bash.stdout!.on("data", read);
    this.bash.stderr!.on("data", read);
  }

  /** Runs `command` in this shell (its exports and `cd` stay, as in a terminal) and waits for its end. */
  async run(command: string): Promise<Ran> {
    const marker = `__macie_e2e_done_${Math.random().toString(36).slice(2)}`;
    this.output = "";
    // The braces keep the command in this shell; stdin is /dev/null, not the commands still to come.
    this.bash.stdin!.write(`{\n${command}\n} < /dev/null 2>&1\nprintf '\\n${marker} %d\\n' $?\n`);
    const ends = new RegExp(`\\n${marker} (\\d+)\\n`);
    for (;;) {
      const m = ends.exec(this.output);
      if (m) return { code: Number(m[1]), output: this.output.slice(0, m.index) };
      if (this.bash.exitCode !== null) throw new Error(`the shell exited: ${this.output}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  close(): void {
    this.bash.stdin!.end();
    this.bash.kill();
  }
}

function controlOf(url: string): Macie {
  const get = async <T>(route: string): Promise<T> =>
    (await (await fetch(`${url}/__control/${route}`)).json()) as T;
  return {
    statuses: (region) => get(`members?region=${region}`),
    counters: () => get("counters"),
  };
}

/** A shell command's JSON output (after whatever the command printed before it on other lines). */
function jsonOf(output: string): unknown {
  return JSON.parse(output.slice(output.search(/^[{[]/m)));
}

const BASIC = {
  afterUp: {
    "210000000001": "Enabled",
    "210000000002": "Enabled",
    "210000000003": "Paused",
    "210000000004": "Paused",
    "210000000005": "Enabled",
    "210000000006": "Paused",
  },
  afterDestroy: {
    "210000000001": "Enabled",
    "210000000002": "Enabled",
    "210000000003": "Enabled",
    "210000000004": "Enabled",
    "210000000005": "Enabled",
    "210000000006": "Paused",
  },
};

const POLICY = {
  afterUp: {
    "us-west-2": {
      "111111111111": "Enabled",
      "222222222222": "Enabled",
      "333333333333": "Enabled",
      "444444444444": "Enabled",
      "555555555555": "Paused",
      "666666666666": "Paused",
    },
    "eu-west-1": {
      "111111111111": "Enabled",
      "222222222222": "Enabled",
      "333333333333": "Paused",
      "444444444444": "Paused",
      "555555555555": "Paused",
      "777777777777": "Invited",
    },
  },
  afterDestroy: {
    "us-west-2": {
      "111111111111": "Enabled",
      "222222222222": "Enabled",
      "333333333333": "Enabled",
      "444444444444": "Enabled",
      "555555555555": "Enabled",
      "666666666666": "Enabled",
    },
    "eu-west-1": {
      "111111111111": "Enabled",
      "222222222222": "Enabled",
      "333333333333": "Enabled",
      "444444444444": "Paused",
      "555555555555": "Enabled",
      "777777777777": "Invited",
    },
  },
  counts: { "eu-west-1": { ENABLED: 2, PAUSED: 2 }, "us-west-2": { ENABLED: 3, PAUSED: 2 } },
};

const EXAMPLES: Example[] = [
  {
    name: "basic",
    after: {
      "pulumi up --yes": async (_ran, macie) => {
        // The first up: 2 writes (210000000004 was Paused already); the second: none.
        expect(await macie.statuses("us-east-1")).to.deep.equal(BASIC.afterUp);
        expect((await macie.counters()).writesApplied).to.equal(2);
      },
      "curl -s http://127.0.0.1:4566/__control/members": (ran, _macie, _dir, nth) => {
        // What the user is shown: after the first up, then after destroy.
        expect(jsonOf(ran.output)).to.deep.equal(nth === 0 ? BASIC.afterUp : BASIC.afterDestroy);
      },
      "pulumi preview --refresh --expect-no-changes": async (ran, macie) => {
        expect(ran.output).to.contain("member-210000000003").and.contain("no changes were expected");
        expect((await macie.counters()).writesApplied).to.equal(2);
      },
      "pulumi up --refresh --yes": async (_ran, macie) => {
        expect(await macie.statuses("us-east-1")).to.deep.equal(BASIC.afterUp);
        expect((await macie.counters()).writesApplied).to.equal(3);
      },
      "pulumi destroy --yes": async (_ran, macie) => {
        expect(await macie.statuses("us-east-1")).to.deep.equal(BASIC.afterDestroy);
      },
      "pulumi stack rm --yes local": (_ran, _macie, dir) => {
        expect(fs.existsSync(path.join(dir, "Pulumi.local.yaml"))).to.equal(false);
      },
    },
    failing: ["pulumi preview --refresh --expect-no-changes"],
  },
  {
    name: "org-policy",
    after: {
      "pulumi up --yes": async (_ran, macie) => {
        expect(await macie.statuses("us-west-2")).to.deep.equal(POLICY.afterUp["us-west-2"]);
        expect(await macie.statuses("eu-west-1")).to.deep.equal(POLICY.afterUp["eu-west-1"]);
        expect((await macie.counters()).writesApplied).to.equal(4);
      },
      "pulumi stack output counts --json": (ran) => {
        expect(jsonOf(ran.output)).to.deep.equal(POLICY.counts);
      },
      "curl -s 'http://127.0.0.1:4566/__control/members?region=us-west-2'": (ran) => {
        expect(jsonOf(ran.output)).to.deep.equal(POLICY.afterUp["us-west-2"]);
      },
      "curl -s 'http://127.0.0.1:4566/__control/members?region=eu-west-1'": (ran) => {
        expect(jsonOf(ran.output)).to.deep.equal(POLICY.afterUp["eu-west-1"]);
      },
      "pulumi preview --expect-no-changes": async (_ran, macie) => {
        expect((await macie.counters()).writesApplied).to.equal(4);
      },
      "pulumi destroy --yes": async (_ran, macie) => {
        expect(await macie.statuses("us-west-2")).to.deep.equal(POLICY.afterDestroy["us-west-2"]);
        expect(await macie.statuses("eu-west-1")).to.deep.equal(POLICY.afterDestroy["eu-west-1"]);
        expect((await macie.counters()).writesApplied).to.equal(8);
      },
      "pulumi stack rm --yes local": (_ran, _macie, dir) => {
        expect(fs.existsSync(path.join(dir, "Pulumi.local.yaml"))).to.equal(false);
      },
    },
  },
];

describe("the examples, run as their READMEs say", function () {
  this.timeout(300_000);
  const bin = requireBuiltCli();

  it("the READMEs state what the runs show", () => {
    // The figures the checks below hold the runs to, as each README prints them.
    expect(readmeOf("basic").text).to.contain(JSON.stringify(BASIC.afterUp));
    expect(readmeOf("org-policy").text).to.contain(JSON.stringify(POLICY.counts));
  });

  for (const example of EXAMPLES) {
    it(`examples/${example.name}: every command, against its seed, leaves git status clean`, async () => {
      const readme = readmeOf(example.name);
      // The set-up this test replaces with installLinks: if it changes, so must the test.
      expect(readme.setup).to.deep.equal([
        "npm ci && npm run build",
        `cd examples/${example.name}`,
        "npm install",
      ]);
      const unmatched = Object.keys(example.after).filter((c) => !readme.session.includes(c));
      expect(unmatched, "checks for commands the README does not have").to.deep.equal([]);

      const statusBefore = git(["status", "--porcelain"], REPO_ROOT);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `macie-example-${example.name}-`));
      const port = String(await freePort());
      const onPort = (command: string) => command.replaceAll(README_PORT, port);
      let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
      let terminal: Terminal | undefined;
      const timings: string[] = [];
      try {
        fs.mkdirSync(path.join(root, "repo"));
        const dir = copyExample(example.name, path.join(root, "repo"));
        installLinks(dir);
        const env = terminalEnv(root, bin);
        expect(readme.emulator).to.have.length(1);
        emulator = await startEmulator(onPort(readme.emulator[0]), dir, env);
        const macie = controlOf(emulator.url);
        terminal = new Terminal(dir, env);
        const seen = new Map<string, number>();
        for (const command of readme.session) {
          const nth = seen.get(command) ?? 0;
          seen.set(command, nth + 1);
          const started = Date.now();
          const ran = await terminal.run(onPort(command));
          if (command.startsWith("pulumi "))
            timings.push(`${command} ${((Date.now() - started) / 1000).toFixed(1)} s`);
          const fails = example.failing?.includes(command) ?? false;
          expect(ran.code === 0, `${command} exited ${ran.code}:\n${ran.output}`).to.equal(!fails);
          await example.after[command]?.(ran, macie, dir, nth);
        }
        expect((await macie.counters()).modelViolations).to.deep.equal([]);
        // Nothing git tracks was changed, and nothing was made that git does not ignore.
        expect(git(["status", "--porcelain"], path.join(root, "repo"))).to.equal("");
      } finally {
        console.log(`      timings: ${timings.join(", ")}`);
        terminal?.close();
        await emulator?.stop();
        fs.rmSync(root, { recursive: true, force: true });
      }
      expect(git(["status", "--porcelain"], REPO_ROOT)).to.equal(statusBefore);
    });
  }
});
