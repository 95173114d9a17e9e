// The calls' credentials are the SDK's own providers: a profile through fromIni, static keys from
// the stack config, and a role chain where each link is the SDK's assume-role provider over the
// one before. Exact STS calls: one AssumeRole per link, however many clients share the chain.
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { GetMemberCommand } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import type { MacieEmulator } from "../../../emulator/emulator";
import { AccountGuardError, createAwsAccess } from "../../../provider/aws/access";
import {
  assumeRoleCredentials,
  chainCredentials,
  sourceCredentials,
} from "../../../provider/aws/credentials";
import { NO_CONFIG, readProviderConfig } from "../../../provider/config/config";
import type { RoleToAssume } from "../../../provider/config/role";
import { DUMMY_IDENTITY, emulator, emulatorEnv } from "../../support/emulator";
import { failure } from "../../support/failure";

const HOP: RoleToAssume = {
  roleArn: "arn:aws:iam::111122223333:role/org-deployer",
  externalId: "ext-id-hop",
  sessionName: "hop",
};
/** The emulator's administrator account (its default). */
const ADMIN = "999999999999";
const MACIE: RoleToAssume = { roleArn: "arn:aws:iam::444455556666:role/macie-admin", sessionName: "macie" };

describe("credentials (provider/aws/credentials.ts)", () => {
  let emu: MacieEmulator;
  beforeEach(async () => {
    emu = await emulator();
  });

  it("assumes a chain link by link, each signed with the link before: one AssumeRole per link", async () => {
    const credentials = chainCredentials([HOP, MACIE], "us-east-1", {
      source: DUMMY_IDENTITY,
      endpoint: emu.url,
    });
    if (typeof credentials !== "function") throw new Error("a chain is a provider");
    const first = await credentials();
    const again = await credentials();
    expect([first.accessKeyId, again.accessKeyId]).to.deep.equal([
      "ASIAEMULATED00000002",
      "ASIAEMULATED00000002",
    ]);
    expect(emu.counts.assumeRole).to.deep.equal([
      {
        roleArn: HOP.roleArn,
        sessionName: "hop",
        externalId: true,
        ok: true,
        signedBy: DUMMY_IDENTITY.accessKeyId,
      },
      {
        roleArn: MACIE.roleArn,
        sessionName: "macie",
        externalId: false,
        ok: true,
        signedBy: "ASIAEMULATED00000001",
      },
    ]);
    expect(emu.counts.modelViolations).to.deep.equal([]);
  });

  it("is the source itself when no role is assumed", () => {
    expect(chainCredentials([], "us-east-1", { source: DUMMY_IDENTITY })).to.equal(DUMMY_IDENTITY);
    expect(chainCredentials([], "us-east-1", {})).to.equal(undefined);
  });

  it("sends every field of a link to STS AssumeRole, as the model has them", async () => {
    const forms: URLSearchParams[] = [];
    // A stand-in STS that records the form, answering as STS does.
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        forms.push(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
        res.setHeader("content-type", "text/xml");
        res.end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
            `<AccessKeyId>ASIAFIELDS</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>` +
            `<Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials>` +
            `</AssumeRoleResult></AssumeRoleResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const provider = assumeRoleCredentials(
        {
          ...MACIE,
          durationSeconds: 5400,
          policy: '{"Version":"2012-10-17"}',
          policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          sourceIdentity: "ci",
          tags: { team: "security" },
          transitiveTagKeys: ["team"],
        },
        "us-east-1",
        { source: DUMMY_IDENTITY, endpoint: `http://127.0.0.1:${port}` },
      );
      expect((await provider()).accessKeyId).to.equal("ASIAFIELDS");
      const form = Object.fromEntries(forms[0]);
      expect(form).to.deep.include({
        Action: "AssumeRole",
        RoleArn: MACIE.roleArn,
        RoleSessionName: "macie",
        DurationSeconds: "5400",
        Policy: '{"Version":"2012-10-17"}',
        "PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
        SourceIdentity: "ci",
        "Tags.member.1.Key": "team",
        "Tags.member.1.Value": "security",
        "TransitiveTagKeys.member.1": "team",
      });
    } finally {
      server.close();
    }
  });

  describe("the source: static keys, a profile (the SDK's fromIni)", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-credentials-"));
      fs.writeFileSync(
        path.join(dir, "credentials"),
        "[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = default-secret\n" +
          "[macie-admin]\naws_access_key_id = AKIAMACIEPROFILE01\naws_secret_access_key = profile-secret\n",
      );
      fs.writeFileSync(path.join(dir, "config"), "");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is the static keys when the config names them, whatever the profile", () => {
      const source = sourceCredentials(
        { keys: { accessKeyId: "AKIASTATIC", secretAccessKey: "static-secret" }, profile: "macie-admin" },
        "us-east-1",
      );
      expect(source).to.deep.equal({ accessKeyId: "AKIASTATIC", secretAccessKey: "static-secret" });
    });

    it("is the profile's keys from the named files", async () => {
      const source = sourceCredentials(
        {
          profile: "macie-admin",
          credentialsFile: path.join(dir, "credentials"),
          configFile: path.join(dir, "config"),
        },
        "us-east-1",
      );
      if (typeof source !== "function") throw new Error("a profile is a provider");
      expect((await source()).accessKeyId).to.equal("AKIAMACIEPROFILE01");
    });

    it("is the SDK's default chain when the config names nothing", () => {
      expect(sourceCredentials({}, "us-east-1")).to.equal(undefined);
    });
  });

  describe("AWS access (provider/aws/access.ts)", () => {
    const configOf = (aws: Record<string, unknown>) =>
      readProviderConfig(NO_CONFIG, emulatorEnv(emu), (key) => {
        const value = aws[key];
        return value === undefined || typeof value === "string" ? value : JSON.stringify(value);
      });

    it("shares one chain between a region's Macie client and the caller's question: one AssumeRole per link", async () => {
      const access = createAwsAccess(configOf({ assumeRoles: [HOP, MACIE] }), {
        credentials: DUMMY_IDENTITY,
      });
      try {
        emu.seed([{ accountId: "210987654321", relationshipStatus: "Enabled" }]);
        await access.clientFor("us-east-1").send(new GetMemberCommand({ id: "210987654321" }));
        expect(await access.callerAccount("us-east-1")).to.equal("444455556666");
        expect(emu.counts.assumeRole.map((c) => [c.roleArn, c.signedBy])).to.deep.equal([
          [HOP.roleArn, DUMMY_IDENTITY.accessKeyId],
          [MACIE.roleArn, "ASIAEMULATED00000001"],
        ]);
        expect(emu.counts.accessKeys).to.deep.equal({ ASIAEMULATED00000002: 1 });
        // Another region assumes its own chain (STS is called in the call's region).
        await access
          .clientFor("eu-west-1")
          .send(new GetMemberCommand({ id: "210987654321" }))
          .catch(() => undefined);
        expect(emu.counts.assumeRole).to.have.length(4);
      } finally {
        access.destroy();
      }
    });

    it("with aws:stsRegion, one chain serves every region", async () => {
      const access = createAwsAccess(configOf({ assumeRoles: [MACIE], stsRegion: "us-east-1" }), {
        credentials: DUMMY_IDENTITY,
      });
      try {
        for (const region of ["us-east-1", "eu-west-1", "ap-south-1"])
          await access
            .clientFor(region)
            .send(new GetMemberCommand({ id: "210987654321" }))
            .catch(() => undefined);
        expect(emu.counts.assumeRole).to.have.length(1);
      } finally {
        access.destroy();
      }
    });

    it("sends no Macie call as an account aws:allowedAccountIds leaves out (one GetCallerIdentity a region)", async () => {
      const access = createAwsAccess(configOf({ allowedAccountIds: ["888877776666"] }), {
        credentials: DUMMY_IDENTITY,
      });
      try {
        const client = access.clientFor("us-east-1");
        for (let i = 0; i < 2; i++) {
          const error = await failure(client.send(new GetMemberCommand({ id: "210987654321" })));
          expect(error).to.be.instanceOf(AccountGuardError);
          expect(error.message).to.contain(
            `the credentials in use in us-east-1 are account ${ADMIN}, which Pulumi config ` +
              `aws:allowedAccountIds (888877776666) does not list: nothing was sent to Macie`,
          );
        }
        expect(emu.calls("GetMember")).to.equal(0);
        expect(emu.counts.sts).to.deep.equal({ GetCallerIdentity: 1 });
      } finally {
        access.destroy();
      }
    });

    it("lets the calls through when the account is allowed, and refuses a forbidden one", async () => {
      emu.seed([{ accountId: "210987654321", relationshipStatus: "Enabled" }]);
      const allowed = createAwsAccess(configOf({ allowedAccountIds: [ADMIN] }), {
        credentials: DUMMY_IDENTITY,
      });
      const forbidden = createAwsAccess(configOf({ forbiddenAccountIds: [ADMIN] }), {
        credentials: DUMMY_IDENTITY,
      });
      try {
        const member = await allowed
          .clientFor("us-east-1")
          .send(new GetMemberCommand({ id: "210987654321" }));
        expect(member.relationshipStatus).to.equal("Enabled");
        const error = await failure(
          forbidden.clientFor("us-east-1").send(new GetMemberCommand({ id: "210987654321" })),
        );
        expect(error.message).to.contain(
          "which Pulumi config aws:forbiddenAccountIds lists: nothing was sent to Macie",
        );
        expect(emu.calls("GetMember")).to.equal(1);
      } finally {
        allowed.destroy();
        forbidden.destroy();
      }
    });
  });
});
