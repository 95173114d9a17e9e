// SigV4 signature checks, when asked for: requests the real SDK signs with the right secret pass
// (GetMember, a write with a body, a listing with a query, STS AssumeRole and the role's keys);
// a wrong secret or an unknown key is refused the way AWS refuses it.
import { GetMemberCommand, ListMembersCommand, UpdateMemberSessionCommand } from "@aws-sdk/client-macie2";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { failure } from "../support/failure";
import { ADMIN_KEYS, CONTROLS, macie, OTHER_KEYS, ownEmulator, type Control } from "./clients";

const A = "111111111111";

describe("SigV4 signature checks", function () {
  let emu: MacieEmulator;
  before(async () => (emu = await ownEmulator()));
  after(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.seed([{ accountId: A, relationshipStatus: "Enabled" }]);
  });

  /** Runs `use` with a client signing with `credentials`, then destroys it. */
  async function withClient<T>(
    credentials: Parameters<typeof macie>[1],
    use: (client: ReturnType<typeof macie>) => Promise<T>,
  ): Promise<T> {
    const client = macie(emu.url, credentials);
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  }

  it("are off by default: any secret passes", async () => {
    const wrong = { accessKeyId: ADMIN_KEYS.accessKeyId, secretAccessKey: "not-the-secret" };
    await withClient({ credentials: wrong }, (c) => c.send(new GetMemberCommand({ id: A })));
    expect(emu.counts.badSignatures).to.equal(0);
  });

  for (const [via, controlOf] of CONTROLS) {
    describe(`switched ${via}`, () => {
      let control: Control;
      beforeEach(async () => {
        control = controlOf(emu);
        await control.checkSignatures({ [ADMIN_KEYS.accessKeyId]: ADMIN_KEYS.secretAccessKey });
      });

      it("accept what the SDK signs with the right secret: a read, a write with a body, a listing with a query", async () => {
        await withClient({ credentials: ADMIN_KEYS }, async (c) => {
          expect((await c.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Enabled");
          await c.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
          const page = await c.send(
            new ListMembersCommand({ maxResults: 7, onlyAssociated: "false", nextToken: "0" }),
          );
          expect(page.members?.map((m) => m.relationshipStatus)).to.deep.equal(["Paused"]);
        });
        const counts = await control.counts();
        expect(counts.badSignatures).to.equal(0);
        expect(counts.writesApplied).to.equal(1);
      });

      it("refuse a wrong secret with 403 InvalidSignatureException, applying nothing", async () => {
        const wrong = { accessKeyId: ADMIN_KEYS.accessKeyId, secretAccessKey: "not-the-secret" };
        const error = await withClient({ credentials: wrong }, (c) =>
          failure(c.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }))),
        );
        expect(error.name).to.equal("InvalidSignatureException");
        expect(error.$metadata?.httpStatusCode).to.equal(403);
        expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
        const counts = await control.counts();
        expect(counts.badSignatures).to.equal(1);
        expect(counts.operations.UpdateMemberSession.answers).to.deep.equal({ "403": 1 });
      });

      it("refuse a key they do not know with 403 UnrecognizedClientException", async () => {
        const error = await withClient({ credentials: OTHER_KEYS }, (c) =>
          failure(c.send(new GetMemberCommand({ id: A }))),
        );
        expect(error.name).to.equal("UnrecognizedClientException");
        expect((await control.counts()).badSignatures).to.equal(1);
      });

      it("know the keys AssumeRole hands out, and check the STS call itself", async () => {
        const viaRole = (master: typeof ADMIN_KEYS) =>
          fromTemporaryCredentials({
            params: { RoleArn: "arn:aws:iam::999999999999:role/macie-admin", RoleSessionName: "sig-test" },
            masterCredentials: master,
            clientConfig: { endpoint: emu.url, region: "us-east-1" },
          });
        await withClient({ credentials: viaRole(ADMIN_KEYS) }, (c) =>
          c.send(new GetMemberCommand({ id: A })),
        );
        const refused = await withClient(
          { credentials: viaRole({ ...ADMIN_KEYS, secretAccessKey: "not-the-secret" }) },
          (c) => failure(c.send(new GetMemberCommand({ id: A }))),
        );
        expect(refused.message).to.contain("signature we calculated does not match");
        const counts = await control.counts();
        expect(counts.sts).to.deep.equal({ AssumeRole: 2 });
        expect(counts.badSignatures).to.equal(1);
        expect(counts.operations.GetMember.answers).to.deep.equal({ "200": 1 });
      });
    });
  }

  it("reset() turns them off", async () => {
    emu.checkSignatures({ [ADMIN_KEYS.accessKeyId]: ADMIN_KEYS.secretAccessKey });
    emu.reset();
    emu.seed([{ accountId: A }]);
    await withClient({ credentials: OTHER_KEYS }, (c) => c.send(new GetMemberCommand({ id: A })));
    expect(emu.counts.badSignatures).to.equal(0);
  });
});
