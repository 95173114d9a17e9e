// Refresh of N resources through the dynamic-provider host (the stand-in engine), against the
// emulator with a rate limit: reads served from the shared ListMembers scan (the default) beside
// one GetMember each (macie:readSnapshotSeconds 0), in the same run, each in a fresh host process
// as `pulumi refresh` has. Prints one JSON line per mode: Macie calls and wall time.
//
//   node dist/bench/refresh.js --n 1000 --rate 100 --parallel 8
import { parseArgs } from "node:util";
import { MacieEmulator } from "../emulator/emulator";
import { MiniEngine } from "../harness/engine";
import { DynamicProviderHost, REPO_ROOT } from "../harness/host";
import { declare, programDirectory } from "../harness/program";
import { MacieMemberStatus } from "../provider";
import { BENCH_CREDENTIALS } from "./in-process";

export interface RefreshOptions {
  n: number;
  rate: number;
  parallel: number;
}

export interface RefreshRow extends RefreshOptions {
  mode: "scan" | "getMember";
  seconds: number;
  getMember: number;
  listMembers: number;
  macieCalls: number;
  refreshed: number;
  failed: number;
}

export async function runRefresh(options: RefreshOptions): Promise<RefreshRow[]> {
  const { n, rate, parallel } = options;
  const emu = new MacieEmulator({ rateLimit: { ratePerSecond: rate, burst: rate } });
  const url = await emu.start();
  const accounts = Array.from({ length: n }, (_, i) => String(700000000000 + i));
  emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
  const dir = programDirectory(REPO_ROOT, []);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...BENCH_CREDENTIALS,
    AWS_ENDPOINT_URL_MACIE2: url,
  };
  const hosts: DynamicProviderHost[] = [];
  const host = async (config: Record<string, string>) => {
    const h = await DynamicProviderHost.start({ cwd: dir.dir, env });
    hosts.push(h);
    await h.configure(config);
    return h;
  };
  try {
    const declared = await declare(
      () =>
        accounts.forEach(
          (accountId) =>
            new MacieMemberStatus(`m-${accountId}`, { accountId, status: "ENABLED", region: "us-east-1" }),
        ),
      { project: "bench", stack: "refresh" },
    );
    const setup = new MiniEngine(await host({}), parallel);
    await setup.up(declared);
    const rows: RefreshRow[] = [];
    for (const [mode, config] of [
      ["scan", {}],
      ["getMember", { "macie:readSnapshotSeconds": "0" }],
    ] as const) {
      const engine = new MiniEngine(await host(config), parallel);
      for (const [urn, s] of setup.state) engine.state.set(urn, s);
      const before = emu.counts.operations;
      const [get0, list0] = [before.GetMember.calls, before.ListMembers.calls];
      const t0 = Date.now();
      const steps = await engine.refresh();
      const seconds = (Date.now() - t0) / 1000;
      const after = emu.counts.operations;
      const getMember = after.GetMember.calls - get0;
      const listMembers = after.ListMembers.calls - list0;
      rows.push({
        ...options,
        mode,
        seconds: Number(seconds.toFixed(2)),
        getMember,
        listMembers,
        macieCalls: getMember + listMembers,
        refreshed: steps.filter((s) => s.op === "refresh").length,
        failed: steps.filter((s) => s.error).length,
      });
    }
    return rows;
  } finally {
    for (const h of hosts) await h.stop();
    dir.remove();
    await emu.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "1000" },
      rate: { type: "string", default: "100" },
      parallel: { type: "string", default: "8" },
    },
  });
  const rows = await runRefresh({
    n: Number(values.n),
    rate: Number(values.rate),
    parallel: Number(values.parallel),
  });
  for (const row of rows) console.log(JSON.stringify(row));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
