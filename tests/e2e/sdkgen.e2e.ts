// tools/sdk-gen's pulumi-sdkgen, built (npm run test:e2e builds it): what it writes for a
// one-resource schema in each language, and what it says when the schema or the language is wrong.
// Its build script's own behaviour is in tests/tools/sdk-gen-build.test.ts (no build there).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { requireSdkGen } from "../../harness/plugin";

describe("pulumi-sdkgen", function () {
  this.timeout(30_000);
  let sdkgen: string;
  let root: string;
  const SCHEMA = {
    name: "demo",
    version: "0.1.0",
    resources: {
      "demo:index:Thing": {
        inputProperties: { name: { type: "string" } },
        requiredInputs: ["name"],
        properties: { name: { type: "string" }, arn: { type: "string" } },
        required: ["name", "arn"],
      },
    },
    language: { go: { importBasePath: "example.com/pulumi-demo/sdk/go/demo" } },
  };

  before(() => {
    sdkgen = requireSdkGen();
    root = fs.mkdtempSync(path.join(os.tmpdir(), "sdkgen-"));
  });
  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const generate = (language: string, schema: object) => {
    const file = path.join(root, `${language}.json`);
    fs.writeFileSync(file, JSON.stringify(schema));
    const out = path.join(root, language);
    const result = spawnSync(sdkgen, [language, file, out], { encoding: "utf8" });
    return { ...result, out };
  };

  it("writes the Python, Go (with a go.mod) and Node.js SDKs of a one-resource schema", () => {
    const python = generate("python", SCHEMA);
    expect(python.status, python.stderr).to.equal(0);
    expect(fs.readFileSync(path.join(python.out, "pulumi_demo", "thing.py"), "utf8")).to.contain(
      "class Thing(",
    );
    expect(fs.existsSync(path.join(python.out, "setup.py"))).to.equal(true);

    const go = generate("go", SCHEMA);
    expect(go.status, go.stderr).to.equal(0);
    expect(fs.readFileSync(path.join(go.out, "demo", "thing.go"), "utf8")).to.contain("type Thing struct");
    expect(fs.readFileSync(path.join(go.out, "go.mod"), "utf8")).to.equal(
      "module example.com/pulumi-demo/sdk/go\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.248.0\n",
    );

    const nodejs = generate("nodejs", SCHEMA);
    expect(nodejs.status, nodejs.stderr).to.equal(0);
    expect(fs.readFileSync(path.join(nodejs.out, "thing.ts"), "utf8")).to.contain("export class Thing ");
  });

  it("says what is wrong: no importBasePath for go, an unknown language", () => {
    const go = generate("go", { ...SCHEMA, language: {} });
    expect([go.status, go.stderr]).to.deep.equal([
      1,
      "pulumi-sdkgen: generating the go SDK: the schema has no language.go.importBasePath\n",
    ]);
    const usage = spawnSync(sdkgen, ["rust", "x.json", root], { encoding: "utf8" });
    expect(usage.status).to.equal(2);
    expect(usage.stderr).to.contain("usage: pulumi-sdkgen <python|go|nodejs>");
  });
});
