#!/usr/bin/env node
// macie-emulator: the local Macie2 members API on a port, for trying a Pulumi program, or running
// a user's own tests, without AWS. `macie-emulator --help` lists every option and the control
// API; emulator/README.md says the same at more length.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CLI_OPTIONS, help, unknownOptions } from "./cli-options";
import { oneOf, relationshipStatusFrom } from "./cli-values";
import { MacieEmulator, type SeedMember } from "./emulator";
import { NON_MEMBER_ANSWERS } from "./non-member";
import { membersFromSeedFile } from "./seed-file";

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number ≥ 0; got ${JSON.stringify(raw)}`);
  return value;
}

type Values = Record<string, string | boolean | undefined>;

function parse(): Values {
  const unknown = unknownOptions(process.argv.slice(2));
  if (unknown.length > 0)
    throw new Error(`unknown option${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`);
  const { values } = parseArgs({
    options: Object.fromEntries(
      CLI_OPTIONS.map((o) => [o.name, { type: o.arg ? ("string" as const) : ("boolean" as const) }]),
    ),
  });
  return values;
}

function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

function emulatorFrom(values: Values): MacieEmulator {
  const rate = int("rate", str(values, "rate"), 0);
  const admin = str(values, "admin");
  if (admin !== undefined && !/^[0-9]{12}$/.test(admin))
    throw new Error(`--admin must be a 12-digit account id; got ${JSON.stringify(admin)}`);
  const emu = new MacieEmulator({
    adminAccountId: admin,
    defaultRegion: str(values, "region") ?? "us-east-1",
    busyWindowMs: int("busy-ms", str(values, "busy-ms"), 0),
    latencyMs: int("latency-ms", str(values, "latency-ms"), 0),
    rateLimit:
      rate > 0 ? { ratePerSecond: rate, burst: int("burst", str(values, "burst"), rate) } : undefined,
  });
  emu.setReadLag(int("read-lag-ms", str(values, "read-lag-ms"), 0));
  const nonMember = str(values, "non-member");
  if (nonMember !== undefined) emu.setNonMemberAnswer(oneOf(nonMember, NON_MEMBER_ANSWERS, "--non-member"));
  emu.seed(membersFrom(values));
  return emu;
}

function membersFrom(values: Values): SeedMember[] {
  const status = relationshipStatusFrom(str(values, "status") ?? "Enabled", "--status");
  const count = int("members", str(values, "members"), 0);
  const generated = Array.from({ length: count }, (_, i) => ({
    accountId: String(100000000000 + i),
    relationshipStatus: status,
    region: str(values, "region"),
  }));
  const file = str(values, "seed");
  return file === undefined ? generated : [...generated, ...membersFromSeedFile(readSeed(file), file)];
}

function readSeed(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`--seed ${file}: cannot read it: ${(error as Error).message}`, { cause: error });
  }
}

/** What a user needs to know once it listens: where, who is administrator, which members where. */
function startupMessage(emu: MacieEmulator, url: string): string {
  const lines = [
    `macie-emulator listening on ${url} (pid ${process.pid})`,
    `administrator account ${emu.adminAccountId}`,
  ];
  const regions = emu.regions();
  if (regions.length === 0) lines.push("no members seeded (POST /__control/members adds some)");
  for (const region of regions) {
    const members = Object.entries(emu.statuses(region));
    const shown = members.slice(0, 10).map(([id, status]) => `${id} ${status}`);
    const more = members.length > 10 ? `, ... and ${members.length - 10} more` : "";
    lines.push(`${region}: ${members.length} member(s): ${shown.join(", ")}${more}`);
  }
  lines.push(`export AWS_ENDPOINT_URL_MACIE2=${url} AWS_ENDPOINT_URL_STS=${url}`);
  lines.push(`control API: ${url}/__control/ (macie-emulator --help); Ctrl-C or SIGTERM stops it`);
  return lines.join("\n");
}

/**
 * Stops the server (held connections too) and exits on SIGINT, SIGTERM and SIGHUP, and when the
 * parent goes away: `npx` hands a signal to the `sh -c` it runs us under, which dies without
 * passing it on, so watching the parent is what frees the port when npx is signalled.
 */
function stopOnSignals(emu: MacieEmulator): void {
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) process.exit(1); // a second signal: stop waiting
    stopping = true;
    process.stdout.write(`macie-emulator stopping (${why})\n`);
    setTimeout(() => process.exit(1), 3_000).unref();
    void emu.stop().then(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop("its parent process exited"), 200).unref();
  // With the parent gone, stdout may be a closed pipe: that must not stop the shutdown.
  process.stdout.on("error", () => undefined);
}

async function main(): Promise<void> {
  const values = parse();
  if (values.help) return void console.log(help());
  const emu = emulatorFrom(values);
  const port = int("port", str(values, "port"), 0);
  const url = await emu.start(port).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === "EADDRINUSE" ? `--port ${port} is in use` : error.message, {
      cause: error,
    });
  });
  stopOnSignals(emu);
  console.log(startupMessage(emu, url));
}

main().catch((error: unknown) => {
  console.error(`macie-emulator: ${error instanceof Error ? error.message : String(error)}`);
  console.error("run macie-emulator --help for the options");
  process.exit(2);
});
