// The plugin's schema (plugin/schema.ts): schema.json is it, written out, and it names exactly the
// inputs the lifecycle checks — a new input cannot be added to one without the other.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../../harness/host";
import { INPUT_NAMES } from "../../../provider/member/validate";
import { MEMBER_STATUS_TYPE } from "../../../provider/plugin/plugin-provider";
import { REGION_POLICY_ARGUMENTS, REGION_POLICY_TYPE } from "../../../provider/plugin/region-policy";
import { schemaOf, schemaText } from "../../../provider/plugin/schema";

interface Resource {
  inputProperties: Record<string, { willReplaceOnChanges?: boolean }>;
  properties: Record<string, unknown>;
  requiredInputs: string[];
  required: string[];
}

const version = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;
const resources = schemaOf(version).resources as Record<string, Resource>;

describe("the plugin's schema", () => {
  it("schema.json is the schema of this package version (regenerate: npm run schema)", () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")).to.equal(schemaText(version));
  });

  it("MemberStatus takes exactly the inputs the lifecycle checks; accountId and region replace", () => {
    const member = resources[MEMBER_STATUS_TYPE];
    expect(Object.keys(member.inputProperties)).to.have.members([...INPUT_NAMES]);
    const replacing = Object.entries(member.inputProperties).filter(([, p]) => p.willReplaceOnChanges);
    expect(replacing.map(([name]) => name)).to.have.members(["accountId", "region"]);
    for (const name of [...member.required, ...Object.keys(member.inputProperties)])
      expect(member.properties, name).to.have.property(name);
  });

  it("RegionPolicy takes exactly the arguments its check accepts; only region replaces", () => {
    const policy = resources[REGION_POLICY_TYPE];
    expect(Object.keys(policy.inputProperties)).to.have.members([...REGION_POLICY_ARGUMENTS]);
    const replacing = Object.entries(policy.inputProperties).filter(([, p]) => p.willReplaceOnChanges);
    expect(replacing.map(([name]) => name)).to.deep.equal(["region"]);
    for (const name of [...policy.required, ...Object.keys(policy.inputProperties)])
      expect(policy.properties, name).to.have.property(name);
  });

  it("carries what the SDK generators need: a Python package name and a Go import path", () => {
    const language = schemaOf(version).language as Record<string, Record<string, unknown>>;
    expect(language.python.packageName).to.equal("pulumi_macie");
    expect(language.go.importBasePath).to.match(/\/sdk\/go\/macie$/);
  });
});
