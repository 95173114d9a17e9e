// Pulumi's own AWS configuration, as a pulumi-aws user's stack already has it: aws:endpoints points
// Macie and STS at the emulator (the environment's endpoints are dead ones, so only the config can
// reach it), aws:assumeRoles is a chain of two roles with an external id and session names, and
// aws:profile names a profile in a shared credentials file. The provider host reads them from the
// engine's configure, the program (the policy's listing) from its stack config: one parser, the
// same calls. Exact STS calls: one AssumeRole per link for the whole run; nothing of the config
// reaches state, outputs or the host's log.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { MiniEngine } from "../../harness/engine";
import { declare } from "../../harness/program";
import { MacieMemberStatus, MacieMemberStatusPolicy } from "../../provider";
import type { PolicyData } from "../../provider/program/policy";
import { DUMMY_CREDENTIALS, DUMMY_IDENTITY, emulator } from "../support/emulator";
import { startHost } from "../support/host";

const HOP = "arn:aws:iam::111122223333:role/org-deployer";
const MACIE = "arn:aws:iam::999999999999:role/macie-admin";
const EXTERNAL_ID = "ext-id-4d1c-aws-config-never-shown";
const ACCOUNT = "444455556666";
/** Where the environment points: nothing listens there, so a call that reaches the emulator went by the config. */
const DEAD = "http://127.0.0.1:9";

function chainConfig(url: string): Record<string, string> {
  return {
    "aws:region": "us-east-1",
    "aws:endpoints": JSON.stringify([{ macie2: url }, { sts: url }]),
    "aws:assumeRoles": JSON.stringify([
      { roleArn: HOP, externalId: EXTERNAL_ID, sessionName: "gitops-hop" },
      { roleArn: MACIE, sessionName: "gitops-macie", duration: "15m" },
    ]),
  };
}

async function program() {
  return declare(
    () => void new MacieMemberStatus("m", { accountId: ACCOUNT, status: "PAUSED", region: "us-east-1" }),
    { project: "awscfg", stack: "ci" },
  );
}

describe("Pulumi's aws:* config in the provider host and the program", function () {
  this.timeout(60_000);

  it("reaches the emulator by aws:endpoints through the aws:assumeRoles chain: one AssumeRole per link for up, refresh and destroy", async () => {
    const emu = await emulator();
    emu.configure({ roles: { [HOP]: { externalId: EXTERNAL_ID }, [MACIE]: {} } });
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
    const started = await startHost(
      { AWS_ENDPOINT_URL_MACIE2: DEAD, AWS_ENDPOINT_URL_STS: DEAD },
      chainConfig(emu.url),
    );
    try {
      const engine = new MiniEngine(started.host);
      const steps = await engine.up(await program());
      expect(steps.map((s) => s.error)).to.deep.equal([undefined]);
      expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Paused");
      const later = [...(await engine.refresh()), ...(await engine.destroy())];
      expect(later.map((s) => s.error)).to.deep.equal([undefined, undefined]);
      // up: read, write, read back; refresh: one read (the destroy is the same run's: handed over).
      expect(emu.calls("GetMember") + emu.calls("UpdateMemberSession")).to.equal(4);
      expect(emu.counts.assumeRole).to.deep.equal([
        {
          roleArn: HOP,
          sessionName: "gitops-hop",
          externalId: true,
          ok: true,
          signedBy: DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
        },
        {
          roleArn: MACIE,
          sessionName: "gitops-macie",
          externalId: false,
          ok: true,
          signedBy: "ASIAEMULATED00000001",
        },
      ]);
      // Every Macie call signed by the chain's last session.
      expect(Object.keys(emu.counts.accessKeys)).to.deep.equal(["ASIAEMULATED00000002"]);
      expect(emu.counts.modelViolations).to.deep.equal([]);
      const everything =
        JSON.stringify([...engine.state.values()]) + JSON.stringify(steps) + started.host.log;
      for (const secret of [
        EXTERNAL_ID,
        DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
        "emulated-secret",
        "emulated-session-token",
      ])
        expect(everything).to.not.contain(secret);
    } finally {
      await started.stop();
    }
  });

  it("refuses a bad link at check, naming the key, before any AWS call", async () => {
    const emu = await emulator();
    const config = {
      ...chainConfig(emu.url),
      "aws:assumeRoles": JSON.stringify([{ roleArn: HOP, externalID: EXTERNAL_ID }]),
    };
    const started = await startHost({}, config);
    try {
      const [d] = await program();
      const check = await started.host.check(d.urn, {}, d.inputs).then(
        () => "",
        (error: Error) => error.message,
      );
      expect(check).to.contain(
        "Pulumi config aws:assumeRoles[0].externalID is not a field of an assumed role",
      );
      expect(check).to.not.contain(EXTERNAL_ID);
      expect(emu.counts.sts).to.deep.equal({});
    } finally {
      await started.stop();
    }
  });

  it("signs with aws:profile's keys from the shared credentials file (the SDK's fromIni), not the environment's", async () => {
    const emu = await emulator();
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-profile-"));
    const credentials = path.join(dir, "credentials");
    fs.writeFileSync(
      credentials,
      "[macie-admin]\naws_access_key_id = AKIAPROFILEMACIE0001\naws_secret_access_key = profile-secret-never-shown\n",
    );
    // Only the profile's key is known: a call signed with the environment's keys would be refused.
    emu.checkSignatures({ AKIAPROFILEMACIE0001: "profile-secret-never-shown" });
    const started = await startHost(
      { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: path.join(dir, "none") },
      { "aws:profile": "macie-admin" },
    );
    try {
      const engine = new MiniEngine(started.host);
      const steps = await engine.up(await program());
      expect(steps.map((s) => s.error)).to.deep.equal([undefined]);
      expect(emu.counts.accessKeys).to.deep.equal({ AKIAPROFILEMACIE0001: 3 });
      expect(JSON.stringify([...engine.state.values()]) + started.host.log).to.not.contain(
        "profile-secret-never-shown",
      );
    } finally {
      await started.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists the policy's members in the program through the same chain and endpoints", async () => {
    const emu = await emulator();
    emu.configure({ roles: { [HOP]: { externalId: EXTERNAL_ID }, [MACIE]: {} } });
    emu.seed([
      { accountId: ACCOUNT, relationshipStatus: "Enabled" },
      { accountId: "555566667777", relationshipStatus: "Paused" },
    ]);
    let data: PolicyData | undefined;
    await declare(
      async () => {
        data = await new MacieMemberStatusPolicy("org", { regions: ["us-east-1"], defaultStatus: "PAUSED" })
          .ready;
      },
      {
        project: "awscfg",
        stack: "ci",
        config: chainConfig(emu.url),
        // The program's own environment: no endpoint at all; the chain's source is the dummy key.
        env: {},
        runtime: { credentials: DUMMY_IDENTITY },
      },
    );
    // ACCOUNT is listed Enabled, declared PAUSED: the one member up will write.
    expect([data?.pending, data?.listCalls]).to.deep.equal([1, 1]);
    expect(emu.counts.assumeRole.map((c) => [c.roleArn, c.signedBy])).to.deep.equal([
      [HOP, DUMMY_IDENTITY.accessKeyId],
      [MACIE, "ASIAEMULATED00000001"],
    ]);
    expect(Object.keys(emu.counts.accessKeys)).to.deep.equal(["ASIAEMULATED00000002"]);
  });
});
