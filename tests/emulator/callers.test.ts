// The caller's account: every access key belongs to an AWS account (the administrator's unless
// told otherwise; the role's for keys from AssumeRole). STS GetCallerIdentity says which, and with
// caller checks on, Macie answers any other account as a stranger, the way "the wrong AWS_PROFILE"
// looks from a real pipeline.
import {
  AccessDeniedException,
  GetMemberCommand,
  ListMembersCommand,
  Macie2Client,
  ResourceNotFoundException,
  UpdateMemberSessionCommand,
} from "@aws-sdk/client-macie2";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { failure } from "../support/failure";
import {
  ADMIN_KEYS,
  callerIdentity,
  CONTROLS,
  macie,
  OTHER_KEYS,
  overHttp,
  ownEmulator,
  type Control,
} from "./clients";

const ADMIN = "999999999999";
const STRANGER = "123456789012";
const A = "111111111111";
const ADMIN_ROLE = `arn:aws:iam::${ADMIN}:role/macie-admin`;
const OTHER_ROLE = `arn:aws:iam::${STRANGER}:role/macie-admin`;

describe("caller accounts", function () {
  let emu: MacieEmulator;
  let admin: Macie2Client;
  let other: Macie2Client;
  before(async () => {
    emu = await ownEmulator({ adminAccountId: ADMIN });
    admin = macie(emu.url, { credentials: ADMIN_KEYS });
    other = macie(emu.url, { credentials: OTHER_KEYS });
  });
  after(async () => {
    admin.destroy();
    other.destroy();
    await emu.stop();
  });
  beforeEach(() => {
    emu.reset();
    emu.seed([{ accountId: A, relationshipStatus: "Enabled" }]);
  });

  /** A Macie client signing with credentials AssumeRole handed out for `roleArn`, via the SDK's own provider. */
  const assumed = (roleArn: string) =>
    macie(emu.url, {
      credentials: fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: "emulator-test" },
        masterCredentials: ADMIN_KEYS,
        clientConfig: { endpoint: emu.url, region: "us-east-1" },
      }),
    });

  it("by default every static key is the administrator, and Macie answers it", async () => {
    expect(await callerIdentity(emu.url, OTHER_KEYS.accessKeyId)).to.deep.include({ account: ADMIN });
    expect((await other.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Enabled");
    expect(emu.counts.sts).to.deep.equal({ GetCallerIdentity: 1 });
  });

  for (const [via, controlOf] of CONTROLS) {
    describe(`switched ${via}`, () => {
      let control: Control;
      beforeEach(() => (control = controlOf(emu)));

      it("a key of another account is a stranger: 404 to its reads and writes, an empty ListMembers, nothing written", async () => {
        await control.setCallers({ accounts: { [OTHER_KEYS.accessKeyId]: STRANGER } });
        expect(await callerIdentity(emu.url, OTHER_KEYS.accessKeyId)).to.deep.equal({
          account: STRANGER,
          arn: `arn:aws:iam::${STRANGER}:user/emulated`,
          userId: `AIDAEMULATED${STRANGER}`,
        });
        expect(await failure(other.send(new GetMemberCommand({ id: A })))).to.be.instanceOf(
          ResourceNotFoundException,
        );
        expect(
          await failure(other.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }))),
        ).to.be.instanceOf(ResourceNotFoundException);
        expect((await other.send(new ListMembersCommand({}))).members).to.deep.equal([]);
        expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
        // The administrator's key is still answered.
        expect((await admin.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Enabled");
        const counts = await control.counts();
        expect(counts.operations.GetMember.answers).to.deep.equal({ stranger: 1, "200": 1 });
        expect(counts.operations.UpdateMemberSession.answers).to.deep.equal({ stranger: 1 });
        expect(counts.operations.ListMembers.answers).to.deep.equal({ stranger: 1 });
      });

      it("a stranger gets the configured non-member answer", async () => {
        await control.setCallers({ accounts: { [OTHER_KEYS.accessKeyId]: STRANGER } });
        await control.setNonMemberAnswer("not-enabled");
        const error = await failure(other.send(new GetMemberCommand({ id: A })));
        expect(error).to.be.instanceOf(AccessDeniedException);
        expect(error.message).to.contain("Macie is not enabled");
      });

      it("AssumeRole's keys belong to the role's account: a role in another account is a stranger", async () => {
        await control.setCallers({});
        const client = assumed(OTHER_ROLE);
        try {
          expect(await failure(client.send(new GetMemberCommand({ id: A })))).to.be.instanceOf(
            ResourceNotFoundException,
          );
          const [key] = Object.keys(emu.counts.accessKeys).filter((k) => k.startsWith("ASIA"));
          expect(await callerIdentity(emu.url, key)).to.deep.equal({
            account: STRANGER,
            arn: `arn:aws:sts::${STRANGER}:assumed-role/macie-admin/emulator-test`,
            userId: "AROAEMULATED:emulator-test",
          });
          expect((await control.counts()).sts).to.deep.equal({ AssumeRole: 1, GetCallerIdentity: 1 });
        } finally {
          client.destroy();
        }
      });

      it("a role in the administrator's account is answered as the administrator", async () => {
        await control.setCallers({});
        const client = assumed(ADMIN_ROLE);
        try {
          expect((await client.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Enabled");
        } finally {
          client.destroy();
        }
      });

      it("enforce: false maps accounts for GetCallerIdentity but answers every caller", async () => {
        await control.setCallers({ accounts: { [OTHER_KEYS.accessKeyId]: STRANGER }, enforce: false });
        expect((await callerIdentity(emu.url, OTHER_KEYS.accessKeyId)).account).to.equal(STRANGER);
        expect((await other.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Enabled");
      });
    });
  }

  it("reset() turns caller checks off", async () => {
    emu.setCallers({ accounts: { [OTHER_KEYS.accessKeyId]: STRANGER } });
    emu.reset();
    emu.seed([{ accountId: A }]);
    expect((await other.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Enabled");
    expect((await callerIdentity(emu.url, OTHER_KEYS.accessKeyId)).account).to.equal(ADMIN);
  });

  it("refuses an account that is not 12 digits, naming the key", async () => {
    expect(() => emu.setCallers({ accounts: { AKIAX: "12" } })).to.throw(
      /accounts\.AKIAX must be a 12-digit/,
    );
    const error = await failure(overHttp(emu).setCallers({ accounts: { AKIAX: "12" } }));
    expect(error.message).to.match(/400 .*accounts\.AKIAX must be a 12-digit/);
  });
});
