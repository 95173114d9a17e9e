// The lifecycle table of docs/ARCHITECTURE.md, row by row, with exact AWS call counts.
import {
  AccessDeniedException,
  ConflictException,
  GetMemberCommand,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  UpdateMemberSessionCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { expect } from "chai";
import {
  ACCOUNT,
  ADMIN,
  INPUTS,
  REGION,
  awsError,
  harness,
  memberOutput,
  networkError,
  timeoutError,
  type Harness,
} from "../../support/macie-mock";
import { failure } from "../../support/failure";
import { SETTLE_AFTER_LOST_WRITE_MS } from "../../../provider/member/converge";

const OTHER_STATUSES = [
  "Invited",
  "Created",
  "EmailVerificationInProgress",
  "EmailVerificationFailed",
  "AccountSuspended",
  "RegionDisabled",
];

describe("MemberStatusProvider", () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.restore());

  describe("check", () => {
    it("accepts valid inputs, fills statusOnDelete, and makes no AWS call", async () => {
      const result = await h.provider.check({}, { accountId: ACCOUNT, status: "ENABLED", region: REGION });
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs).to.deep.equal({
        accountId: ACCOUNT,
        status: "ENABLED",
        region: REGION,
        statusOnDelete: "ENABLED",
      });
      expect(h.macie.calls()).to.have.length(0);
    });

    it("passes unknown values (preview) untouched", async () => {
      const news = { accountId: unknownValue, status: unknownValue, region: unknownValue };
      const result = await h.provider.check({}, news);
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs).to.include({
        accountId: unknownValue,
        status: unknownValue,
        region: unknownValue,
      });
      expect(h.macie.calls()).to.have.length(0);
    });

    it("takes the region from AWS_REGION, then AWS_DEFAULT_REGION, when the input leaves it out", async () => {
      const provider = h.providerWith({}, { AWS_DEFAULT_REGION: "eu-west-1" });
      const news = { accountId: ACCOUNT, status: "PAUSED" };
      expect((await provider.check({}, news)).inputs.region).to.equal("eu-west-1");
      const both = h.providerWith({}, { AWS_REGION: "ap-south-1", AWS_DEFAULT_REGION: "eu-west-1" });
      expect((await both.check({}, news)).inputs.region).to.equal("ap-south-1");
    });
  });

  describe("diff", () => {
    const olds = { ...INPUTS, relationshipStatus: "Paused", __provider: "old" };

    it("reports no change for the same inputs, even when only the serialized provider changed", async () => {
      const result = await h.provider.diff(ACCOUNT, olds, { ...INPUTS, __provider: "new" });
      expect(result).to.deep.equal({ changes: false, replaces: [] });
      expect(h.macie.calls()).to.have.length(0);
    });

    it("updates in place when status changes", async () => {
      const result = await h.provider.diff(ACCOUNT, olds, { ...INPUTS, status: "ENABLED" });
      expect(result).to.deep.equal({ changes: true, replaces: [] });
    });

    it("updates in place when statusOnDelete changes", async () => {
      const result = await h.provider.diff(ACCOUNT, olds, { ...INPUTS, statusOnDelete: "UNCHANGED" });
      expect(result).to.deep.equal({ changes: true, replaces: [] });
    });

    it("treats a missing statusOnDelete as its default, ENABLED", async () => {
      const { statusOnDelete: _omitted, ...withoutDefault } = INPUTS;
      const result = await h.provider.diff(ACCOUNT, withoutDefault, INPUTS);
      expect(result.changes).to.equal(false);
    });

    it("replaces when accountId or region changes", async () => {
      expect(await h.provider.diff(ACCOUNT, olds, { ...INPUTS, accountId: "444455556666" })).to.deep.equal({
        changes: true,
        replaces: ["accountId"],
      });
      expect(await h.provider.diff(ACCOUNT, olds, { ...INPUTS, region: "eu-west-1" })).to.deep.equal({
        changes: true,
        replaces: ["region"],
      });
    });

    it("says an unknown value may change (and may replace)", async () => {
      const result = await h.provider.diff(ACCOUNT, olds, {
        ...INPUTS,
        accountId: unknownValue,
        status: unknownValue,
      });
      expect(result).to.deep.equal({ changes: true, replaces: ["accountId"] });
      expect(h.macie.calls()).to.have.length(0);
    });

    it("shows a diff after a refresh found the member in neither Enabled nor Paused", async () => {
      const { status: _observedNothing, ...refreshed } = INPUTS;
      expect((await h.provider.diff(ACCOUNT, refreshed, INPUTS)).changes).to.equal(true);
    });
  });

  describe("create", () => {
    it("writes nothing when the member already has the desired status: 1 GetMember, 0 UpdateMemberSession", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Paused"));
      const result = await h.provider.create(INPUTS);
      expect(h.gets()).to.equal(1);
      expect(h.updates()).to.equal(0);
      expect(result.id).to.equal(ACCOUNT);
      expect(result.outs).to.deep.equal({
        accountId: ACCOUNT,
        region: REGION,
        statusOnDelete: "ENABLED",
        status: "PAUSED",
        relationshipStatus: "Paused",
        arn: `arn:aws:macie2:${REGION}:${ADMIN}:member/${ACCOUNT}`,
        administratorAccountId: ADMIN,
        email: "member@example.com",
        updatedAt: "2026-11-01T00:00:00.000Z",
      });
    });

    it("changes the status with exactly 1 UpdateMemberSession, then reads it back", async () => {
      h.macie.on(GetMemberCommand).resolvesOnce(memberOutput("Enabled")).resolves(memberOutput("Paused"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      const result = await h.provider.create(INPUTS);
      expect(h.sequence()).to.deep.equal(["Get", "Update", "Get"]);
      expect(h.written()).to.deep.equal(["PAUSED"]);
      expect(h.macie.commandCalls(UpdateMemberSessionCommand)[0].args[0].input).to.deep.equal({
        id: ACCOUNT,
        status: "PAUSED",
      });
      expect(result.outs).to.include({ status: "PAUSED", relationshipStatus: "Paused" });
    });

    it("waits, without writing again, until Macie shows the new status", async () => {
      h.macie
        .on(GetMemberCommand)
        .resolvesOnce(memberOutput("Enabled"))
        .resolvesOnce(memberOutput("Enabled"))
        .resolvesOnce(memberOutput("Enabled"))
        .resolves(memberOutput("Paused"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      await h.provider.create(INPUTS);
      expect(h.sequence()).to.deep.equal(["Get", "Update", "Get", "Get", "Get"]);
      expect(h.sleeps).to.deep.equal([500, 1000]);
    });

    it("fails after the wait bound when the status never shows, and says what it last saw", async () => {
      const provider = h.providerWith({ waitTimeoutSeconds: 10 });
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      const error = await failure(provider.create(INPUTS));
      expect(error.message).to.contain(`member account ${ACCOUNT} in ${REGION}`);
      expect(error.message).to.contain("after 10 s Macie still shows Enabled");
      expect(error.message).to.contain("MACIE_MEMBER_STATUS_WAIT_TIMEOUT_SECONDS");
      expect(h.updates()).to.equal(1);
      expect(h.sleeps.reduce((a, b) => a + b, 0)).to.be.at.most(10_000);
    });

    for (const status of OTHER_STATUSES) {
      it(`never writes to a member that is ${status}, and explains`, async () => {
        h.macie.on(GetMemberCommand).resolves(memberOutput(status));
        const error = await failure(h.provider.create({ ...INPUTS, status: "ENABLED" }));
        expect(h.updates()).to.equal(0);
        expect(h.gets()).to.equal(1);
        expect(error.message).to.contain(ACCOUNT).and.contain(REGION).and.contain(status);
        expect(error.message).to.contain("Nothing was written");
      });
    }

    for (const status of ["Removed", "Resigned"]) {
      it(`fails for a member that is ${status}, without writing`, async () => {
        h.macie.on(GetMemberCommand).resolves(memberOutput(status));
        const error = await failure(h.provider.create(INPUTS));
        expect(error.message).to.contain(`Account ${ACCOUNT} is not an associated Macie member`);
        expect(error.message).to.contain(status);
        expect(h.updates()).to.equal(0);
      });
    }

    it("fails plainly when Macie does not know the account (ResourceNotFound), after 1 call", async () => {
      h.macie
        .on(GetMemberCommand)
        .rejects(
          awsError(
            ResourceNotFoundException,
            "The request failed because the specified resource wasn't found.",
            404,
          ),
        );
      const error = await failure(h.provider.create(INPUTS));
      expect(error.message)
        .to.contain(`Account ${ACCOUNT} is not an associated Macie member`)
        .and.contain(REGION);
      expect(h.gets()).to.equal(1);
      expect(h.updates()).to.equal(0);
    });

    it('fails plainly when Macie answers "not associated" to the write', async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      h.macie
        .on(UpdateMemberSessionCommand)
        .rejects(
          awsError(ValidationException, "The account is not associated with your account.", 400, "req-v"),
        );
      const error = await failure(h.provider.create(INPUTS));
      expect(error.message).to.contain("is not an associated Macie member");
      expect(error.message).to.contain(
        "ValidationException: The account is not associated with your account. (request id req-v)",
      );
      expect(h.updates()).to.equal(1);
    });

    const fatal = [
      { error: () => awsError(ValidationException, "bad id", 400), name: "ValidationException" },
      {
        error: () => awsError(ServiceQuotaExceededException, "quota", 402),
        name: "ServiceQuotaExceededException",
      },
      {
        error: () => awsError(AccessDeniedException, "User is not authorized", 403),
        name: "AccessDeniedException",
      },
    ];
    for (const { error: make, name } of fatal) {
      it(`fails at once on ${name} from GetMember: 1 call, message names account, region, error and request id`, async () => {
        h.macie.on(GetMemberCommand).rejects(make());
        const error = await failure(h.provider.create(INPUTS));
        expect(h.gets()).to.equal(1);
        expect(h.updates()).to.equal(0);
        expect(h.sleeps).to.deep.equal([]);
        expect(error.message).to.contain(
          `GetMember for Macie member account ${ACCOUNT} in ${REGION} failed after 1 attempt`,
        );
        expect(error.message).to.contain(name).and.contain("request id req-1");
      });

      it(`fails at once on ${name} from UpdateMemberSession: 1 write, no retry`, async () => {
        h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
        h.macie.on(UpdateMemberSessionCommand).rejects(make());
        const error = await failure(h.provider.create(INPUTS));
        expect(h.updates()).to.equal(1);
        expect(h.gets()).to.equal(1);
        expect(error.message).to.contain(`UpdateMemberSession for Macie member account ${ACCOUNT}`);
        expect(error.message).to.contain(name);
      });
    }

    it("retries a ConflictException, reading the member back before writing again", async () => {
      h.macie
        .on(GetMemberCommand)
        .resolvesOnce(memberOutput("Enabled"))
        .resolvesOnce(memberOutput("Enabled"))
        .resolves(memberOutput("Paused"));
      h.macie
        .on(UpdateMemberSessionCommand)
        .rejectsOnce(awsError(ConflictException, "The member is being updated", 409))
        .resolves({});
      await h.provider.create(INPUTS);
      expect(h.sequence()).to.deep.equal(["Get", "Update", "Get", "Update", "Get"]);
      expect(h.sleeps).to.have.length(1);
    });

    const ambiguous = [
      { name: "a timeout", error: timeoutError },
      {
        name: "an InternalServerException (500)",
        error: () => awsError(InternalServerException, "oops", 500),
      },
      { name: "a connection reset", error: () => networkError("ECONNRESET") },
    ];
    for (const { name, error } of ambiguous) {
      it(`after ${name} on the write, reads back and does not rewrite when the write had landed`, async () => {
        h.macie.on(GetMemberCommand).resolvesOnce(memberOutput("Enabled")).resolves(memberOutput("Paused"));
        h.macie.on(UpdateMemberSessionCommand).rejects(error());
        const result = await h.provider.create(INPUTS);
        expect(h.sequence()).to.deep.equal(["Get", "Update", "Get"]);
        expect(result.outs).to.include({ status: "PAUSED" });
      });

      it(`after ${name} on the write, keeps reading while reads lag, and sends no second write when the first landed`, async () => {
        // Macie's reads are eventually consistent: the first read after the lost answer is stale.
        h.macie
          .on(GetMemberCommand)
          .resolvesOnce(memberOutput("Enabled"))
          .resolvesOnce(memberOutput("Enabled"))
          .resolves(memberOutput("Paused"));
        h.macie.on(UpdateMemberSessionCommand).rejectsOnce(error()).resolves({});
        await h.provider.create(INPUTS);
        expect(h.sequence()).to.deep.equal(["Get", "Update", "Get", "Get"]);
      });

      it(`after ${name} on the write, writes again only once the old status has held for ${SETTLE_AFTER_LOST_WRITE_MS} ms`, async () => {
        // The first write never landed: reads show Enabled until a second write is sent.
        h.macie.on(GetMemberCommand).callsFake(() => memberOutput(h.updates() < 2 ? "Enabled" : "Paused"));
        h.macie.on(UpdateMemberSessionCommand).rejectsOnce(error()).resolves({});
        await h.provider.create(INPUTS);
        expect(h.sequence()).to.deep.equal(["Get", "Update", "Get", "Get", "Get", "Get", "Update", "Get"]);
        // The backoff after the failure, then polls of 0.5, 1 and 2 s; 4 s more would pass the settle time.
        expect(h.sleeps.slice(1)).to.deep.equal([500, 1000, 2000]);
      });
    }

    it("retries throttled reads and ends at the desired status", async () => {
      h.macie
        .on(GetMemberCommand)
        .rejectsOnce(awsError(ThrottlingException, "Rate exceeded", 429))
        .rejectsOnce(awsError(ThrottlingException, "Rate exceeded", 429))
        .resolves(memberOutput("Paused"));
      await h.provider.create(INPUTS);
      expect(h.gets()).to.equal(3);
      expect(h.updates()).to.equal(0);
      // Full jitter at random() = 0.5 over 250 ms × 2^(n-1).
      expect(h.sleeps).to.deep.equal([125, 250]);
    });

    it("gives up after maxAttempts failed calls, naming operation, attempts, error and request id", async () => {
      const provider = h.providerWith({ maxAttempts: 4 });
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      h.macie.on(UpdateMemberSessionCommand).rejects(awsError(ConflictException, "busy", 409, "req-c"));
      const error = await failure(provider.create(INPUTS));
      expect(h.updates()).to.equal(4);
      expect(h.gets()).to.equal(4);
      expect(h.sleeps).to.have.length(3);
      expect(error.message).to.contain(
        `UpdateMemberSession for Macie member account ${ACCOUNT} in ${REGION} failed after 4 attempts`,
      );
      expect(error.message).to.contain("ConflictException: busy (request id req-c)");
      expect(error.message).to.contain("limit is 4 failed attempts");
    });

    it("gives up before its total retry time runs out", async () => {
      const provider = h.providerWith({ maxAttempts: 100, maxRetrySeconds: 5 });
      h.macie.on(GetMemberCommand).rejects(awsError(ThrottlingException, "Rate exceeded", 429));
      const error = await failure(provider.create(INPUTS));
      expect(h.sleeps.reduce((a, b) => a + b, 0)).to.be.at.most(5000);
      expect(h.gets()).to.be.greaterThan(1).and.lessThan(100);
      expect(error.message).to.contain("5 s limit");
    });

    it("a write whose host does not resolve was never sent: the message says nothing was written", async () => {
      // A DNS failure ends the call before a byte leaves the machine (docs/ARCHITECTURE.md: "Messages are true").
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      const noHost = Object.assign(new Error("getaddrinfo ENOTFOUND macie2.us-east-1.amazonaws.com"), {
        code: "ENOTFOUND",
        hostname: "macie2.us-east-1.amazonaws.com",
      });
      h.macie.on(UpdateMemberSessionCommand).rejects(noHost);
      const error = await failure(h.provider.create(INPUTS));
      expect(h.sequence()).to.deep.equal(["Get", "Update"]);
      expect(error.message).to.contain("does not exist").and.contain("Nothing was written.");
      expect(error.message).to.not.contain("write was sent");
    });

    it("refuses invalid inputs before any AWS call", async () => {
      const error = await failure(h.provider.create({ ...INPUTS, status: "paused" }));
      expect(error.message).to.contain('status must be "ENABLED" or "PAUSED"');
      expect(h.macie.calls()).to.have.length(0);
    });
  });

  describe("read", () => {
    it("reports the observed status with 1 GetMember, and returns inputs for the next diff", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      const result = await h.provider.read(ACCOUNT, { ...INPUTS, relationshipStatus: "Paused" });
      expect(h.gets()).to.equal(1);
      expect(h.updates()).to.equal(0);
      expect(result.id).to.equal(ACCOUNT);
      expect(result.props).to.include({ status: "ENABLED", relationshipStatus: "Enabled" });
      expect(result.inputs).to.deep.equal({
        accountId: ACCOUNT,
        region: REGION,
        statusOnDelete: "ENABLED",
        status: "ENABLED",
      });
    });

    for (const status of OTHER_STATUSES) {
      it(`reports no status (never ENABLED) for a member that is ${status}`, async () => {
        h.macie.on(GetMemberCommand).resolves(memberOutput(status));
        const result = await h.provider.read(ACCOUNT, INPUTS);
        expect(result.props).to.not.have.property("status");
        expect(result.inputs).to.not.have.property("status");
        expect(result.props).to.include({ relationshipStatus: status });
      });
    }

    const goneAnswers = [
      () => awsError(ResourceNotFoundException, "not found", 404),
      () =>
        awsError(
          ValidationException,
          "The request failed because the account is not associated with your account.",
          400,
        ),
      () => awsError(ValidationException, "123 is not an associated member of account 456", 400),
      () => awsError(ConflictException, "No member accounts are associated with your account.", 409),
      () => awsError(AccessDeniedException, "Macie is not enabled for this account", 403),
    ];
    for (const answer of goneAnswers) {
      const sample = answer();
      it(`treats ${sample.name} "${sample.message}" as gone`, async () => {
        h.macie.on(GetMemberCommand).rejects(answer());
        const result = await h.provider.read(ACCOUNT, INPUTS);
        expect(result).to.deep.equal({});
        expect(h.gets()).to.equal(1);
      });
    }

    for (const status of ["Removed", "Resigned"]) {
      it(`treats a ${status} member as gone`, async () => {
        h.macie.on(GetMemberCommand).resolves(memberOutput(status));
        expect(await h.provider.read(ACCOUNT, INPUTS)).to.deep.equal({});
      });
    }

    it("reads a member from only an id and inputs (import-style)", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Paused"));
      const result = await h.provider.read(ACCOUNT, { region: REGION });
      expect(result.inputs).to.deep.equal({
        accountId: ACCOUNT,
        region: REGION,
        statusOnDelete: "ENABLED",
        status: "PAUSED",
      });
    });

    it("fails on AccessDenied that is not about Macie being off", async () => {
      h.macie.on(GetMemberCommand).rejects(awsError(AccessDeniedException, "User is not authorized", 403));
      const error = await failure(h.provider.read(ACCOUNT, INPUTS));
      expect(error.message).to.contain("AccessDeniedException").and.contain(ACCOUNT);
      expect(h.gets()).to.equal(1);
    });
  });

  describe("update", () => {
    it("converges to the new status with 1 write", async () => {
      h.macie.on(GetMemberCommand).resolvesOnce(memberOutput("Paused")).resolves(memberOutput("Enabled"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      const result = await h.provider.update(ACCOUNT, INPUTS, { ...INPUTS, status: "ENABLED" });
      expect(h.written()).to.deep.equal(["ENABLED"]);
      expect(result.outs).to.include({ status: "ENABLED", relationshipStatus: "Enabled" });
    });

    it("changing only statusOnDelete writes nothing when the member is as declared", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Paused"));
      const result = await h.provider.update(ACCOUNT, INPUTS, { ...INPUTS, statusOnDelete: "UNCHANGED" });
      expect(h.updates()).to.equal(0);
      expect(result.outs).to.include({ statusOnDelete: "UNCHANGED" });
    });
  });

  describe("delete", () => {
    it("applies statusOnDelete (default ENABLED)", async () => {
      h.macie.on(GetMemberCommand).resolvesOnce(memberOutput("Paused")).resolves(memberOutput("Enabled"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      const { statusOnDelete: _default, ...props } = INPUTS;
      await h.provider.delete(ACCOUNT, props);
      expect(h.written()).to.deep.equal(["ENABLED"]);
    });

    it("applies statusOnDelete PAUSED", async () => {
      h.macie.on(GetMemberCommand).resolvesOnce(memberOutput("Enabled")).resolves(memberOutput("Paused"));
      h.macie.on(UpdateMemberSessionCommand).resolves({});
      await h.provider.delete(ACCOUNT, { ...INPUTS, status: "ENABLED", statusOnDelete: "PAUSED" });
      expect(h.written()).to.deep.equal(["PAUSED"]);
    });

    it("makes no AWS call at all when statusOnDelete is UNCHANGED", async () => {
      await h.provider.delete(ACCOUNT, { ...INPUTS, statusOnDelete: "UNCHANGED" });
      expect(h.macie.calls()).to.have.length(0);
    });

    it("makes at most 1 read and no write when the member is already at statusOnDelete", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      await h.provider.delete(ACCOUNT, INPUTS);
      expect(h.sequence()).to.deep.equal(["Get"]);
    });

    it("counts a member that is gone as deleted", async () => {
      h.macie.on(GetMemberCommand).rejects(awsError(ResourceNotFoundException, "not found", 404));
      await h.provider.delete(ACCOUNT, INPUTS);
      h.macie.reset();
      h.macie.on(GetMemberCommand).resolves(memberOutput("Removed"));
      await h.provider.delete(ACCOUNT, INPUTS);
      expect(h.updates()).to.equal(0);
    });

    it('counts a "not associated" answer to the write as deleted', async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Paused"));
      h.macie
        .on(UpdateMemberSessionCommand)
        .rejects(awsError(ConflictException, "No member accounts are associated with your account.", 409));
      await h.provider.delete(ACCOUNT, INPUTS);
      expect(h.updates()).to.equal(1);
    });

    it("fails without writing for an Invited member, and says how to let go of it", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Invited"));
      const error = await failure(h.provider.delete(ACCOUNT, INPUTS));
      expect(h.updates()).to.equal(0);
      expect(error.message).to.contain("Invited").and.contain('"UNCHANGED"');
    });

    it("does not need a valid status to delete (it may have been refreshed away)", async () => {
      h.macie.on(GetMemberCommand).resolves(memberOutput("Enabled"));
      const { status: _none, ...props } = INPUTS;
      await h.provider.delete(ACCOUNT, props);
      expect(h.gets()).to.equal(1);
    });
  });
});
