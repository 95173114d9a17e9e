// The version a release says it is, everywhere it says so, and a CHANGELOG entry for it that says
// what it writes to state and what state it reads: a stack outlives the version that wrote it.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

describe("the version and the CHANGELOG", () => {
  const manifest = JSON.parse(read("package.json")) as { version: string; files: string[] };
  const lock = JSON.parse(read("package-lock.json")) as {
    version: string;
    packages: Record<string, { version?: string }>;
  };

  it("is 0.2.0 in package.json and in package-lock.json's own entries", () => {
    expect(manifest.version).to.equal("0.2.0");
    expect(lock.version).to.equal(manifest.version);
    expect(lock.packages[""].version).to.equal(manifest.version);
  });

  it("has a CHANGELOG entry per version saying what it writes to state and what reads it, shipped in the package", () => {
    const changelog = read("CHANGELOG.md");
    for (const version of [manifest.version, "0.1.0"]) {
      const start = changelog.indexOf(`## ${version}`);
      expect(start, version).to.be.greaterThan(-1);
      const next = changelog.indexOf("\n## ", start + 1);
      const entry = changelog.slice(start, next === -1 ? undefined : next);
      expect(entry, version).to.contain("### What it writes to state");
      expect(entry, version).to.contain("### What reads it");
    }
    expect(manifest.files).to.include("CHANGELOG.md");
  });
});
