// The stack's current macie:maxChangesPerRun as a delete reads it (stack-config.ts): from the
// stack's config file where that file tells, else the limit the engine configured.
import * as path from "node:path";
import { expect } from "chai";
import {
  currentLimit,
  limitInStackFile,
  stackConfigDirOf,
  type StackFiles,
} from "../../../provider/lifecycle/stack-config";

const ROOT = path.join(path.sep, "work", "proj");
const PROJECT = "name: proj\nruntime: nodejs\n";

function files(contents: Record<string, string>, cwd = ROOT): StackFiles {
  return { cwd, read: (file) => contents[path.relative(ROOT, file)] };
}
const noEnv = () => undefined;

describe("stack-config: the change limit a delete obeys", () => {
  it("reads the value the CLI writes, quoted or not, and nothing else", () => {
    expect(
      limitInStackFile('config:\n  aws:region: us-east-1\n  macie:maxChangesPerRun: "25"\n'),
    ).to.deep.equal({
      kind: "value",
      raw: "25",
    });
    expect(limitInStackFile("config:\n  macie:maxChangesPerRun: 7\n")).to.deep.equal({
      kind: "value",
      raw: "7",
    });
    expect(limitInStackFile("config:\n  aws:region: us-east-1\n")).to.deep.equal({ kind: "absent" });
    expect(limitInStackFile("config:\n  macie:maxChangesPerRun:\n    secure: v1:abc\n").kind).to.equal(
      "unreadable",
    );
    expect(limitInStackFile("environment:\n  - org/macie\nconfig: {}\n").kind).to.equal("unreadable");
    expect(
      limitInStackFile("config:\n  macie:maxChangesPerRun: 1\n  macie:maxChangesPerRun: 2\n").kind,
    ).to.equal("unreadable");
  });

  it("finds Pulumi.<stack>.yaml from the project (or a directory under it) and stackConfigDir", () => {
    const stack = { "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": 'config:\n  macie:maxChangesPerRun: "3"\n' };
    expect(currentLimit("dev", files(stack), 100, noEnv)).to.include({ limit: 3, current: true });
    expect(currentLimit("dev", files(stack, path.join(ROOT, "src")), 100, noEnv)).to.include({ limit: 3 });
    expect(stackConfigDirOf(`${PROJECT}stackConfigDir: "config"\n`)).to.equal("config");
    const moved = {
      "Pulumi.yaml": `${PROJECT}stackConfigDir: config\n`,
      [path.join("config", "Pulumi.dev.yaml")]: "config:\n  macie:maxChangesPerRun: 9\n",
    };
    expect(currentLimit("dev", files(moved), 100, noEnv)).to.include({ limit: 9, current: true });
  });

  it("where the stack sets none: the environment variable, else no limit", () => {
    const stack = { "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config:\n  aws:region: us-east-1\n" };
    expect(currentLimit("dev", files(stack), 3, () => 40)).to.include({ limit: 40, current: true });
    expect(currentLimit("dev", files(stack), 3, noEnv)).to.include({ limit: 0, current: true });
  });

  it("keeps the configured limit, saying why, where the file cannot tell", () => {
    const cases: Array<[unknown, Record<string, string>, string]> = [
      [undefined, { "Pulumi.yaml": PROJECT }, "names no stack"],
      ["dev", {}, "no Pulumi.yaml"],
      ["dev", { "Pulumi.yaml": PROJECT }, "no Pulumi.dev.yaml"],
      [
        "dev",
        { "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config:\n  macie:maxChangesPerRun:\n    secure: x\n" },
        "secret",
      ],
      ["dev", { "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "environment:\n  - e\n" }, "ESC"],
      [
        "dev",
        {
          "Pulumi.yaml": `${PROJECT}config:\n  macie:maxChangesPerRun: 5\n`,
          "Pulumi.dev.yaml": "config: {}\n",
        },
        "Pulumi.yaml names it",
      ],
    ];
    for (const [stack, contents, why] of cases) {
      const limit = currentLimit(stack, files(contents), 7, () => 40);
      expect(limit, why).to.include({ limit: 7, current: false });
      expect(limit.source, why).to.contain("last `pulumi up`").and.contain(why).and.not.contain(ROOT);
    }
  });

  it("refuses a bad value in the file, naming it: decimal digits only, as in the program", () => {
    for (const value of ["lots", "0x10", "1e1", "5.0", "+5", "~"]) {
      const stack = {
        "Pulumi.yaml": PROJECT,
        "Pulumi.dev.yaml": `config:\n  macie:maxChangesPerRun: ${value}\n`,
      };
      expect(() => currentLimit("dev", files(stack), 3, noEnv), value).to.throw(
        /macie:maxChangesPerRun in Pulumi.dev.yaml/,
      );
    }
  });

  it("an empty value is not taken for 'no limit': the file cannot tell", () => {
    const stack = { "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config:\n  macie:maxChangesPerRun:\n" };
    expect(currentLimit("dev", files(stack), 3, () => 40)).to.include({ limit: 3, current: false });
  });

  it("a Pulumi.yml project has Pulumi.<stack>.yml; the older `config: <dir>` moves it like stackConfigDir", () => {
    const yml = { "Pulumi.yml": PROJECT, "Pulumi.dev.yml": "config:\n  macie:maxChangesPerRun: 4\n" };
    expect(currentLimit("dev", files(yml), 100, noEnv)).to.include({ limit: 4, current: true });
    const legacy = {
      "Pulumi.yaml": `${PROJECT}config: settings\n`,
      [path.join("settings", "Pulumi.dev.yaml")]: "config:\n  macie:maxChangesPerRun: 6\n",
    };
    expect(currentLimit("dev", files(legacy), 100, noEnv)).to.include({ limit: 6, current: true });
  });
});
