// Where a bench command's results go: JSON in the temporary directory (for a later `--also`), the
// section on stdout, and with --write the section into BENCHMARKS.md between its markers.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import { REPO_ROOT } from "../harness/host";

/**
 * BENCHMARKS.md with a generated section (between `<!-- marker:start -->` and `<!-- marker:end -->`)
 * replaced by `section`, or added at the end.
 */
function withSection(document: string, section: string, marker = "real-cli"): string {
  const [START, END] = [`<!-- ${marker}:start -->`, `<!-- ${marker}:end -->`];
  const block = `${START}\n\n${section.trim()}\n\n${END}`;
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start >= 0 && end > start) return document.slice(0, start) + block + document.slice(end + END.length);
  return `${document.trimEnd()}\n\n${block}\n`;
}

/** The command as someone would run it again: without --write or the files of earlier runs (--also). */
export function rerunCommand(script: string): string {
  const args = process.argv
    .slice(2)
    .filter((a, i, all) => a !== "--write" && a !== "--also" && all[i - 1] !== "--also");
  return `node dist/bench/${script}.js ${args.join(" ")}`.trim();
}

/**
 * Keeps `result` as JSON in the temporary directory (for a later `--also`), prints `section`, and
 * with `write` puts it into BENCHMARKS.md between the `name` markers, through prettier.
 */
export async function publish(
  result: unknown,
  section: string,
  { name, write }: { name: string; write: boolean },
): Promise<void> {
  const json = path.join(os.tmpdir(), `${name}-${Date.now()}.json`);
  fs.writeFileSync(json, JSON.stringify(result, null, 2));
  console.log(`results: ${json}`);
  console.log(section);
  if (!write) return;
  const file = path.join(REPO_ROOT, "BENCHMARKS.md");
  const doc = withSection(fs.readFileSync(file, "utf8"), section, name);
  fs.writeFileSync(file, await prettier.format(doc, { filepath: file }));
}
