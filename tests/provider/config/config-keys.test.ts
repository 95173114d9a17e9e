// A misspelt macie:* key would silently switch a guard off (macie:maxChangesPerrun leaves the
// change limit at 0, no limit): every macie:* key must be one the package reads, in the program
// and in the provider, before any AWS call.
import * as fs from "node:fs";
import * as path from "node:path";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { expect } from "chai";
import { CONFIG_KEYS, refuseUnknownConfigKeys } from "../../../provider/config/config";
import * as host from "../../../provider/host";
import { REPO_ROOT } from "../../../harness/host";
import { failure } from "../../support/failure";

describe("macie:* config keys", () => {
  it("knows every setting and the role's keys", () => {
    expect(CONFIG_KEYS).to.include.members(["macie:maxChangesPerRun", "macie:roleArn", "macie:externalId"]);
  });

  it("knows every macie:* key README.md names, so no documented key is refused", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const documented = new Set(
      [...readme.matchAll(/\b(macie:[a-z][A-Za-z]+)\b/g)]
        .map((m) => m[1])
        .filter((key) => key !== "macie:maxChangesPerrun"),
    );
    expect([...documented]).to.include.members(["macie:allowInsecureEndpoint", "macie:maxChangesPerRun"]);
    expect([...documented].filter((key) => !CONFIG_KEYS.includes(key))).to.deep.equal([]);
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
