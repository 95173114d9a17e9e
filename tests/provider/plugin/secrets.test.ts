// Secrets across the plugin boundary (plugin/secrets.ts): unwrapped for the lifecycle, wrapped
// again on the way out — and every output holding a secret account id made secret too.
import { expect } from "chai";
import { unwrapSecrets, wrapSecrets } from "../../../provider/plugin/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });

describe("plugin secrets", () => {
  it("unwraps top-level and nested secrets, naming the top-level keys that held one", () => {
    const { props, secrets } = unwrapSecrets({
      status: "PAUSED",
      overrides: { "111111111111": secret("PAUSED") },
      exclude: [secret("222222222222")],
      region: secret(secret("us-east-1")),
    });
    expect(props).to.deep.equal({
      status: "PAUSED",
      overrides: { "111111111111": "PAUSED" },
      exclude: ["222222222222"],
      region: "us-east-1",
    });
    expect([...secrets].sort()).to.deep.equal(["exclude", "overrides", "region"]);
  });

  it("flags a secret account id for the lifecycle, which masks it in messages", () => {
    expect(unwrapSecrets({ accountId: secret("111111111111") }).props).to.deep.equal({
      accountId: "111111111111",
      __accountIdSecret: true,
    });
    expect(unwrapSecrets({ accountId: "111111111111" }).props).to.not.have.property("__accountIdSecret");
    expect(unwrapSecrets(undefined).props).to.deep.equal({});
  });

  it("wraps the named keys again, and with a secret account id its ARN too; never twice", () => {
    const out = wrapSecrets(
      { accountId: "111111111111", arn: "arn:…:member/111111111111", status: "PAUSED", email: undefined },
      new Set(["accountId"]),
    );
    expect(out).to.deep.equal({
      accountId: secret("111111111111"),
      arn: secret("arn:…:member/111111111111"),
      status: "PAUSED",
      email: undefined,
    });
    expect(wrapSecrets(out, new Set(["accountId"]))).to.deep.equal(out);
    expect(wrapSecrets({ region: "us-east-1" }, new Set<string>())).to.deep.equal({ region: "us-east-1" });
  });
});
