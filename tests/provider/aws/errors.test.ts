import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import { classifyError, describeAwsError, MacieOperationError } from "../../../provider/aws/errors";
import { isMemberGoneError } from "../../../provider/member/gone";
import { awsError, networkError, timeoutError } from "../../support/macie-mock";

describe("classifyError (the retry table)", () => {
  const rows: [string, () => unknown, string][] = [
    ["ConflictException 409", () => awsError(ConflictException, "busy", 409), "conflict"],
    ["ThrottlingException 429", () => awsError(ThrottlingException, "slow down", 429), "throttled"],
    ["InternalServerException 500", () => awsError(InternalServerException, "oops", 500), "transient"],
    [
      "an unmodeled 503",
      () =>
        Object.assign(new Error("unavailable"), {
          name: "ServiceUnavailable",
          $metadata: { httpStatusCode: 503 },
        }),
      "transient",
    ],
    ["a connection reset", () => networkError("ECONNRESET"), "transient"],
    ["a socket timeout", () => networkError("ETIMEDOUT"), "transient"],
    ["the SDK's request timeout", timeoutError, "transient"],
    ["ValidationException 400", () => awsError(ValidationException, "bad", 400), "fatal"],
    [
      "ServiceQuotaExceededException 402",
      () => awsError(ServiceQuotaExceededException, "quota", 402),
      "fatal",
    ],
    ["AccessDeniedException 403", () => awsError(AccessDeniedException, "denied", 403), "fatal"],
    ["ResourceNotFoundException 404", () => awsError(ResourceNotFoundException, "missing", 404), "fatal"],
    ["something that is not an error", () => "boom", "fatal"],
  ];
  for (const [name, make, kind] of rows) {
    it(`${name} → ${kind}`, () => expect(classifyError(make())).to.equal(kind));
  }
});

describe("describeAwsError", () => {
  it("gives the error name, message and request id", () => {
    expect(describeAwsError(awsError(ThrottlingException, "Rate exceeded", 429, "abc-123"))).to.equal(
      "ThrottlingException: Rate exceeded (request id abc-123)",
    );
  });

  it("uses the network error code where the name says nothing", () => {
    expect(describeAwsError(networkError("ECONNRESET"))).to.equal("ECONNRESET: socket hang up");
  });
});

describe("isMemberGoneError", () => {
  it("knows each way Macie says the member is gone", () => {
    expect(isMemberGoneError(awsError(ResourceNotFoundException, "anything", 404))).to.equal(true);
    expect(
      isMemberGoneError(
        awsError(ValidationException, "The account is not associated with your account.", 400),
      ),
    ).to.equal(true);
    expect(
      isMemberGoneError(awsError(ValidationException, "111 is not an associated member of account 222", 400)),
    ).to.equal(true);
    expect(
      isMemberGoneError(
        awsError(ConflictException, "No member accounts are associated with your account", 409),
      ),
    ).to.equal(true);
    expect(isMemberGoneError(awsError(AccessDeniedException, "Macie is not enabled", 403))).to.equal(true);
  });

  it("does not take the same error names with other messages for gone", () => {
    expect(isMemberGoneError(awsError(ValidationException, "invalid status", 400))).to.equal(false);
    expect(isMemberGoneError(awsError(ConflictException, "busy", 409))).to.equal(false);
    expect(isMemberGoneError(awsError(AccessDeniedException, "not authorized", 403))).to.equal(false);
    expect(
      isMemberGoneError(awsError(ThrottlingException, "not associated with your account", 429)),
    ).to.equal(false);
    expect(isMemberGoneError("not an error")).to.equal(false);
  });
});

describe("MacieOperationError", () => {
  const denied = () => awsError(AccessDeniedException, "not authorized", 403, "req-9");
  for (const [operation, action] of [
    ["GetMember", "macie2:GetMember"],
    ["UpdateMemberSession", "macie2:UpdateMemberSession"],
    ["ListMembers", "macie2:ListMembers"],
  ]) {
    it(`hints, on AccessDenied from ${operation}, at the IAM action ${operation} needs`, () => {
      const target =
        operation === "ListMembers"
          ? { region: "us-east-1" }
          : { accountId: "111122223333", region: "us-east-1" };
      const error = new MacieOperationError({
        operation,
        target,
        attempts: 1,
        cause: denied(),
        why: "This error is not retried.",
      });
      expect(error.message).to.contain(`allow ${action}`);
      for (const other of ["macie2:GetMember", "macie2:UpdateMemberSession", "macie2:ListMembers"].filter(
        (a) => a !== action,
      ))
        expect(error.message).to.not.contain(other);
    });
  }

  it("keeps the AWS error as its cause, and its request id", () => {
    const cause = denied();
    const error = new MacieOperationError({
      operation: "GetMember",
      target: { region: "us-east-1" },
      attempts: 1,
      cause,
      why: "",
    });
    expect(error.cause).to.equal(cause);
    expect([error.requestId, error.awsErrorName]).to.deep.equal(["req-9", "AccessDeniedException"]);
  });
});
