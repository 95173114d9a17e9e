// The layout of provider/ (docs/ARCHITECTURE.md, "Module map"): what each folder may import is
// eslint.config.mjs's `no-restricted-imports`; what the linter cannot see is here — no import
// cycle among provider/'s modules (type-only imports included: a cycle of types is still two
// modules that cannot be read apart), and nothing but the entry points at provider/ itself.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { cycles, importGraph, missingImports } from "../support/import-graph";

const PROVIDER = path.resolve(__dirname, "../../../provider");

/** What package.json's "exports" and "bin" name, and the package's main module. */
const ENTRY_POINTS = ["host.ts", "index.ts", "plugin-main.ts", "preflight-cli.ts", "shim.ts"];

describe("the layout of provider/", () => {
  it("has no import cycle", () => {
    const graph = importGraph(PROVIDER);
    expect(graph.size, "provider/'s modules were found").to.be.above(30);
    expect(missingImports(graph)).to.deep.equal([]);
    expect(cycles(graph, PROVIDER)).to.deep.equal([]);
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
        PROVIDER,
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
      "plugin",
      "preflight",
      "program",
    ]);
  });
});
