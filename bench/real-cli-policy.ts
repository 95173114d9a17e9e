// `node dist/bench/real-cli-policy.js`: the policy at fleet scale through the real Pulumi CLI, and N
// single resources in big-stack mode beside the trivial provider (real-cli-fleet.ts), on their own:
// the fleet subsections of BENCHMARKS.md's section 6, which `npm run bench` also writes. --also
// joins the JSON of earlier runs into one section, so that a long measurement can be taken in short runs.
//
//   node dist/bench/real-cli-policy.js [--quick] [--n 1000,10000] [--no-policy] [--singles 1000,10000]
//     [--parallel default,64] [--reads-each refresh] [--write] [--also F.json]
//
// --write puts the subsections into BENCHMARKS.md (between their markers).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { publish, rerunCommand } from "./publish";
import {
  FLEET_MARKER,
  FULL_FLEET,
  QUICK_FLEET,
  runFleet,
  type FleetPlan,
  type FleetResult,
} from "./real-cli-fleet";
import { parallelOf } from "./real-cli-stacks";
import { renderFleet } from "./report-fleet";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      n: { type: "string" },
      singles: { type: "string" },
      "no-policy": { type: "boolean", default: false },
      // The single-resource stacks' --parallel, e.g. "default,64" (default: the CLI's default only).
      parallel: { type: "string" },
      // "refresh": the single-resource stacks read each for refresh only, not for the drift check.
      "reads-each": { type: "string" },
      write: { type: "boolean", default: false },
      also: { type: "string", multiple: true },
    },
  });
  const base = values.quick ? QUICK_FLEET : FULL_FLEET;
  const sizes = (text: string | undefined) => (text ? text.split(",").map(Number) : undefined);
  const plan: FleetPlan = {
    ...base,
    policy: values["no-policy"] ? [] : (sizes(values.n) ?? base.policy),
    singles: sizes(values.singles) ?? base.singles,
    readsEach: values["reads-each"] === "refresh" ? ["refresh, GetMember each"] : undefined,
    singlesParallel: values.parallel?.split(",").map(parallelOf),
  };
  const command = rerunCommand("real-cli-policy");
  const ran = await runFleet(plan, command);
  if (!ran) throw new Error("the Pulumi CLI is not built: run `npm run pulumi:build`");
  // Results of earlier invocations (their JSON), shown with this one's (if it ran any stack): one
  // section from runs kept short.
  const earlier = (values.also ?? []).map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as FleetResult);
  const runs = [...earlier, ...(ran.policy.length + ran.singles.length > 0 ? [ran] : [])];
  const joined = (part: (r: FleetResult) => string, separator = ", ") =>
    [...new Set(runs.map(part))].join(separator);
  const result: FleetResult = earlier.length
    ? {
        ...ran,
        command: joined((r) => r.command, "`; `"),
        commit: joined((r) => r.commit),
        date: joined((r) => r.date),
        seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
        policy: runs.flatMap((r) => r.policy),
        singles: runs.flatMap((r) => r.singles),
      }
    : ran;
  await publish(result, renderFleet(result), { name: FLEET_MARKER, write: values.write });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
