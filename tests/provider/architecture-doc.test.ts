// docs/ARCHITECTURE.md's "Module map" is checked against provider/ itself, so it cannot go stale:
// every module of provider/ has a row under its folder's heading, every row names a module that
// exists, and each row's "imports" column is what the module's source imports.
//
// How the map is read: the section runs from "## Module map" to the next "## " heading. Each "### "
// heading opens a folder: the first `backticked` word ending in "/" names it (`provider/` is the
// top, `program/` is provider/program/); a heading without one fails the test. Each table row whose
// first cell is a `backticked` module name belongs to the folder above it; its last cell lists the
// module's imports of provider/, comma-separated ("–" for none): a module of the same folder by
// its name, any other as `folder/module` (a top-level module by its name). Imports of packages and
// of model/ are not listed. Type-only imports count, as in layout.test.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { importGraph } from "../support/import-graph";

const ROOT = path.resolve(__dirname, "../../..");
const PROVIDER = path.join(ROOT, "provider");
const DOC = "docs/ARCHITECTURE.md";

/** A module of provider/ as the map names it: "host", "program/policy". */
type ModuleId = string;

interface Row {
  /** The module the row is about. */
  module: ModuleId;
  /** The imports column, each as the map names it (see above), sorted. */
  imports: string[];
}

/** The rows of the module map in `markdown`, in order. */
function moduleMap(markdown: string): Row[] {
  const start = markdown.search(/^## Module map/m);
  if (start < 0) throw new Error(`${DOC} has no "## Module map" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const rows: Row[] = [];
  let folder: string | undefined;
  for (const line of section.split("\n")) {
    if (line.startsWith("### ")) {
      const named = /`([a-z-]+\/)`/.exec(line)?.[1];
      if (!named) throw new Error(`${DOC}: the heading "${line}" names no \`folder/\``);
      folder = named === "provider/" ? "" : named;
      continue;
    }
    const cells = /^\|\s*`([a-z0-9-]+)`\s*\|.*\|\s*([^|]*?)\s*\|\s*$/.exec(line);
    if (!cells) continue;
    if (folder === undefined) throw new Error(`${DOC}: the row "${line}" comes before any folder's heading`);
    const imports = ["", "–", "-"].includes(cells[2]) ? [] : cells[2].split(",").map((name) => name.trim());
    rows.push({ module: folder + cells[1], imports: imports.sort() });
  }
  return rows;
}

const idOf = (file: string): ModuleId =>
  path.relative(PROVIDER, file).replace(/\.ts$/, "").split(path.sep).join("/");
const folderOf = (id: ModuleId): string => (id.includes("/") ? id.slice(0, id.lastIndexOf("/") + 1) : "");

/** `target` as the map names it in the row of `from`: by name within a folder, else from provider/. */
function importName(from: ModuleId, target: ModuleId): string {
  return folderOf(from) === folderOf(target) ? target.slice(folderOf(target).length) : target;
}

/** Every module of provider/ → the provider/ modules it imports, as the map names them, sorted. */
function realImports(): Map<ModuleId, string[]> {
  const modules = new Map<ModuleId, string[]>();
  for (const [file, imports] of importGraph(PROVIDER)) {
    const targets = imports.filter((target) => !path.relative(PROVIDER, target).startsWith(".."));
    const names = new Set(targets.map((target) => importName(idOf(file), idOf(target))));
    modules.set(idOf(file), [...names].sort());
  }
  return modules;
}

describe(`${DOC}'s module map`, () => {
  const rows = moduleMap(fs.readFileSync(path.join(ROOT, DOC), "utf8"));
  const real = realImports();
  const shown = (imports: string[]) => (imports.length > 0 ? imports.join(", ") : "–");

  it("has a row for every module of provider/, under its folder, and none for a module that does not exist", () => {
    expect(real.size, "provider/'s modules were found").to.be.above(30);
    expect(rows.length, "the map's rows were found").to.be.above(30);
    const named = rows.map((row) => row.module);
    expect(
      [...real.keys()]
        .filter((id) => !named.includes(id))
        .map(
          (id) =>
            `provider/${id}.ts has no row under \`${folderOf(id) || "provider/"}\` (imports: ${shown(real.get(id)!)})`,
        ),
    ).to.deep.equal([]);
    expect(
      named.filter((id) => !real.has(id)).map((id) => `the row \`${id}\` names no provider/${id}.ts`),
    ).to.deep.equal([]);
    expect(
      named.filter((id, i) => named.indexOf(id) !== i).map((id) => `two rows for \`${id}\``),
    ).to.deep.equal([]);
  });

  it("gives each module's imports as its source has them", () => {
    const wrong = rows
      .filter((row) => real.has(row.module))
      .filter((row) => shown(row.imports) !== shown(real.get(row.module)!))
      .map(
        (row) =>
          `\`${row.module}\` imports ${shown(real.get(row.module)!)}; the map says ${shown(row.imports)}`,
      );
    expect(wrong).to.deep.equal([]);
  });

  it("reads a map as it is written (the parser itself)", () => {
    const map = [
      "# A",
      "## Module map",
      "### Entry points (`provider/`)",
      "| module | knows | imports |",
      "| --- | --- | --- |",
      "| `index` | the public API | program/resource, member/types |",
      "### `program/` — the program side",
      "| `resource` | `MacieMemberStatus` | program, member/types |",
      "| `program` | the root | – |",
      "## Next",
      "| `outside` | not in the map | – |",
    ].join("\n");
    expect(moduleMap(map)).to.deep.equal([
      { module: "index", imports: ["member/types", "program/resource"] },
      { module: "program/resource", imports: ["member/types", "program"] },
      { module: "program/program", imports: [] },
    ]);
    expect(() => moduleMap("## Module map\n### Somewhere\n| `x` | y | – |")).to.throw(/names no `folder\/`/);
    expect(importName("program/policy", "program/declarations")).to.equal("declarations");
    expect(importName("program/serialized", "shim")).to.equal("shim");
    expect(importName("host", "lifecycle/runtime")).to.equal("lifecycle/runtime");
  });
});
