// `node dist/bench/s3-checkpoints.js [--singles 1000] [--policy 10000]`: what Pulumi's checkpoint
// costs on an S3 state backend beside the file backend, through the real CLI. The same stack on
// both — N single MacieMemberStatus resources with Pulumi's default checkpointing, and the policy
// over N members in one region — `up`, a no-op `up` and `destroy`, one after the other, the
// emulator with no rate limit (so the engine and its checkpoint set the pace, not Macie). On S3,
// the local server (tools/s3-server) counts the requests and the bytes PUT. Prints one JSON line
// a stack and a Markdown table.
import * as os from "node:os";
import { parseArgs } from "node:util";
import { MacieEmulator } from "../emulator/emulator";
import { builtCli, Workspace } from "../harness/cli";
import { S3Server, type S3Counts } from "../harness/s3";
import { BENCH_CREDENTIALS } from "./in-process";

const FIRST = 610000000000;
const STEPS: [string, string[]][] = [
  ["up", ["up", "--yes", "--skip-preview"]],
  ["no-op up", ["up", "--yes", "--skip-preview"]],
  ["destroy", ["destroy", "--yes", "--skip-preview"]],
];

interface Row {
  stack: string;
  backend: "file" | "s3";
  step: string;
  seconds: number;
  writes: number;
  s3?: { puts: number; gets: number; putMB: number };
}

const singles = (n: number) => `
const { MacieMemberStatus } = require("pulumi-macie-member-status");
for (let i = 0; i < ${n}; i++) {
  const accountId = String(${FIRST} + i);
  new MacieMemberStatus("m-" + accountId, { accountId, status: "PAUSED", region: "us-east-1" });
}
`;
const policy = `
const { MacieMemberStatusPolicy } = require("pulumi-macie-member-status");
new MacieMemberStatusPolicy("org", { regions: ["us-east-1"], defaultStatus: "PAUSED" });
`;

async function stack(name: string, program: string, n: number, bin: string, s3?: S3Server): Promise<Row[]> {
  const emu = new MacieEmulator();
  const url = await emu.start();
  emu.seed(
    Array.from({ length: n }, (_, i) => ({ accountId: String(FIRST + i), relationshipStatus: "Enabled" })),
  );
  const ws = new Workspace(
    program,
    bin,
    {
      ...BENCH_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    { installed: true, ...(s3 ? { backendUrl: s3.backendUrl() } : {}) },
  );
  const rows: Row[] = [];
  try {
    const stackName = `${name.replace(/[^a-z0-9]/g, "")}${Date.now()}`;
    await ws.ok(["stack", "init", stackName]);
    for (const [step, args] of STEPS) {
      const before: S3Counts | undefined = await s3?.counts();
      const writes = emu.counts.writesApplied;
      const start = performance.now();
      await ws.ok(args);
      const seconds = (performance.now() - start) / 1000;
      const after = await s3?.counts();
      const row: Row = {
        stack: name,
        backend: s3 ? "s3" : "file",
        step,
        seconds,
        writes: emu.counts.writesApplied - writes,
      };
      if (before && after)
        row.s3 = {
          puts: (after.requests.PUT ?? 0) - (before.requests.PUT ?? 0),
          gets: (after.requests.GET ?? 0) - (before.requests.GET ?? 0),
          putMB: (after.putBytes - before.putBytes) / 1e6,
        };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  } finally {
    ws.remove();
    await emu.stop();
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { singles: { type: "string", default: "1000" }, policy: { type: "string", default: "10000" } },
  });
  const bin = builtCli();
  if (!bin) throw new Error("the Pulumi CLI is not built: run `npm run pulumi:build`");
  const s3 = await S3Server.start();
  const rows: Row[] = [];
  try {
    const plans: [string, string, number][] = [];
    const nSingles = Number(values.singles);
    const nPolicy = Number(values.policy);
    if (nSingles > 0) plans.push([`${nSingles} singles`, singles(nSingles), nSingles]);
    if (nPolicy > 0) plans.push([`policy ${nPolicy} × 1 region`, policy, nPolicy]);
    for (const [name, program, n] of plans) {
      rows.push(...(await stack(name, program, n, bin)));
      rows.push(...(await stack(name, program, n, bin, s3)));
    }
  } finally {
    await s3.stop();
  }
  console.log(`\nnproc ${os.cpus().length}, ${new Date().toISOString()}\n`);
  console.log(
    "| stack | operation | file backend | S3 backend | S3 ÷ file | S3 PUTs / GETs | MB PUT | Macie writes |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows.filter((row) => row.backend === "s3")) {
    const f = rows.find((row) => row.backend === "file" && row.stack === r.stack && row.step === r.step)!;
    console.log(
      `| ${r.stack} | ${r.step} | ${f.seconds.toFixed(1)} s | ${r.seconds.toFixed(1)} s | ${(r.seconds / f.seconds).toFixed(2)}× | ${r.s3!.puts} / ${r.s3!.gets} | ${r.s3!.putMB.toFixed(1)} | ${r.writes} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
