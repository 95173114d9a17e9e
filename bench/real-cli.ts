// `node dist/bench/real-cli.js`: N single resources through the real Pulumi CLI beside the trivial
// provider (real-cli-stacks.ts), on their own: section 6 of BENCHMARKS.md, which `npm run bench`
// also writes. Filters run a part of the plan, and --also joins the JSON of earlier parts into one
// table, so that a long measurement can be taken in short runs.
//
//   node dist/bench/real-cli.js [--quick] [--n 1000,10000] [--rate 200] [--burst 50]
//     [--provider ours|trivial] [--checkpoints default|skip] [--parallel default,64]
//     [--by-value | --by-value-only] [--write] [--also F.json]
//
// --write puts the section into BENCHMARKS.md (between its markers).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { publish, rerunCommand } from "./publish";
import {
  FULL_PLAN,
  parallelOf,
  QUICK_PLAN,
  runRealCli,
  type RealCliPlan,
  type RealCliResult,
} from "./real-cli-stacks";
import { renderRealCli } from "./report-real-cli";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      n: { type: "string" },
      rate: { type: "string" },
      burst: { type: "string" },
      provider: { type: "string" },
      checkpoints: { type: "string" },
      parallel: { type: "string" },
      write: { type: "boolean", default: false },
      "by-value": { type: "boolean", default: false },
      "by-value-only": { type: "boolean", default: false },
      also: { type: "string", multiple: true },
    },
  });
  const base = values.quick ? QUICK_PLAN : FULL_PLAN;
  const plan: RealCliPlan = {
    ...base,
    sizes: values.n
      ? values.n.split(",").map((n) => ({ n: Number(n), checkpoints: values.checkpoints !== "skip" }))
      : base.sizes,
    rate: values.rate ? Number(values.rate) : base.rate,
    burst: values.burst ? Number(values.burst) : base.burst,
    parallel: values.parallel?.split(",").map(parallelOf) ?? base.parallel,
    byValue: values["by-value-only"] ? "only" : values["by-value"] || base.byValue,
    only: (o) =>
      (!values.provider || o.provider === values.provider) &&
      (!values.checkpoints || (values.checkpoints === "skip") === o.skipCheckpoints),
  };
  const command = rerunCommand("real-cli");
  const ran = await runRealCli(plan, command);
  if (!ran) throw new Error("the Pulumi CLI is not built: run `npm run pulumi:build`");
  // Results of earlier invocations (their JSON), shown with this one: one table from runs kept short.
  const earlier = (values.also ?? []).map(
    (file) => JSON.parse(fs.readFileSync(file, "utf8")) as RealCliResult,
  );
  const result: RealCliResult = earlier.length
    ? {
        ...ran,
        command: [...earlier.map((e) => e.command), ran.command].join("`; `"),
        seconds: earlier.reduce((sum, e) => sum + e.seconds, ran.seconds),
        stacks: [...earlier.flatMap((e) => e.stacks), ...ran.stacks],
        // The serializer's forms are measured again by every invocation: this one's.
      }
    : ran;
  await publish(result, renderRealCli(result), { name: "real-cli", write: values.write });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
