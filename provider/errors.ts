// What an AWS error means for us (retry or not), and errors that explain themselves: which
// operation, which account and region, how many attempts, the AWS error name, message and request id.
import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";

/** conflict: the member is changing (409). throttled: 429. transient: 5xx, timeouts, resets. */
export type ErrorKind = "conflict" | "throttled" | "transient" | "fatal";

interface AwsErrorShape extends Error {
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

type SdkError = Parameters<typeof isThrottlingError>[0];

function asAwsError(error: unknown): AwsErrorShape | undefined {
  return error instanceof Error ? error : undefined;
}

export function classifyError(error: unknown): ErrorKind {
  const aws = asAwsError(error);
  if (!aws) return "fatal";
  if (aws.name === "ConflictException" || aws.$metadata?.httpStatusCode === 409) return "conflict";
  // The SDK's own classification: 429 and throttling codes; timeouts, resets, 500/502/503/504.
  const sdk = aws as SdkError;
  if (isThrottlingError(sdk)) return "throttled";
  if (isTransientError(sdk) || isServerError(sdk) || aws.name === "InternalServerException")
    return "transient";
  return "fatal";
}

export function requestIdOf(error: unknown): string | undefined {
  return asAwsError(error)?.$metadata?.requestId;
}

/** "ThrottlingException: Rate exceeded (request id 1234)". */
export function describeAwsError(error: unknown): string {
  const aws = asAwsError(error);
  if (!aws) return String(error);
  const name = aws.name === "Error" && aws.code ? aws.code : aws.name;
  const requestId = requestIdOf(error);
  return `${name}: ${aws.message || "(no message)"}${requestId ? ` (request id ${requestId})` : ""}`;
}

const HINTS: Record<string, string> = {
  AccessDeniedException:
    "the credentials in use must belong to the delegated Macie administrator account and allow macie2:GetMember and macie2:UpdateMemberSession",
  ValidationException: "Macie refused the request as invalid for this account",
  ServiceQuotaExceededException:
    "a Macie quota of the administrator account is exhausted; see Service Quotas",
  ResourceNotFoundException: "Macie does not know this account as a member of the administrator",
  CredentialsProviderError:
    "no AWS credentials were found: set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or web identity",
  UnrecognizedClientException: "the AWS credentials were not accepted",
  ExpiredTokenException: "the AWS session token has expired; log in again",
};

/** What an operation was about: one member, or (listing) all members of the administrator. */
export interface Target {
  accountId?: string;
  region: string;
}

function describeTarget(target: Target): string {
  return target.accountId === undefined
    ? `the Macie member accounts in ${target.region}`
    : `Macie member account ${target.accountId} in ${target.region}`;
}

/** The error a lifecycle operation ends with when AWS would not do what was asked. */
export class MacieOperationError extends Error {
  override readonly name = "MacieOperationError";
  readonly operation: string;
  readonly attempts: number;
  readonly awsErrorName: string | undefined;
  readonly requestId: string | undefined;

  constructor(operation: string, target: Target, attempts: number, cause: unknown, why: string) {
    const hint = cause instanceof Error ? HINTS[cause.name] : undefined;
    super(
      `${operation} for ${describeTarget(target)} failed after ${attempts} ` +
        `attempt${attempts === 1 ? "" : "s"}: ${describeAwsError(cause)}.${hint ? ` Hint: ${hint}.` : ""} ${why}`.trim(),
    );
    this.operation = operation;
    this.attempts = attempts;
    this.awsErrorName = cause instanceof Error ? cause.name : undefined;
    this.requestId = requestIdOf(cause);
  }
}

/** A member the provider will not touch, or a status that did not show up: nothing AWS failed at. */
export class MemberStateError extends Error {
  override readonly name = "MemberStateError";
}
