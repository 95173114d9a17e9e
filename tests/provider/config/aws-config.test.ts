// Pulumi's own AWS configuration (aws:*), as pulumi-aws users have it in their stack config: the
// keys that apply are honoured, with macie:* winning; the rest ignored or refused, as the table in
// provider/config/aws-config.ts (and docs/contract.md) says. Values come as the engine hands them:
// strings, objects and lists as JSON text.
import { expect } from "chai";
import { AWS_CONFIG_KEYS, awsFromConfig, goDurationSeconds } from "../../../provider/config/aws-config";
import { NO_CONFIG, readProviderConfig, refuseUnknownConfigKeys } from "../../../provider/config/config";

const ROLE_A = "arn:aws:iam::111122223333:role/org-deployer";
const ROLE_B = "arn:aws:iam::444455556666:role/macie-admin";
const SECRET = "wJalrXUtnFEMI/K7MDENG/never-shown-1234";
const TOKEN = "IQoJb3JpZ2luX2VjEnever-shown-token";

/** A getter over "namespace:key" → value, as a composition root builds it for one namespace. */
function stack(values: Record<string, unknown>) {
  const of = (namespace: string) => (key: string) => {
    const value = values[`${namespace}:${key}`];
    return value === undefined || typeof value === "string" ? value : JSON.stringify(value);
  };
  return { macie: of("macie"), aws: of("aws") };
}

function read(values: Record<string, unknown>, env: Record<string, string> = {}) {
  const { macie, aws } = stack(values);
  return readProviderConfig(macie, env, aws);
}

describe("Pulumi's aws:* config (provider/config/aws-config.ts)", () => {
  it("reads nothing when no aws:* key is set", () => {
    const config = read({});
    expect(config.roles).to.deep.equal([]);
    expect(config.source).to.deep.equal({
      keys: undefined,
      profile: undefined,
      credentialsFile: undefined,
      configFile: undefined,
    });
    expect([config.endpoint, config.stsEndpoint, config.defaultRegion, config.accounts]).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("takes aws:region before AWS_REGION and AWS_DEFAULT_REGION, on both sides (one parser)", () => {
    expect(read({ "aws:region": "eu-west-2" }, { AWS_REGION: "ap-south-1" }).defaultRegion).to.equal(
      "eu-west-2",
    );
    expect(read({}, { AWS_REGION: "ap-south-1", AWS_DEFAULT_REGION: "us-west-1" }).defaultRegion).to.equal(
      "ap-south-1",
    );
  });

  describe("the role chain: aws:assumeRoles, aws:assumeRole, macie:roleArn", () => {
    it("reads aws:assumeRoles as the chain, first link first, with every field STS takes", () => {
      const config = read({
        "aws:assumeRoles": [
          { roleArn: ROLE_A, externalId: "ext-id-A", sessionName: "hop", duration: "1h30m" },
          {
            roleArn: ROLE_B,
            policy: '{"Version":"2012-10-17","Statement":[]}',
            policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            sourceIdentity: "ci",
            tags: { team: "security" },
            transitiveTagKeys: ["team"],
          },
        ],
      });
      expect(config.roles).to.deep.equal([
        { roleArn: ROLE_A, externalId: "ext-id-A", sessionName: "hop", durationSeconds: 5400 },
        {
          roleArn: ROLE_B,
          externalId: undefined,
          sessionName: "pulumi-macie-member-status",
          policy: '{"Version":"2012-10-17","Statement":[]}',
          policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          sourceIdentity: "ci",
          tags: { team: "security" },
          transitiveTagKeys: ["team"],
        },
      ]);
    });

    it("reads pulumi-aws 6's aws:assumeRole (one object, durationSeconds of older stacks) as a chain of one", () => {
      expect(read({ "aws:assumeRole": { roleArn: ROLE_B, durationSeconds: 900 } }).roles).to.deep.equal([
        {
          roleArn: ROLE_B,
          externalId: undefined,
          sessionName: "pulumi-macie-member-status",
          durationSeconds: 900,
        },
      ]);
    });

    it("takes a value the engine hands over already parsed", () => {
      const aws = (key: string) => (key === "assumeRoles" ? [{ roleArn: ROLE_A }] : undefined);
      expect(readProviderConfig(NO_CONFIG, {}, aws).roles.map((r) => r.roleArn)).to.deep.equal([ROLE_A]);
    });

    it("lets macie:roleArn win: its role is the one assumed, and the aws:* chain is not used", () => {
      const config = read({
        "aws:assumeRoles": [{ roleArn: ROLE_A }],
        "macie:roleArn": ROLE_B,
        "macie:externalId": "macie-ext",
        "macie:sessionName": "gitops",
      });
      expect(config.roles).to.deep.equal([
        { roleArn: ROLE_B, externalId: "macie-ext", sessionName: "gitops" },
      ]);
    });

    it("lets macie:sessionName name the chain's last session (the one that calls Macie) without macie:roleArn", () => {
      const config = read({
        "aws:assumeRoles": [
          { roleArn: ROLE_A, sessionName: "hop" },
          { roleArn: ROLE_B, sessionName: "pulumi" },
        ],
        "macie:sessionName": "gitops",
      });
      expect(config.roles.map((r) => r.sessionName)).to.deep.equal(["hop", "gitops"]);
    });

    it("refuses both aws:assumeRoles and aws:assumeRole, a link without a role, a misspelt field", () => {
      expect(() =>
        read({ "aws:assumeRoles": [{ roleArn: ROLE_A }], "aws:assumeRole": { roleArn: ROLE_B } }),
      ).to.throw("Pulumi config aws:assumeRoles and aws:assumeRole are both set");
      expect(() => read({ "aws:assumeRoles": [{ roleArn: ROLE_A }, { sessionName: "x1" }] })).to.throw(
        "Pulumi config aws:assumeRoles[1] has no roleArn",
      );
      expect(() => read({ "aws:assumeRoles": [{ roleArn: ROLE_A, externalID: "x" }] })).to.throw(
        "Pulumi config aws:assumeRoles[0].externalID is not a field of an assumed role; did you mean externalId?",
      );
      // Neither shows the text: it may hold an external id.
      expect(() => read({ "aws:assumeRoles": '[{"externalId": "secret-ext' })).to.throw(
        "Pulumi config aws:assumeRoles must be a list of roles, each {roleArn, externalId?, sessionName?, …} " +
          "(JSON, as pulumi-aws takes it); got text that is not JSON",
      );
      expect(() => read({ "aws:assumeRoles": { roleArn: ROLE_A, externalId: "secret-ext" } })).to.throw(
        "Pulumi config aws:assumeRoles must be a list of roles, each {roleArn, …}; got an object",
      );
    });

    it("names the link and field of a bad value, and never shows an external id", () => {
      expect(() => read({ "aws:assumeRoles": [{ roleArn: ROLE_A }, { roleArn: "macie-admin" }] })).to.throw(
        'Pulumi config aws:assumeRoles[1].roleArn must be an IAM role ARN like "arn:aws:iam::123456789012:role/macie-admin"; got "macie-admin"',
      );
      let message = "";
      try {
        read({ "aws:assumeRoles": [{ roleArn: ROLE_A, externalId: "bad id with spaces" }] });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.contain("aws:assumeRoles[0].externalId must be 2-1224 characters");
      expect(message).to.not.contain("bad id with spaces");
      expect(() => read({ "aws:assumeRoles": [{ roleArn: ROLE_A, duration: "5m" }] })).to.throw(
        'Pulumi config aws:assumeRoles[0].duration must be between 15 minutes and 12 hours ("15m" to "12h"); got "5m"',
      );
      expect(() => read({ "aws:assumeRole": { roleArn: ROLE_A, durationSeconds: 86400 } })).to.throw(
        "Pulumi config aws:assumeRole.durationSeconds must be between 15 minutes and 12 hours (900 to 43200)",
      );
    });

    it("reads Go durations as pulumi-aws does", () => {
      expect(
        ["1h", "90m", "1h30m", "3600s", "2h0m0s", "900000ms", "1.5h", "h", "1d", "60"].map(goDurationSeconds),
      ).to.deep.equal([3600, 5400, 5400, 3600, 7200, 900, 5400, undefined, undefined, undefined]);
    });
  });

  describe("aws:endpoints", () => {
    const EMU = "http://127.0.0.1:4566";

    it("reads the macie2 and sts entries of the list (one service an entry, or several), before the environment", () => {
      const config = read(
        {
          "aws:endpoints": [
            { macie2: EMU },
            { sts: "https://sts.example.com", s3: "https://s3.example.com" },
          ],
        },
        {
          AWS_ENDPOINT_URL_MACIE2: "https://elsewhere.example.com",
          AWS_ENDPOINT_URL: "https://all.example.com",
        },
      );
      expect([config.endpoint, config.stsEndpoint]).to.deep.equal([EMU, "https://sts.example.com"]);
      // A service the list leaves out keeps the environment's endpoint.
      expect(
        read({ "aws:endpoints": [{ sts: EMU }] }, { AWS_ENDPOINT_URL_MACIE2: EMU + "1" }).endpoint,
      ).to.equal(EMU + "1");
    });

    it("refuses plain http to another host, naming the config key, and two different macie2 entries", () => {
      expect(() => read({ "aws:endpoints": [{ macie2: "http://10.0.0.5:4566" }] })).to.throw(
        'Pulumi config aws:endpoints (macie2) is "http://10.0.0.5:4566": plain http to a host other than this machine',
      );
      expect(
        read({ "aws:endpoints": [{ macie2: "http://10.0.0.5:4566" }], "macie:allowInsecureEndpoint": "true" })
          .endpoint,
      ).to.equal("http://10.0.0.5:4566");
      expect(() =>
        read({ "aws:endpoints": [{ macie2: EMU }, { macie2: "https://x.example.com" }] }),
      ).to.throw("Pulumi config aws:endpoints names two macie2 endpoints");
      expect(() => read({ "aws:endpoints": ["http://x"] })).to.throw(
        "Pulumi config aws:endpoints[0] must be an object of service → url",
      );
    });
  });

  describe("the calls' own credentials: static keys, profile, files", () => {
    it("reads aws:accessKey / aws:secretKey / aws:token as a pair (and token), and never writes a secret into the JSON roots compare", () => {
      const config = read({ "aws:accessKey": "AKIAEXAMPLE", "aws:secretKey": SECRET, "aws:token": TOKEN });
      expect(config.source.keys).to.deep.equal({
        accessKeyId: "AKIAEXAMPLE",
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
      });
      const json = JSON.stringify(config);
      expect(json).to.contain("AKIAEXAMPLE");
      expect(json).to.not.contain(SECRET).and.not.contain(TOKEN);
      // A changed secret still changes the text, so the host rebuilds its clients.
      expect(
        JSON.stringify(read({ "aws:accessKey": "AKIAEXAMPLE", "aws:secretKey": SECRET + "2" })),
      ).to.not.equal(JSON.stringify(read({ "aws:accessKey": "AKIAEXAMPLE", "aws:secretKey": SECRET })));
    });

    it("refuses half a pair and a lone token, showing no value", () => {
      for (const [values, expected] of [
        [{ "aws:secretKey": SECRET }, "Pulumi config aws:secretKey is set but aws:accessKey is not"],
        [{ "aws:accessKey": "AKIAEXAMPLE" }, "Pulumi config aws:accessKey is set but aws:secretKey is not"],
        [{ "aws:token": TOKEN }, "Pulumi config aws:token is set without aws:accessKey and aws:secretKey"],
      ] as const) {
        let message = "";
        try {
          read(values);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).to.contain(expected).and.not.contain(SECRET).and.not.contain(TOKEN);
      }
    });

    it("reads aws:profile and one shared credentials and config file each (pulumi-aws 5's sharedCredentialsFile too)", () => {
      expect(
        read({
          "aws:profile": "macie-admin",
          "aws:sharedCredentialsFiles": ["/etc/aws/credentials"],
          "aws:sharedConfigFiles": ["/etc/aws/config"],
        }).source,
      ).to.deep.equal({
        keys: undefined,
        profile: "macie-admin",
        credentialsFile: "/etc/aws/credentials",
        configFile: "/etc/aws/config",
      });
      expect(read({ "aws:sharedCredentialsFile": "/etc/aws/credentials" }).source.credentialsFile).to.equal(
        "/etc/aws/credentials",
      );
      expect(() => read({ "aws:sharedCredentialsFiles": ["/a", "/b"] })).to.throw(
        "Pulumi config aws:sharedCredentialsFiles must name one file: the AWS SDK for JavaScript reads one file of each kind",
      );
    });
  });

  it("reads the STS region, the endpoint variants and the account guard", () => {
    const config = read({
      "aws:stsRegion": "us-east-1",
      "aws:useFipsEndpoint": "true",
      "aws:useDualstackEndpoint": "false",
      "aws:allowedAccountIds": ["111122223333"],
    });
    expect([
      config.stsRegion,
      config.useFipsEndpoint,
      config.useDualstackEndpoint,
      config.accounts,
    ]).to.deep.equal(["us-east-1", true, false, { allowed: ["111122223333"] }]);
    expect(read({ "aws:forbiddenAccountIds": ["111122223333"] }).accounts).to.deep.equal({
      forbidden: ["111122223333"],
    });
    expect(() => read({ "aws:allowedAccountIds": ["1"], "aws:forbiddenAccountIds": ["2"] })).to.throw(
      "must be a list of 12-digit account ids",
    );
    expect(() =>
      read({ "aws:allowedAccountIds": ["111122223333"], "aws:forbiddenAccountIds": ["444455556666"] }),
    ).to.throw("Pulumi config aws:allowedAccountIds and aws:forbiddenAccountIds are both set");
    expect(() => read({ "aws:useFipsEndpoint": "yes" })).to.throw(
      'Pulumi config aws:useFipsEndpoint must be true or false; got "yes"',
    );
  });

  it("refuses aws:assumeRoleWithWebIdentity, saying what to do instead", () => {
    expect(() =>
      read({ "aws:assumeRoleWithWebIdentity": { roleArn: ROLE_A, webIdentityTokenFile: "/var/run/token" } }),
    ).to.throw(
      "Pulumi config aws:assumeRoleWithWebIdentity is set, which pulumi-macie-member-status does not read: " +
        "ignoring it would make the calls as another identity: give the role through AWS_ROLE_ARN and " +
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    );
  });

  it("ignores the keys it has no use for, and every key it does not know: they are pulumi-aws's", () => {
    const ignored = Object.entries(AWS_CONFIG_KEYS)
      .filter(([, { use }]) => use === "ignored")
      .map(([key]) => key);
    expect(ignored).to.include.members([
      "skipCredentialsValidation",
      "maxRetries",
      "defaultTags",
      "insecure",
    ]);
    const values: Record<string, unknown> = { "aws:someFutureKey": { any: "thing" } };
    for (const key of ignored) values[`aws:${key}`] = "true";
    expect(() => read(values)).to.not.throw();
    expect(awsFromConfig(stack(values).aws)).to.deep.include({ roles: [], endpoints: {} });
  });

  it("leaves other providers' keys to them: only macie:* keys are checked for misspellings", () => {
    expect(() =>
      refuseUnknownConfigKeys([
        "aws:assumeRoles",
        "aws:endpoints",
        "aws:notAKeyOfAnyVersion",
        "gcp:project",
        "macie:roleArn",
      ]),
    ).to.not.throw();
  });
});
