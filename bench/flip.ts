// `node dist/bench/flip.js`: a policy's fleet flip through the real Pulumi CLI, the listed form beside
// the per-member one and the provider plugin's (real-cli-flip.ts), on its own: the flip subsection of
// BENCHMARKS.md's section 6, which `npm run bench` also writes. --also joins the JSON of earlier
// runs into one table (alone, without --rows, it runs nothing), so that a long measurement can be
// taken in short runs.
//
//   node dist/bench/flip.js [--rows 10000x1@200,1000x2@20] [--forms listed,per-member,plugin] [--write] [--also F.json]
//
// A row is N x regions @ calls/s (burst 50 from 200 calls/s up, else 20); without --rows, the issue's
// rows (FULL_FLIPS, about 45 minutes). --forms: which forms (listed, per-member, plugin; a --rows
// row without it: listed and per-member), in the first row's order (it alternates from row to row).
// --write puts the subsection into BENCHMARKS.md (between its markers).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { publish, rerunCommand } from "./publish";
import {
  FLIP_FORMS,
  FLIP_MARKER,
  FULL_FLIPS,
  runFlips,
  type FlipConfig,
  type FlipForm,
  type FlipResult,
} from "./real-cli-flip";
import { renderFlip } from "./report-flip";

/** One --rows entry, "10000x2@200": N members × regions at a rate. */
function configOf(text: string, forms: readonly FlipForm[] | undefined): FlipConfig {
  const match = /^([0-9]+)x([0-9]+)@([0-9]+)$/.exec(text.trim());
  if (!match)
    throw new Error(`--rows: entries like 10000x2@200 (N x regions @ calls/s); got ${JSON.stringify(text)}`);
  const [n, regions, rate] = match.slice(1).map(Number) as [number, number, number];
  if (n < 1 || regions < 1 || regions > 3 || rate < 1)
    throw new Error(`--rows: N ≥ 1, 1 to 3 regions, a rate ≥ 1; got ${JSON.stringify(text)}`);
  return { n, regions, rate, burst: rate >= 200 ? 50 : 20, forms };
}

function formsOf(text: string | undefined): readonly FlipForm[] | undefined {
  if (!text) return undefined;
  const forms = text.split(",");
  for (const form of forms)
    if (!FLIP_FORMS.includes(form as FlipForm))
      throw new Error(`--forms: ${FLIP_FORMS.join(", ")}; got ${JSON.stringify(form)}`);
  return forms as FlipForm[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string" },
      forms: { type: "string" },
      write: { type: "boolean", default: false },
      also: { type: "string", multiple: true },
    },
  });
  const forms = formsOf(values.forms);
  const earlier = (values.also ?? []).map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as FlipResult);
  // With --also and no --rows, only the earlier runs are joined: nothing runs.
  const plan = values.rows
    ? values.rows.split(",").map((text) => configOf(text, forms))
    : earlier.length
      ? []
      : FULL_FLIPS.map((config) => ({ ...config, forms: forms ?? config.forms }));
  const ran = await runFlips(plan, rerunCommand("flip"));
  if (!ran) throw new Error("the Pulumi CLI is not built: run `npm run pulumi:build`");
  // Results of earlier invocations (their JSON), shown with this one's: one table from runs kept short.
  const runs = [...earlier, ...(ran.rows.length ? [ran] : [])];
  // A joined run's fields are themselves joined: split them, so that each value is named once.
  const joined = (part: (r: FlipResult) => string, separator = ", ") =>
    [...new Set(runs.flatMap((r) => part(r).split(separator)))].join(separator);
  const result: FlipResult = earlier.length
    ? {
        ...ran,
        command: joined((r) => r.command, "`; `"),
        commit: joined((r) => r.commit),
        date: joined((r) => r.date),
        seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
        load: { before: joined((r) => r.load.before, "; "), after: joined((r) => r.load.after, "; ") },
        rows: runs.flatMap((r) => r.rows),
      }
    : ran;
  await publish(result, renderFlip(result), { name: FLIP_MARKER, write: values.write });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
