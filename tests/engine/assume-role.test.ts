// Pipelines that run in another account: macie:roleArn / macie:externalId / macie:sessionName in
// the stack config, which the engine hands to the provider's configure. The role is assumed with
// the SDK's own STS credential provider (against the emulator's AssumeRole), and neither the
// external id nor any credential reaches state, outputs, errors or the host's log.
import { expect } from "chai";
import { MiniEngine } from "../../harness/engine";
import { declare } from "../../harness/program";
import { MacieMemberStatus } from "../../provider";
import { DUMMY_CREDENTIALS, emulator } from "../support/emulator";
import { failure } from "../support/failure";
import { startHost } from "../support/host";

const ROLE = "arn:aws:iam::111122223333:role/macie-admin";
const EXTERNAL_ID = "ext-id-7f3a91c2-never-shown";
const ACCOUNT = "444455556666";

async function program() {
  return declare(
    () => void new MacieMemberStatus("m", { accountId: ACCOUNT, status: "PAUSED", region: "us-east-1" }),
    {
      project: "assume",
      stack: "ci",
    },
  );
}

describe("assume-role from stack config", function () {
  this.timeout(60_000);

  it("assumes the role with the external id and signs every Macie call with the role's credentials", async () => {
    const emu = await emulator();
    emu.configure({ roles: { [ROLE]: { externalId: EXTERNAL_ID } } });
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
    const started = await startHost(
      {},
      { "macie:roleArn": ROLE, "macie:externalId": EXTERNAL_ID, "macie:sessionName": "ci-run-42" },
    );
    try {
      const engine = new MiniEngine(started.host);
      const steps = await engine.up(await program());
      expect(steps.map((s) => s.error)).to.deep.equal([undefined]);
      expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Paused");
      expect(emu.counts.assumeRole).to.deep.equal([
        {
          roleArn: ROLE,
          sessionName: "ci-run-42",
          externalId: true,
          ok: true,
          signedBy: DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
        },
      ]);
      const keys = Object.keys(emu.counts.accessKeys);
      expect(keys).to.deep.equal(["ASIAEMULATED00000001"]);
      await engine.refresh();
      await engine.destroy();
      const everything =
        JSON.stringify([...engine.state.values()]) + JSON.stringify(steps) + started.host.log;
      for (const secret of [
        EXTERNAL_ID,
        DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
        "emulated-secret",
        "emulated-session-token",
      ]) {
        expect(everything).to.not.contain(secret);
      }
    } finally {
      await started.stop();
    }
  });

  it("fails plainly, without showing the external id, when STS refuses the role", async () => {
    const emu = await emulator();
    emu.configure({ roles: { [ROLE]: { externalId: "the-right-one" } } });
    emu.seed([{ accountId: ACCOUNT, relationshipStatus: "Enabled" }]);
    const started = await startHost({}, { "macie:roleArn": ROLE, "macie:externalId": EXTERNAL_ID });
    try {
      const steps = await new MiniEngine(started.host).up(await program());
      expect(steps[0].error).to.contain("AccessDenied").and.contain(ACCOUNT).and.contain("sts:AssumeRole");
      expect(steps[0].error).to.not.contain(EXTERNAL_ID);
      expect(started.host.log).to.not.contain(EXTERNAL_ID);
      expect(emu.calls("GetMember")).to.equal(0);
      expect(emu.member(ACCOUNT)?.relationshipStatus).to.equal("Enabled");
    } finally {
      await started.stop();
    }
  });

  it("refuses a malformed role ARN by naming the config key, before any AWS call", async () => {
    const emu = await emulator();
    const started = await startHost({}, { "macie:roleArn": "macie-admin" });
    try {
      const [d] = await program();
      const error = await failure(started.host.check(d.urn, {}, d.inputs));
      expect(error.message).to.contain("macie:roleArn must be an IAM role ARN");
      expect(emu.counts.assumeRole).to.have.length(0);
    } finally {
      await started.stop();
    }
  });
});
