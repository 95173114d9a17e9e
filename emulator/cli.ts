#!/usr/bin/env node
// macie-emulator --port N [--region R] [--members N] [--status Enabled] [--rate R --burst B] [--busy-ms MS]
// Starts the local Macie2 members API. Point the provider at it with AWS_ENDPOINT_URL_MACIE2.
import { parseArgs } from "node:util";
import { MacieEmulator } from "./emulator";

const USAGE =
  "usage: macie-emulator [--port N] [--region us-east-1] [--members N] [--status Enabled|Paused|…] " +
  "[--rate CALLS_PER_SECOND --burst N] [--busy-ms MS] [--latency-ms MS]";

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number ≥ 0; got ${JSON.stringify(raw)}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      region: { type: "string" },
      members: { type: "string" },
      status: { type: "string" },
      rate: { type: "string" },
      burst: { type: "string" },
      "busy-ms": { type: "string" },
      "latency-ms": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return void console.log(USAGE);
  const rate = int("rate", values.rate, 0);
  const emu = new MacieEmulator({
    defaultRegion: values.region ?? "us-east-1",
    busyWindowMs: int("busy-ms", values["busy-ms"], 0),
    latencyMs: int("latency-ms", values["latency-ms"], 0),
    rateLimit: rate > 0 ? { ratePerSecond: rate, burst: int("burst", values.burst, rate) } : undefined,
  });
  const count = int("members", values.members, 0);
  emu.seed(
    Array.from({ length: count }, (_, i) => ({
      accountId: String(100000000000 + i),
      relationshipStatus: values.status ?? "Enabled",
    })),
  );
  const url = await emu.start(int("port", values.port, 0));
  console.log(`macie-emulator listening on ${url} with ${count} member(s)`);
  console.log(`export AWS_ENDPOINT_URL_MACIE2=${url}`);
  const stop = () => void emu.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(2);
});
