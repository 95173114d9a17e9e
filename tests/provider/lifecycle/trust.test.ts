// The trust rules (docs/ARCHITECTURE.md, Invariants), as the provider keeps them against a mocked Macie: only what changed
// is acted on, "gone" only from the recorded administrator, answers that are not whole are not
// trusted, and messages say what happened (phase, writes sent).
import {
  AccessDeniedException,
  GetMemberCommand,
  ResourceNotFoundException,
  UpdateMemberSessionCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import { MacieOperationError, MemberStateError } from "../../../provider/aws/errors";
import { maskSecretAccount } from "../../../provider/member/secret-flag";
import { MemberStatusProvider } from "../../../provider/lifecycle/provider";
import { failure } from "../../support/failure";
import {
  ACCOUNT,
  ADMIN,
  awsError,
  harness,
  INPUTS,
  memberOutput,
  mockRuntime,
  REGION,
  type Harness,
} from "../../support/macie-mock";

/** What state holds after an up that left the member Paused. */
const STATE = {
  ...INPUTS,
  status: "PAUSED",
  relationshipStatus: "Paused",
  administratorAccountId: ADMIN,
  __provider: "shim",
};

describe("trust rules (provider)", () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.restore());

  /** A provider whose calls are made as `caller`, on the same mock as h.provider. */
  function providerAs(caller: string): MemberStatusProvider {
    return new MemberStatusProvider(
      mockRuntime(h.client, h.clock, h.settings, {}, () => Promise.resolve(caller)),
    );
  }

  describe("only what changed is acted on", () => {
    it("records a new statusOnDelete alone with 0 AWS calls, even for a member nothing may be written to", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("AccountSuspended"));
      const result = await h.provider.update(ACCOUNT, STATE, {
        ...INPUTS,
        statusOnDelete: "UNCHANGED",
        __provider: "new-shim",
      });
      expect(h.macie.calls()).to.have.length(0);
      expect(result.outs).to.include({
        statusOnDelete: "UNCHANGED",
        status: "PAUSED",
        relationshipStatus: "Paused",
        __provider: "new-shim",
      });
    });

    it("after a refresh found the member suspended, still records statusOnDelete (a partial failure) with 0 writes", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("AccountSuspended"));
      const { status: _gone, ...refreshed } = { ...STATE, relationshipStatus: "AccountSuspended" };
      const error = await failure(
        h.provider.update(ACCOUNT, refreshed, { ...INPUTS, statusOnDelete: "UNCHANGED", __provider: "s" }),
      );
      expect(error).to.be.instanceOf(MemberStateError);
      expect(error.message).to.contain("AccountSuspended").and.contain("Nothing was written");
      // The dynamic-provider host turns `id` + `properties` into a partial failure: state keeps them.
      const partial = error as Error & { id?: string; properties?: Record<string, unknown> };
      expect(partial.id).to.equal(ACCOUNT);
      expect(partial.properties).to.include({
        statusOnDelete: "UNCHANGED",
        relationshipStatus: "AccountSuspended",
      });
      expect(partial.properties).to.not.have.property("status");
      expect([h.gets(), h.updates()]).to.deep.equal([1, 0]);
    });

    it("deletes a member AWS has suspended without a write: nothing can be written to it", async () => {
      for (const status of ["AccountSuspended", "RegionDisabled"]) {
        h.macie.reset();
        h.macie.on(GetMemberCommand).resolves(memberOutput(status));
        await h.provider.delete(ACCOUNT, STATE);
        expect([h.gets(), h.updates()], status).to.deep.equal([1, 0]);
      }
    });
  });

  describe('"gone" only from the recorded administrator', () => {
    const notMember = () => awsError(ResourceNotFoundException, "not found", 404);

    it("refresh drops a member that is gone when the caller is the recorded administrator", async () => {
      h.macie.on(GetMemberCommand).rejects(notMember());
      expect(await providerAs(ADMIN).read(ACCOUNT, STATE)).to.deep.equal({});
    });

    it("refresh fails, naming both accounts, when another account's credentials get the not-found answer", async () => {
      h.macie.on(GetMemberCommand).rejects(notMember());
      const error = await failure(providerAs("555555555555").read(ACCOUNT, STATE));
      expect(error.message)
        .to.contain("555555555555")
        .and.contain(ADMIN)
        .and.contain("AWS_PROFILE")
        .and.contain("state is left as it was");
    });

    it("delete does not end on another account's word that the member is gone", async () => {
      h.macie.on(GetMemberCommand).rejects(awsError(AccessDeniedException, "Macie is not enabled", 403));
      const error = await failure(providerAs("555555555555").delete(ACCOUNT, STATE));
      expect(error.message).to.contain("555555555555").and.contain(ADMIN);
      expect(h.updates()).to.equal(0);
    });

    it("delete of a gone member succeeds for the recorded administrator, with 0 writes", async () => {
      h.macie
        .on(GetMemberCommand)
        .rejects(awsError(ValidationException, "The account is not associated with your account.", 400));
      await providerAs(ADMIN).delete(ACCOUNT, STATE);
      expect([h.gets(), h.updates()]).to.deep.equal([1, 0]);
    });

    it("a state with no recorded administrator (never read) trusts the answer, as before", async () => {
      h.macie.on(GetMemberCommand).rejects(notMember());
      const { administratorAccountId: _none, ...older } = STATE;
      expect(await providerAs("555555555555").read(ACCOUNT, older)).to.deep.equal({});
    });
  });

  describe("answers that are not whole", () => {
    it("retries a GetMember answer without relationshipStatus, then fails clearly; it never reaches state", async () => {
      const provider = h.providerWith({ maxAttempts: 3 });
      const { relationshipStatus: _missing, ...partial } = memberOutput("Paused");
      h.macie.on(GetMemberCommand).resolves(partial);
      const error = await failure(provider.read(ACCOUNT, STATE));
      expect(error).to.be.instanceOf(MacieOperationError);
      expect(error.message).to.contain("GetMember answered 200 but the answer has no relationshipStatus");
      expect(error.message).to.contain("after 3 attempts");
      expect(h.gets()).to.equal(3);
    });

    it("recovers when a later answer is whole", async () => {
      const { relationshipStatus: _missing, ...partial } = memberOutput("Paused");
      h.macie.on(GetMemberCommand).resolvesOnce(partial).resolves(memberOutput("Paused"));
      const result = await h.provider.read(ACCOUNT, STATE);
      expect(result.props).to.include({ relationshipStatus: "Paused", status: "PAUSED" });
      expect(h.gets()).to.equal(2);
    });

    it("does not take an answer about another account", async () => {
      const provider = h.providerWith({ maxAttempts: 2 });
      h.macie.on(GetMemberCommand).resolves({ ...memberOutput("Paused"), accountId: "999999999999" });
      const error = await failure(provider.read(ACCOUNT, STATE));
      expect(error.message).to.contain("the answer is about account 999999999999");
    });
  });

  describe("messages say what happened", () => {
    it('after a write, says "1 write was sent" and what Macie showed, never "Nothing was written"', async () => {
      // The write lands, then the member turns Invited before it shows Paused.
      h.macie.on(GetMemberCommand).resolvesOnce(memberOutput("Enabled")).resolves(memberOutput("Invited"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      const error = await failure(h.provider.create(INPUTS));
      expect(error.message).to.contain("1 write was sent (UpdateMemberSession); Macie last showed Invited.");
      expect(error.message).to.not.contain("Nothing was written");
    });

    it("names the phase that failed and keeps the AWS error as cause", async () => {
      const provider = h.providerWith({ maxAttempts: 2 });
      h.macie
        .on(GetMemberCommand)
        .resolvesOnce(memberOutput("Enabled"))
        .rejects(awsError(AccessDeniedException, "no", 403));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      const error = await failure(provider.create(INPUTS));
      expect(error.message).to.match(
        new RegExp(`^Waiting for Macie member account ${ACCOUNT} in ${REGION} to show PAUSED: `),
      );
      expect(error.message).to.contain("1 write was sent");
      expect(error.message).to.contain("allow macie2:GetMember");
      expect((error as Error & { cause?: unknown }).cause).to.be.instanceOf(AccessDeniedException);
    });

    it("a refused write says it was sent and names UpdateMemberSession's IAM action", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      h.macie.on(UpdateMemberSessionCommand).rejects(awsError(AccessDeniedException, "denied", 403));
      const error = await failure(h.provider.create(INPUTS));
      expect(error.message).to.match(
        /^Setting Macie member account \d{12} in us-east-1 to PAUSED: UpdateMemberSession/,
      );
      expect(error.message).to.contain("allow macie2:UpdateMemberSession").and.contain("1 write was sent");
    });

    it("masks a secret account id in every mention, and leaves others alone", () => {
      const message = `Account ${ACCOUNT} in ${REGION}: arn:aws:macie2:${REGION}:${ADMIN}:member/${ACCOUNT}`;
      expect(maskSecretAccount(message, { accountId: ACCOUNT, __accountIdSecret: true })).to.equal(
        `Account …3333 in ${REGION}: arn:aws:macie2:${REGION}:${ADMIN}:member/…3333`,
      );
      expect(maskSecretAccount(message, { accountId: ACCOUNT })).to.equal(message);
    });
  });
});
