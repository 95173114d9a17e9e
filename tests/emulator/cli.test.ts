// The emulator as a user tool: `macie-emulator` (the built dist/emulator/cli.js, and through npx)
// prints what it serves, seeds from a file with errors that name the field, documents every option
// and control call, and on SIGINT or SIGTERM stops and frees its port.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { CLI_OPTIONS, help, unknownOptions } from "../../emulator/cli-options";
import { relationshipStatusFrom } from "../../emulator/cli-values";
import { CONTROL_CALLS } from "../../emulator/control";
import { membersFromSeedFile } from "../../emulator/seed-file";
import { until } from "./clients";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "dist/emulator/cli.js");

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  /** The emulator's own pid, from its startup line (under npx it is not the child's). */
  pid: number;
  /** Everything it printed up to the end of the startup message. */
  out: string;
}

/**
 * Runs the CLI (or `npx macie-emulator`, in a process group of its own, as a shell runs it) and
 * waits for its whole startup message; kills it if that does not come within `ms`.
 */
function start(args: string[], via: "node" | "npx" = "node", ms = 20_000): Promise<Started> {
  const child =
    via === "node"
      ? spawn(process.execPath, [CLI, ...args], { cwd: ROOT })
      : spawn("npx", ["--offline", "macie-emulator", ...args], { cwd: ROOT, detached: true });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`no startup message within ${ms} ms: ${out} ${err}`));
    }, ms);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+) \(pid (\d+)\)[\s\S]*\ncontrol API: .*\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, url: m[1], port: Number(new URL(m[1]).port), pid: Number(m[2]), out });
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited with ${code} before it started: ${err}`));
    });
  });
}

/** SIGKILL to what a test started: the child, and its process group when it has one of its own. */
function killGroup(child: ChildProcessWithoutNullStreams): void {
  if (child.pid === undefined) return;
  for (const target of [-child.pid, child.pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone, or not a group leader
    }
  }
}

/** Runs the CLI to its end: exit code, stdout, stderr. */
function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills what a test started and left running (a failed test must not leave a server behind). */
function cleanUp(started: Started | undefined): void {
  if (!started) return;
  if (alive(started.pid)) process.kill(started.pid, "SIGKILL");
  if (started.child.exitCode === null && started.child.signalCode === null) killGroup(started.child);
}

function seedFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "macie-emulator-")), "seed.json");
  writeFileSync(file, content);
  return file;
}

describe("macie-emulator CLI as a user tool", function () {
  this.timeout(30_000);

  it("prints its URL, the administrator and every seeded account by region", async () => {
    const file = seedFile(
      JSON.stringify({ "eu-west-1": { "111111111111": "Paused", "222222222222": "Invited" } }),
    );
    let started: Started | undefined;
    try {
      started = await start(["--members", "2", "--seed", file, "--admin", "888888888888"]);
      const lines = started.out.trim().split("\n");
      expect(lines).to.deep.equal([
        `macie-emulator listening on ${started.url} (pid ${started.pid})`,
        "administrator account 888888888888",
        "eu-west-1: 2 member(s): 111111111111 Paused, 222222222222 Invited",
        "us-east-1: 2 member(s): 100000000000 Enabled, 100000000001 Enabled",
        `export AWS_ENDPOINT_URL_MACIE2=${started.url} AWS_ENDPOINT_URL_STS=${started.url}`,
        `control API: ${started.url}/__control/ (macie-emulator --help); Ctrl-C or SIGTERM stops it`,
      ]);
      const members = await fetch(`${started.url}/__control/members?region=eu-west-1`);
      expect(await members.json()).to.deep.equal({ "111111111111": "Paused", "222222222222": "Invited" });
    } finally {
      started?.child.kill("SIGTERM");
      if (started) await exited(started.child);
      cleanUp(started);
    }
  });

  it("says so when no member is seeded, and lists only the first 10 of a region", async () => {
    let started: Started | undefined;
    try {
      started = await start([]);
      expect(started.out).to.contain("\nno members seeded (POST /__control/members adds some)\n");
    } finally {
      started?.child.kill("SIGTERM");
      if (started) await exited(started.child);
    }
    try {
      started = await start(["--members", "12", "--region", "ap-south-1"]);
      expect(started.out).to.match(
        /\nap-south-1: 12 member\(s\): 100000000000 Enabled, .*100000000009 Enabled, \.\.\. and 2 more\n/,
      );
    } finally {
      started?.child.kill("SIGTERM");
      if (started) await exited(started.child);
      cleanUp(started);
    }
  });

  describe("--seed FILE", () => {
    it("reads members per region", () => {
      expect(
        membersFromSeedFile(
          '{"us-east-1": {"111111111111": "Enabled"}, "us-gov-west-1": {"222222222222": "Paused"}}',
          "f",
        ),
      ).to.deep.equal([
        { accountId: "111111111111", relationshipStatus: "Enabled", region: "us-east-1" },
        { accountId: "222222222222", relationshipStatus: "Paused", region: "us-gov-west-1" },
      ]);
    });

    it("takes a status as --status does: PAUSED is Paused", () => {
      expect(
        membersFromSeedFile('{"us-east-1": {"111111111111": "PAUSED", "222222222222": "enabled"}}', "f"),
      ).to.deep.equal([
        { accountId: "111111111111", relationshipStatus: "Paused", region: "us-east-1" },
        { accountId: "222222222222", relationshipStatus: "Enabled", region: "us-east-1" },
      ]);
    });

    const BAD: [string, string, RegExp][] = [
      ["not JSON", "{us-east-1", /--seed f: not JSON: /],
      ["not an object", "[]", /--seed f: must be an object of region → \{ accountId: status \}/],
      ["a bad region", '{"us_east_1": {}}', /--seed f: "us_east_1" is not a region like "us-east-1"/],
      [
        "a region that is not an object",
        '{"us-east-1": ["111111111111"]}',
        /--seed f: "us-east-1" must be an object of accountId → status/,
      ],
      [
        "a bad account id",
        '{"us-east-1": {"1111": "Enabled"}}',
        /--seed f: "us-east-1"\."1111": "1111" is not a 12-digit account id/,
      ],
      [
        "a bad status",
        '{"us-east-1": {"111111111111": "Enabeld"}}',
        /--seed f: "us-east-1"\."111111111111": status must be one of Enabled, Paused, .*, AccountSuspended \(any case: ENABLED and PAUSED work too\); got "Enabeld" \(did you mean "Enabled"\?\)$/,
      ],
      [
        "a status that is not a string",
        '{"us-east-1": {"111111111111": 1}}',
        /--seed f: "us-east-1"\."111111111111": status must be one of .*; got 1$/,
      ],
    ];
    for (const [what, json, message] of BAD) {
      it(`refuses ${what}, naming the field`, () => {
        expect(() => membersFromSeedFile(json, "f")).to.throw(message);
      });
    }

    it("stops the CLI with exit code 2 and the message, before it listens", async () => {
      const file = seedFile('{"us-east-1": {"111111111111": "Active"}}');
      const { code, out, err } = await run(["--seed", file]);
      expect(code).to.equal(2);
      expect(out).to.equal("");
      expect(err).to.contain(
        `macie-emulator: --seed ${file}: "us-east-1"."111111111111": status must be one of`,
      );
      const missing = await run(["--seed", `${file}.missing`]);
      expect(missing.code).to.equal(2);
      expect(missing.err).to.contain(`--seed ${file}.missing: cannot read it: ENOENT`);
    });
  });

  describe("values and options as users type them", () => {
    it("maps a status in any case to Macie's: ENABLED, PAUSED, email_verification_failed", () => {
      const typed: [string, string][] = [
        ["ENABLED", "Enabled"],
        ["PAUSED", "Paused"],
        ["paused", "Paused"],
        ["Invited", "Invited"],
        ["EMAIL_VERIFICATION_FAILED", "EmailVerificationFailed"],
        ["account-suspended", "AccountSuspended"],
      ];
      for (const [raw, status] of typed)
        expect(relationshipStatusFrom(raw, "--status"), raw).to.equal(status);
    });

    it("names the closest status for a typo", () => {
      const typos: [string, string][] = [
        ["Pasued", "Paused"],
        ["ENABLD", "Enabled"],
        ["invted", "Invited"],
        ["RegionDisable", "RegionDisabled"],
      ];
      for (const [raw, status] of typos)
        expect(() => relationshipStatusFrom(raw, "--status"), raw).to.throw(`(did you mean "${status}"?)`);
    });

    it("names the closest option for an unknown one", () => {
      expect(
        unknownOptions(["--members", "3", "--stauts", "PAUSED", "--read-lag=5", "--port", "0"]),
      ).to.deep.equal(["--stauts (did you mean --status?)", "--read-lag (did you mean --read-lag-ms?)"]);
      expect(unknownOptions(["--members", "3", "--status", "PAUSED"])).to.deep.equal([]);
    });

    it("starts with --status PAUSED, seeding Paused members", async () => {
      let started: Started | undefined;
      try {
        started = await start(["--members", "2", "--status", "PAUSED"]);
        expect(started.out).to.contain(
          "\nus-east-1: 2 member(s): 100000000000 Paused, 100000000001 Paused\n",
        );
      } finally {
        started?.child.kill("SIGTERM");
        if (started) await exited(started.child);
        cleanUp(started);
      }
    });

    const REFUSED: [string, string[], string][] = [
      [
        "a misspelt status",
        ["--status", "Pasued"],
        'macie-emulator: --status must be one of Enabled, Paused, Invited, Created, Removed, Resigned, EmailVerificationInProgress, EmailVerificationFailed, RegionDisabled, AccountSuspended (any case: ENABLED and PAUSED work too); got "Pasued" (did you mean "Paused"?)\n',
      ],
      [
        "a misspelt option",
        ["--members", "2", "--stauts", "PAUSED"],
        "macie-emulator: unknown option --stauts (did you mean --status?)\n",
      ],
      [
        "a misspelt --non-member answer",
        ["--non-member", "not-asociated"],
        'macie-emulator: --non-member must be one of not-found, not-associated, not-enabled, associated-conflict; got "not-asociated" (did you mean "not-associated"?)\n',
      ],
    ];
    for (const [what, args, message] of REFUSED) {
      it(`stops with exit code 2 on ${what}, naming the option and the closest value`, async () => {
        const { code, out, err } = await run(args);
        expect(code).to.equal(2);
        expect(out).to.equal("");
        expect(err).to.equal(`${message}run macie-emulator --help for the options\n`);
      });
    }
  });

  it("--help names every option and every control call; emulator/README.md documents them all", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).to.equal(0);
    expect(out.trim()).to.equal(help());
    const readme = readFileSync(path.join(ROOT, "emulator/README.md"), "utf8");
    for (const option of CLI_OPTIONS) {
      expect(out).to.contain(`--${option.name}`);
      expect(readme, `README: --${option.name}`).to.contain(`\`--${option.name}`);
    }
    for (const call of CONTROL_CALLS) {
      expect(out).to.contain(`${call.method} ${call.path}`);
      expect(readme, `README: ${call.method} ${call.path}`).to.match(
        new RegExp(`\\|\\s*${call.method}\\s*\\|\\s*\`${call.path}\`\\s*\\|`),
      );
    }
  });

  describe("stops and frees its port", () => {
    before(() => {
      // npm makes a package's bin executable when it installs it; `npm run build` in this
      // repository writes a fresh cli.js without the bit, and npx runs the file itself.
      chmodSync(CLI, 0o755);
    });

    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      it(`on ${signal}, even with a connection held open`, async () => {
        let started: Started | undefined;
        try {
          started = await start(["--members", "1"]);
          const { url, port, child } = started;
          await fetch(`${url}/__control/faults`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ kind: "hold-before", operation: "GetMember" }),
          });
          const held = fetch(`${url}/members/100000000000`, {
            headers: {
              authorization: "AWS4-HMAC-SHA256 Credential=AKIAX/20261127/us-east-1/macie2/aws4_request",
            },
          }).then(
            () => "answered",
            () => "connection ended",
          );
          await until(async () => {
            const counters = (await (await fetch(`${url}/__control/counters`)).json()) as {
              operations: { GetMember: { answers: Record<string, number> } };
            };
            return counters.operations.GetMember.answers.held === 1;
          });
          child.kill(signal);
          expect(await exited(child)).to.equal(0);
          expect(await held).to.equal("connection ended");
          expect(await portIsFree(port)).to.equal(true);
        } finally {
          cleanUp(started);
        }
      });

      // SIGTERM to the npx process alone (`kill <pid>`): npm passes it to the `sh -c` it runs the bin
      // under, which dies without passing it on; the emulator sees its parent go and stops.
      // SIGINT to the process group, as Ctrl-C sends it: `sh -c` waits for its child on SIGINT, so a
      // SIGINT to the npx process alone never reaches the emulator (emulator/README.md says so).
      it(`on ${signal} to npx macie-emulator (${signal === "SIGTERM" ? "its process" : "its process group, as Ctrl-C"})`, async function () {
        this.timeout(60_000);
        let started: Started | undefined;
        try {
          started = await start(["--members", "1"], "npx");
          const { port, pid, child } = started;
          expect(pid).to.not.equal(child.pid); // npx runs it in a process of its own
          const npx = child.pid ?? 0;
          process.kill(signal === "SIGTERM" ? npx : -npx, signal);
          await exited(child);
          await until(() => !alive(pid), 10_000);
          expect(await portIsFree(port)).to.equal(true);
        } finally {
          cleanUp(started);
        }
      });
    }
  });
});
