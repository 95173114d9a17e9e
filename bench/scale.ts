// N resources through one dynamic-provider host, all declared PAUSED over members that are
// Enabled, against the emulator with a rate limit. Prints wall time against the floor (minimum
// calls ÷ rate), 429s, calls and failures as one JSON line.
//
//   node dist/bench/scale.js --n 500 --rate 100 --burst 20 --parallel 500 [--package DIR]
//
// --package points the host at another build of this package (e.g. an older commit) to compare.
import { parseArgs } from "node:util";
import { MacieEmulator } from "../emulator/emulator";
import { MiniEngine } from "../engine/engine";
import { DynamicProviderHost, REPO_ROOT } from "../engine/host";
import { declare, programDirectory } from "../engine/program";
import { MacieMemberStatus } from "../provider";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "500" },
      rate: { type: "string", default: "100" },
      burst: { type: "string", default: "20" },
      parallel: { type: "string", default: "500" },
      package: { type: "string", default: REPO_ROOT },
    },
  });
  const n = Number(values.n);
  const rate = Number(values.rate);
  const emu = new MacieEmulator({ rateLimit: { ratePerSecond: rate, burst: Number(values.burst) } });
  const url = await emu.start();
  const accounts = Array.from({ length: n }, (_, i) => String(700000000000 + i));
  emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
  const dir = programDirectory(values.package);
  const host = await DynamicProviderHost.start({
    cwd: dir.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: "AKIABENCHDUMMY",
      AWS_SECRET_ACCESS_KEY: "bench-dummy",
      AWS_ENDPOINT_URL_MACIE2: url,
    },
  });
  try {
    await host.configure({});
    const declared = await declare(
      () =>
        accounts.forEach(
          (accountId) =>
            new MacieMemberStatus(`m-${accountId}`, { accountId, status: "PAUSED", region: "us-east-1" }),
        ),
      { project: "bench", stack: "scale" },
    );
    const engine = new MiniEngine(host, Number(values.parallel));
    const t0 = Date.now();
    const steps = await engine.up(declared);
    const seconds = (Date.now() - t0) / 1000;
    const c = emu.counts;
    const minimumCalls = 3 * n; // read, write, verifying read
    console.log(
      JSON.stringify({
        n,
        rate,
        burst: Number(values.burst),
        parallel: Number(values.parallel),
        seconds: Number(seconds.toFixed(1)),
        floorSeconds: minimumCalls / rate,
        ratioToFloor: Number((seconds / (minimumCalls / rate)).toFixed(2)),
        throttled: c.throttled,
        getMember: c.operations.GetMember.calls,
        updateMemberSession: c.operations.UpdateMemberSession.calls,
        writesApplied: c.writesApplied,
        failed: steps.filter((s) => s.error).length,
      }),
    );
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
