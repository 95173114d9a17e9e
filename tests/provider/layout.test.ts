// The layout of provider/ (docs/ARCHITECTURE.md, "Module map"): what each folder may import is
// eslint.config.mjs's `no-restricted-imports`; what the linter cannot see is here — no import
// cycle among provider/'s modules (type-only imports included: a cycle of types is still two
// modules that cannot be read apart), and nothing but the entry points at provider/ itself.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";

const PROVIDER = path.resolve(__dirname, "../../../provider");

/** What package.json's "exports" and "bin" name, and the package's main module. */
const ENTRY_POINTS = ["host.ts", "index.ts", "preflight-cli.ts", "shim.ts"];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** provider/ module → the provider/ modules it imports (import, export … from, require, import()). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(PROVIDER)) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    const local = importedFiles
      .map((ref) => ref.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => path.resolve(path.dirname(file), name).replace(/\.js$/, "") + ".ts");
    graph.set(file, local);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as "a → b → a" (paths relative to provider/). */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        const loop = [...trail.slice(trail.indexOf(next)), next];
        found.push(loop.map((f) => path.relative(PROVIDER, f)).join(" → "));
      } else if (!state.has(next) && graph.has(next)) visit(next);
    }
    trail.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("the layout of provider/", () => {
  it("has no import cycle", () => {
    const graph = importGraph();
    expect(graph.size, "provider/'s modules were found").to.be.above(30);
    for (const [file, imports] of graph) {
      for (const target of imports) expect(fs.existsSync(target), `${file} imports ${target}`).to.equal(true);
    }
    expect(cycles(graph)).to.deep.equal([]);
  });

  it("finds a cycle where there is one (the check itself)", () => {
    const a = path.join(PROVIDER, "a.ts");
    const b = path.join(PROVIDER, "b.ts");
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).to.deep.equal(["a.ts → b.ts → a.ts"]);
  });

  it("keeps only the entry points at provider/ itself; the rest is in its folders", () => {
    const top = fs.readdirSync(PROVIDER, { withFileTypes: true });
    expect(top.filter((entry) => entry.isFile()).map((entry) => entry.name)).to.deep.equal(ENTRY_POINTS);
    expect(top.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).to.have.members([
      "aws",
      "config",
      "lifecycle",
      "member",
      "preflight",
      "program",
    ]);
  });
});
