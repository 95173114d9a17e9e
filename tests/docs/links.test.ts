// Every link of the repository's Markdown that points into the repository — relative, or to this
// repository on GitHub — names a file that exists and, with a `#`, a heading of that file (as
// GitHub makes a heading's anchor). A page moved or a heading renamed fails here, not on a reader.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../../..");
const GITHUB =
  /^https:\/\/github\.com\/pulumi-macie-member-status\/pulumi-macie-member-status\/(?:tree|blob)\/main\/([^#?]*)(#.*)?$/;

/** The Markdown files of the repository (not dependencies, builds or hidden folders). */
function markdownFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || ["node_modules", "dist"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The anchors GitHub gives the headings of `markdown`: lower case, punctuation dropped, spaces → "-". */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```$/gm, "").matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** The inline link targets of `markdown`: `[text](target)` and `[text](target "title")` (no spaces in a target). */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** What is wrong with `target`, a link of `file` (a path from the repository's root); undefined if nothing. */
function broken(file: string, target: string): string | undefined {
  let local: string;
  const github = GITHUB.exec(target);
  if (github) local = github[1] + (github[2] ?? "");
  else if (/^[a-z][a-z0-9+.-]*:/i.test(target))
    return undefined; // another site, mailto:
  else local = target.startsWith("#") ? path.basename(file) + target : target;
  const [pathPart, anchor] = local.split("#", 2);
  const base = github ? ROOT : path.join(ROOT, path.dirname(file));
  const resolved = path.resolve(base, decodeURIComponent(pathPart));
  const shown = `${file}: ${target}`;
  if (!resolved.startsWith(ROOT)) return `${shown} leaves the repository`;
  if (!fs.existsSync(resolved)) return `${shown}: no ${path.relative(ROOT, resolved) || "."}`;
  if (anchor === undefined || !resolved.endsWith(".md")) return undefined;
  if (!anchors(fs.readFileSync(resolved, "utf8")).has(anchor))
    return `${shown}: ${path.relative(ROOT, resolved)} has no heading #${anchor}`;
  return undefined;
}

describe("links in the repository's Markdown", () => {
  it("name files that exist and headings those files have", () => {
    const files = markdownFiles().map((file) => path.relative(ROOT, file));
    expect(files).to.include.members([
      "README.md",
      "docs/ARCHITECTURE.md",
      "docs/contract.md",
      "emulator/README.md",
    ]);
    const all = files.flatMap((file) =>
      links(fs.readFileSync(path.join(ROOT, file), "utf8")).map((target) => ({ file, target })),
    );
    expect(all.filter(({ file }) => file === "README.md").length, "README's links were found").to.be.above(
      10,
    );
    expect(all.map(({ file, target }) => broken(file, target)).filter((problem) => problem)).to.deep.equal(
      [],
    );
  });

  it("are read as GitHub reads them (the checker itself)", () => {
    expect([
      ...anchors(
        "# The API contract is AWS's\n## `statusOnDelete` and `retainOnDelete`\n## Inputs\n### Inputs",
      ),
    ]).to.deep.equal(["the-api-contract-is-awss", "statusondelete-and-retainondelete", "inputs", "inputs-1"]);
    expect([...anchors("## `program/` — runs in the user's program")]).to.deep.equal([
      "program--runs-in-the-users-program",
    ]);
    expect(
      links('See [a](docs/a.md#x), [c](https://x.org "t") and `[d](not-a-link.md)`.\n```\n[e](f)\n```'),
    ).to.deep.equal(["docs/a.md#x", "https://x.org"]);
    expect(broken("README.md", "docs/contract.md#no-such-heading")).to.match(
      /has no heading #no-such-heading/,
    );
    expect(broken("README.md", "docs/README-big-stacks.md")).to.match(/no docs\/README-big-stacks\.md/);
    expect(broken("docs/contract.md", "../README.md#iam-permissions")).to.equal(undefined);
    expect(
      broken(
        "README.md",
        "https://github.com/pulumi-macie-member-status/pulumi-macie-member-status/tree/main/examples/nowhere",
      ),
    ).to.match(/no examples\/nowhere/);
  });
});
