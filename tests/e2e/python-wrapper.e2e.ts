// The Python language host's wrapper (tools/pulumi-language-python/pulumi-language-python), with
// the virtualenv tools/pulumi-language-python/build.sh builds (npm run test:e2e builds it): it passes
// Pulumi.yaml's virtualenv option to the Go host of sdk 3.79 as flags, which CLI 3.248 no longer
// does. The build script's own behaviour is in tests/tools/pulumi-language-python-build.test.ts.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";
import { requirePythonHost } from "../../harness/plugin";

const WRAPPER = path.join(REPO_ROOT, "tools", "pulumi-language-python", "pulumi-language-python");

describe("tools/pulumi-language-python/pulumi-language-python (the wrapper)", () => {
  let root: string;
  let bin: string;

  /** The wrapper with the built virtualenv's python (it has PyYAML), the Go host faked. */
  before(() => {
    const python = path.join(requirePythonHost().venv, "bin", "python");
    root = fs.mkdtempSync(path.join(os.tmpdir(), "python-wrapper-"));
    bin = path.join(root, "host", "bin");
    fs.mkdirSync(bin, { recursive: true });
    fs.mkdirSync(path.join(root, "host", "libexec"));
    const wrapper = fs.readFileSync(WRAPPER, "utf8").replace("@YAML_PYTHON@", python);
    fs.writeFileSync(path.join(bin, "pulumi-language-python"), wrapper, { mode: 0o755 });
    // The Go host, faked: prints the arguments it was given, one a line.
    const host = '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n';
    fs.writeFileSync(path.join(root, "host", "libexec", "pulumi-language-python"), host, { mode: 0o755 });
  });
  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const project = (name: string, pulumiYaml: string): string => {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, "src"), { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
    return dir;
  };
  const hostArgs = (cwd: string): string[] =>
    execFileSync(path.join(bin, "pulumi-language-python"), ["127.0.0.1:4242"], { cwd, encoding: "utf8" })
      .trim()
      .split("\n");

  it("passes runtime.options.virtualenv and the project's root, from the program's directory or below", () => {
    const dir = project(
      "with",
      "name: t\nmain: src/\nruntime:\n  name: python\n  options:\n    virtualenv: ../venvs/v1\n",
    );
    const expected = [
      `-use-executor=${path.join(bin, "pulumi-language-python-exec")}`,
      "-virtualenv=../venvs/v1",
      `-root=${dir}`,
      "127.0.0.1:4242",
    ];
    expect(hostArgs(dir)).to.deep.equal(expected);
    expect(hostArgs(path.join(dir, "src"))).to.deep.equal(expected);
  });

  it("passes no virtualenv when Pulumi.yaml names none (or there is no Pulumi.yaml)", () => {
    const executor = `-use-executor=${path.join(bin, "pulumi-language-python-exec")}`;
    expect(hostArgs(project("without", "name: t\nruntime: python\n"))).to.deep.equal([
      executor,
      "127.0.0.1:4242",
    ]);
    expect(hostArgs(os.tmpdir())).to.deep.equal([executor, "127.0.0.1:4242"]);
  });
});
