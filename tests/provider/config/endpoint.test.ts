// A plain-http endpoint sends every request, session token included, in clear: allowed to this
// machine (the emulator), refused elsewhere unless the user says so.
import { expect } from "chai";
import { NO_CONFIG, readProviderConfig } from "../../../provider/config/config";

const config = (values: Record<string, string>) => (key: string) => values[key];

describe("plain-http endpoints", () => {
  it("allows https anywhere and http to a loopback host", () => {
    for (const url of [
      "https://macie2.us-east-1.amazonaws.com",
      "https://10.0.0.5:4566",
      "http://127.0.0.1:4566",
      "http://127.1.2.3:4566",
      "http://localhost:4566",
      "http://[::1]:4566",
    ]) {
      expect(readProviderConfig(NO_CONFIG, { AWS_ENDPOINT_URL_MACIE2: url }).endpoint, url).to.equal(url);
    }
  });

  it("refuses http to another host, naming the variable, the value and how to allow it", () => {
    for (const [variable, url] of [
      ["AWS_ENDPOINT_URL_MACIE2", "http://10.0.0.5:4566"],
      ["AWS_ENDPOINT_URL", "http://macie.internal.example"],
      ["AWS_ENDPOINT_URL_STS", "http://localhost.example:4566"],
    ]) {
      expect(() => readProviderConfig(NO_CONFIG, { [variable]: url }), url).to.throw(
        `${variable} is ${JSON.stringify(url)}: plain http to a host other than this machine sends every request, ` +
          `and the AWS session token, in clear. Use https, or allow it with the Pulumi config ` +
          `macie:allowInsecureEndpoint true (or MACIE_MEMBER_STATUS_ALLOW_INSECURE_ENDPOINT=true)`,
      );
    }
  });

  it("allows http to another host when macie:allowInsecureEndpoint or the variable says true", () => {
    const env = { AWS_ENDPOINT_URL_MACIE2: "http://10.0.0.5:4566" };
    expect(readProviderConfig(config({ allowInsecureEndpoint: "true" }), env).endpoint).to.equal(
      env.AWS_ENDPOINT_URL_MACIE2,
    );
    expect(
      readProviderConfig(NO_CONFIG, { ...env, MACIE_MEMBER_STATUS_ALLOW_INSECURE_ENDPOINT: "true" }).endpoint,
    ).to.equal(env.AWS_ENDPOINT_URL_MACIE2);
    expect(() => readProviderConfig(config({ allowInsecureEndpoint: "yes" }), env)).to.throw(
      'Pulumi config macie:allowInsecureEndpoint must be true or false; got "yes"',
    );
    expect(() =>
      readProviderConfig(config({ allowInsecureEndpoint: "false" }), {
        ...env,
        MACIE_MEMBER_STATUS_ALLOW_INSECURE_ENDPOINT: "true",
      }),
    ).to.throw("plain http to a host other than this machine");
  });
});
