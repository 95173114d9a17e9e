// Every place that sets the emulator up for users — a code block of the Markdown (README.md,
// emulator/README.md, docs/, examples/), an example's source, the emulator's --help and startup
// message — points STS at it too: with AWS_ENDPOINT_URL_MACIE2 alone, the provider's STS calls (a
// policy region's create, the check before a member is called gone, assume-role) go to AWS, and a
// policy fails offline with `getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com` (#25).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { help } from "../../emulator/cli-options";
import { REPO_ROOT } from "../../harness/host";

/** Files of the repository under `dir` whose name ends with one of `endings` (no dependencies, builds, hidden folders). */
function filesUnder(dir: string, endings: string[]): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || ["node_modules", "dist"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, endings);
    return endings.some((end) => entry.name.endsWith(end)) ? [full] : [];
  });
}

/** The fenced code blocks of a Markdown text (indented ones, in lists, too). */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^ *```[^\n]*\n([\s\S]*?)^ *```$/gm)].map((m) => m[1]);
}

/** One place that sets an endpoint variable: where it is, and its text. */
interface Setup {
  where: string;
  text: string;
}

/** The setups a text holds: every value it gives AWS_ENDPOINT_URL_MACIE2 (`=value` in a shell, `: value` in code). */
function macieEndpoints(text: string): string[] {
  return [...text.matchAll(/AWS_ENDPOINT_URL_MACIE2["']?\s*[=:]\s*([^\s,;}]+)/g)].map((m) => m[1]);
}

/** What is wrong with `setup`: each Macie2 endpoint it sets without setting STS to the same value. */
function missingSts(setup: Setup): string[] {
  const sts = new Set(
    [...setup.text.matchAll(/AWS_ENDPOINT_URL_STS["']?\s*[=:]\s*([^\s,;}]+)/g)].map((m) => m[1]),
  );
  return macieEndpoints(setup.text)
    .filter((value) => !sts.has(value))
    .map((value) => `${setup.where}: sets AWS_ENDPOINT_URL_MACIE2 to ${value} but not AWS_ENDPOINT_URL_STS`);
}

/** Every place of the repository that sets the emulator's endpoint for a user. */
function setups(): Setup[] {
  const markdown = filesUnder(REPO_ROOT, [".md"]).flatMap((file) =>
    codeBlocks(fs.readFileSync(file, "utf8")).map((text, i) => ({
      where: `${path.relative(REPO_ROOT, file)}, code block ${i + 1}`,
      text,
    })),
  );
  const examples = filesUnder(path.join(REPO_ROOT, "examples"), [".ts", ".yml", ".yaml", ".json"]).map(
    (file) => ({ where: path.relative(REPO_ROOT, file), text: fs.readFileSync(file, "utf8") }),
  );
  return [...markdown, ...examples, { where: "macie-emulator --help", text: help() }].filter(
    (setup) => macieEndpoints(setup.text).length > 0,
  );
}

describe("the emulator set-ups users read", () => {
  it("point STS at the emulator wherever they point Macie2 at it", () => {
    const found = setups();
    // The places this was fixed in (#25): if one stops setting the endpoint at all, this list says so.
    expect(found.map((s) => s.where.replace(/, code block \d+$/, ""))).to.include.members([
      "README.md",
      "emulator/README.md",
      "examples/basic/README.md",
      "examples/org-policy/README.md",
      "examples/demo.ts",
      "macie-emulator --help",
    ]);
    expect(found.flatMap(missingSts)).to.deep.equal([]);
  });

  it("finds a set-up that names Macie2 alone (the check itself)", () => {
    const shell = "export AWS_ENDPOINT_URL_MACIE2=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=dummy";
    expect(missingSts({ where: "a", text: shell })).to.deep.equal([
      "a: sets AWS_ENDPOINT_URL_MACIE2 to http://127.0.0.1:4566 but not AWS_ENDPOINT_URL_STS",
    ]);
    const code = `envVars: { AWS_ENDPOINT_URL_MACIE2: url, AWS_ENDPOINT_URL_STS: other }`;
    expect(missingSts({ where: "b", text: code })).to.deep.equal([
      "b: sets AWS_ENDPOINT_URL_MACIE2 to url but not AWS_ENDPOINT_URL_STS",
    ]);
    expect(
      missingSts({ where: "c", text: `${shell} AWS_ENDPOINT_URL_STS=http://127.0.0.1:4566` }),
    ).to.deep.equal([]);
  });
});
