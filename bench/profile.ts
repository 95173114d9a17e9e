// Where the time of a big `pulumi up` goes: N single resources (ours or the trivial provider)
// through the real CLI (tools/pulumi-cli/build.sh) with PULUMI_SKIP_CHECKPOINTS=true, against
// the emulator at 200 calls/s, with a V8 CPU profile of the language host (the Node program) and
// of the provider host. Prints the Macie calls of every 10 s (when the first call went out, and
// whether the steady state is the rate limit), each process's CPU time, and the functions that
// took the most of each profile, by package and by function (self and inclusive).
//
//   node dist/bench/profile.js [--n 10000] [--provider ours|trivial] [--parallel 64] [--keep DIR]
//
// The profiles come from a hook (`node -r`) that starts the inspector's profiler in the process
// and writes `<role>-<pid>.cpuprofile` when it exits: `--cpu-prof` itself is no use here, as the
// language host takes NODE_OPTIONS to its own checks and the engine stops the provider host with
// a signal. `--keep DIR` keeps the profiles (open them in Chrome DevTools, Performance tab).
// Profiling costs CPU itself: compare profiles with each other, wall times only with a run
// without profiles (real-cli.ts, real-cli-policy.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { MacieEmulator } from "../emulator/emulator";
import { requireBuiltCli } from "../harness/cli";
import {
  benchWorkspace,
  FIRST_ACCOUNT,
  installTrivial,
  measure,
  singlesProgram,
  type Provider,
} from "./real-cli-stacks";

/** The hook each profiled Node process loads first: profile from now until exit (or a signal). */
const HOOK = `const inspector = require("node:inspector");
const fs = require("node:fs");
const dir = process.env.BENCH_PROFILE_DIR;
const role = process.env.BENCH_PROFILE_ROLE || "node";
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // An in-process session answers synchronously, so this works in an exit handler.
    session.post("Profiler.stop", (error, result) => {
      if (!error) fs.writeFileSync(dir + "/" + role + "-" + process.pid + ".cpuprofile", JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { write(); process.exit(0); });
}
`;

/**
 * A bin directory beside the built CLI's: the same `pulumi` and language host, and a provider
 * host wrapper that loads the hook. The engine looks for plugins next to the executable it runs
 * as (a symlink would resolve back to the original directory): hard links, else copies.
 */
function profilingBin(cliBin: string, hook: string, dir: string): string {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  for (const file of fs.readdirSync(cliBin)) {
    if (file === "pulumi-resource-pulumi-nodejs") continue;
    try {
      fs.linkSync(path.join(cliBin, file), path.join(bin, file));
    } catch {
      fs.copyFileSync(path.join(cliBin, file), path.join(bin, file));
      fs.chmodSync(path.join(bin, file), 0o755);
    }
  }
  const wrapper = path.join(bin, "pulumi-resource-pulumi-nodejs");
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh
BENCH_PROFILE_ROLE=provider exec node -r ${JSON.stringify(hook)} "$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js")')" "$@"
`,
  );
  fs.chmodSync(wrapper, 0o755);
  return bin;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** "@smithy/core", "node:internal", "pulumi-macie-member-status", "(garbage collector)", … */
function packageOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  return url ? "the program" : functionName;
}

function functionOf(frame: ProfileNode["callFrame"]): string {
  const file = frame.url.replace(/.*node_modules\//, "").replace(/^file:\/\/.*\/program\//, "program/");
  return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

/** Seconds per key: self (the sample's own frame) and inclusive (anywhere on its stack). */
function tally(profile: CpuProfile): {
  byPackage: Map<string, number>;
  self: Map<string, number>;
  inclusive: Map<string, number>;
  busy: number;
} {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const byPackage = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, s: number) => map.set(key, (map.get(key) ?? 0) + s);
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const s = (profile.timeDeltas[i + 1] ?? 0) / 1e6;
    const node = nodes.get(id)!;
    if (node.callFrame.functionName === "(idle)") return;
    busy += s;
    add(byPackage, packageOf(node.callFrame), s);
    add(self, functionOf(node.callFrame), s);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = functionOf(nodes.get(at)!.callFrame);
      if (key.startsWith("(root)") || seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, s);
    }
  });
  return { byPackage, self, inclusive, busy };
}

function top(map: Map<string, number>, count: number, busy: number): string {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, s]) => `  ${s.toFixed(1).padStart(7)} s ${((100 * s) / busy).toFixed(0).padStart(3)}%  ${key}`,
    )
    .join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "10000" },
      provider: { type: "string", default: "ours" },
      parallel: { type: "string" },
      keep: { type: "string" },
    },
  });
  const n = Number(values.n);
  if (values.provider !== "ours" && values.provider !== "trivial")
    throw new Error(`--provider: ours or trivial; got ${JSON.stringify(values.provider)}`);
  const provider: Provider = values.provider;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-profile-"));
  const profiles = values.keep ? path.resolve(values.keep) : path.join(dir, "profiles");
  fs.mkdirSync(profiles, { recursive: true });
  const hook = path.join(dir, "hook.js");
  fs.writeFileSync(hook, HOOK);
  const bin = profilingBin(requireBuiltCli(), hook, dir);

  const emu = new MacieEmulator({ rateLimit: { ratePerSecond: 200, burst: 50 } });
  const url = await emu.start();
  emu.seed(
    Array.from({ length: n }, (_, i) => ({
      accountId: String(FIRST_ACCOUNT + i),
      relationshipStatus: "Enabled",
    })),
  );
  const ws = benchWorkspace(
    `process.env.BENCH_PROFILE_ROLE = "language";\nrequire(${JSON.stringify(hook)});\n${singlesProgram(provider, n)}`,
    bin,
    url,
  );
  if (provider === "trivial") installTrivial(ws.program);
  try {
    await ws.ok(["stack", "init", "bench"]);
    const calls = () => emu.calls("GetMember") + emu.calls("UpdateMemberSession") + emu.calls("ListMembers");
    const perTenSeconds: number[] = [];
    let last = calls();
    const sampler = setInterval(() => {
      const now = calls();
      perTenSeconds.push(now - last);
      last = now;
    }, 10_000);
    const args = [
      "up",
      "--yes",
      "--skip-preview",
      ...(values.parallel ? ["--parallel", values.parallel] : []),
    ];
    const measured = await measure(ws, emu, args, {
      PULUMI_SKIP_CHECKPOINTS: "true",
      BENCH_PROFILE_DIR: profiles,
    });
    clearInterval(sampler);
    if (measured.exitCode !== 0) throw new Error(`pulumi up failed:\n${measured.output.slice(-2000)}`);
    console.log(
      `${provider}, N ${n}, --parallel ${values.parallel ?? "default"}: up ${measured.seconds} s (profiled)`,
    );
    console.log(`Macie calls: ${JSON.stringify(measured.calls)}; every 10 s: ${perTenSeconds.join(" ")}`);
    console.log(
      `CPU s: CLI ${measured.cpuSeconds.cli}, language host ${measured.cpuSeconds.language}, provider host ${measured.cpuSeconds.provider}`,
    );
    for (const file of fs
      .readdirSync(profiles)
      .filter((f) => f.endsWith(".cpuprofile"))
      .sort()) {
      const { byPackage, self, inclusive, busy } = tally(
        JSON.parse(fs.readFileSync(path.join(profiles, file), "utf8")) as CpuProfile,
      );
      if (busy < 1) continue; // a short-lived helper process
      console.log(`\n${file}: ${busy.toFixed(1)} s busy\nby package:\n${top(byPackage, 10, busy)}`);
      console.log(`self:\n${top(self, 12, busy)}\ninclusive:\n${top(inclusive, 25, busy)}`);
    }
    if (values.keep) console.log(`\nprofiles kept in ${profiles}`);
  } finally {
    await emu.stop();
    fs.rmSync(ws.root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
