// The import graph of a folder's TypeScript modules and the cycles in it, for the layout tests
// (tests/provider/layout.test.ts, tests/bench/layout.test.ts). Type-only imports count: a cycle of
// types is still two modules that cannot be read apart.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** Every .ts file under `dir`, its sub-folders included. */
export function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The file a relative import from `file` names: `name.ts`, or `name/index.ts` for a folder. */
function resolveImport(file: string, name: string): string {
  const base = path.resolve(path.dirname(file), name).replace(/\.js$/, "");
  const index = path.join(base, "index.ts");
  return !fs.existsSync(`${base}.ts`) && fs.existsSync(index) ? index : `${base}.ts`;
}

/**
 * Each module under `dir` → the modules it imports by a relative path (import, export … from,
 * require, import()), inside `dir` or not.
 */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(dir)) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    const local = importedFiles
      .map((ref) => ref.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => resolveImport(file, name));
    graph.set(file, local);
  }
  return graph;
}

/** Each relative import that names no file, as "file imports target". */
export function missingImports(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, imports]) =>
    imports.filter((target) => !fs.existsSync(target)).map((target) => `${file} imports ${target}`),
  );
}

/**
 * Every cycle among the graph's own modules found by a depth-first walk, each as "a → b → a" (paths
 * relative to `root`).
 */
export function cycles(graph: Map<string, string[]>, root: string): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const trail: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        const loop = [...trail.slice(trail.indexOf(next)), next];
        found.push(loop.map((f) => path.relative(root, f)).join(" → "));
      } else if (!state.has(next) && graph.has(next)) visit(next);
    }
    trail.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}
