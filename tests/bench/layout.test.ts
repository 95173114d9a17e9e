// bench/ reads as layers, as provider/ does (tests/provider/layout.test.ts): the command lines
// (run.ts, real-cli.ts, real-cli-policy.ts, …) on top of what they measure with and the report that
// renders it, with no import cycle among bench/'s modules (type-only imports included).
import * as path from "node:path";
import { expect } from "chai";
import { cycles, importGraph, missingImports } from "../support/import-graph";

const BENCH = path.resolve(__dirname, "../../../bench");

describe("the layout of bench/", () => {
  it("has no import cycle", () => {
    const graph = importGraph(BENCH);
    expect(graph.size, "bench/'s modules were found").to.be.above(10);
    expect(missingImports(graph)).to.deep.equal([]);
    expect(cycles(graph, BENCH)).to.deep.equal([]);
  });
});
