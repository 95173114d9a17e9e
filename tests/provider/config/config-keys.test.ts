// A misspelt macie:* key would silently switch a guard off (macie:maxChangesPerrun leaves the
// change limit at 0, no limit): every macie:* key must be one the package reads, in the program
// and in the provider, before any AWS call.
import * as fs from "node:fs";
import * as path from "node:path";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { expect } from "chai";
import { AWS_CONFIG_KEYS } from "../../../provider/config/aws-config";
import { CONFIG_KEYS, refuseUnknownConfigKeys } from "../../../provider/config/config";
import * as host from "../../../provider/host";
import { REPO_ROOT } from "../../../harness/host";
import { failure } from "../../support/failure";

describe("macie:* config keys", () => {
  it("knows every setting and the role's keys", () => {
    expect(CONFIG_KEYS).to.include.members(["macie:maxChangesPerRun", "macie:roleArn", "macie:externalId"]);
  });

  /**
   * The macie:* keys README.md and docs/*.md name: not the misspelling they quote on purpose, nor a
   * type token (`macie:index:MemberStatusPolicy`).
   */
  function documentedKeys(): Map<string, Set<string>> {
    const files = [
      "README.md",
      ...fs
        .readdirSync(path.join(REPO_ROOT, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => `docs/${name}`),
    ];
    const keys = new Map<string, Set<string>>();
    for (const file of files) {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
      for (const [, key] of text.matchAll(/\b(macie:[a-z][A-Za-z]+)\b(?!:\w)/g)) {
        if (key !== "macie:maxChangesPerrun") keys.set(key, (keys.get(key) ?? new Set()).add(file));
      }
    }
    return keys;
  }

  it("knows every macie:* key README.md and docs/ name, so no documented key is refused", () => {
    const documented = documentedKeys();
    // The README names the change limit; the endpoint and role keys are in docs/contract.md.
    expect(documented.get("macie:maxChangesPerRun")).to.include("README.md");
    expect(documented.get("macie:allowInsecureEndpoint")).to.include("docs/contract.md");
    expect([...documented.keys()].filter((key) => !CONFIG_KEYS.includes(key))).to.deep.equal([]);
  });

  it("has every key it knows documented in README.md or docs/", () => {
    const documented = documentedKeys();
    expect(CONFIG_KEYS.filter((key) => !documented.has(key))).to.deep.equal([]);
  });

  it("refuses an unknown macie:* key, naming the closest known one; other namespaces are not ours", () => {
    expect(() => refuseUnknownConfigKeys(["macie:maxChangesPerrun", "aws:region", "proj:x"])).to.throw(
      "Pulumi config macie:maxChangesPerrun is not a setting of pulumi-macie-member-status; did you mean macie:maxChangesPerRun?",
    );
    expect(() =>
      refuseUnknownConfigKeys(["macie:maxChangesPerRun", "macie:roleArn", "aws:region"]),
    ).to.not.throw();
  });

  it("the provider's configure refuses it too, before anything is built", async () => {
    const config = new Config({ "macie:maxChangesPerrun": "4", "aws:region": "us-east-1" }, "proj");
    const error = await failure(host.configure({ config }));
    expect(error.message).to.contain("did you mean macie:maxChangesPerRun?");
    await host.configure({ config: new Config({}, "proj") }); // leaves the host as it was
  });
});

describe("aws:* config keys (Pulumi's own AWS configuration)", () => {
  /** aws:key → the use ("honoured", "ignored", "refused") docs/contract.md's table gives it. */
  function documentedAwsKeys(): Map<string, string> {
    const text = fs.readFileSync(path.join(REPO_ROOT, "docs/contract.md"), "utf8");
    const section = text.slice(text.indexOf("## Endpoint and credentials"));
    const keys = new Map<string, string>();
    for (const [, names, use] of section.matchAll(/^\| (`aws:.*?) \| (\w+)\s*\|/gm)) {
      for (const [, key] of names.matchAll(/`aws:(\w+)`/g)) keys.set(key, use);
    }
    return keys;
  }

  it("has every aws:* key the package knows in docs/contract.md's table, with what it does with it", () => {
    const documented = documentedAwsKeys();
    const table = Object.entries(AWS_CONFIG_KEYS).map(([key, { use }]) => [key, use]);
    expect(table.filter(([key, use]) => documented.get(key) !== use)).to.deep.equal([]);
    expect([...documented.keys()].filter((key) => !(key in AWS_CONFIG_KEYS))).to.deep.equal([]);
  });

  it("the provider's configure takes aws:* keys, known or not, and refuses a refused one naming it", async () => {
    const ok = new Config(
      {
        "aws:region": "us-east-1",
        "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::123456789012:role/macie-admin" }]),
        "aws:skipCredentialsValidation": "true",
        "aws:someKeyOfALaterVersion": "x",
      },
      "proj",
    );
    await host.configure({ config: ok });
    // configure reads lazily; the first call builds the runtime and parses the aws:* keys.
    const check = await host.check({}, { accountId: "123456789012", status: "PAUSED", region: "us-east-1" });
    expect(check.failures).to.deep.equal([]);
    await host.configure({
      config: new Config({ "aws:assumeRoleWithWebIdentity": JSON.stringify({ roleArn: "x" }) }, "proj"),
    });
    const error = await failure(
      host.check({}, { accountId: "123456789012", status: "PAUSED", region: "us-east-1" }),
    );
    expect(error.message).to.contain("Pulumi config aws:assumeRoleWithWebIdentity is set");
    await host.configure({ config: new Config({}, "proj") }); // leaves the host as it was
  });
});
