// What an AWS error means for us (retry or not), and errors that explain themselves: which
// operation, which account and region, how many attempts, the AWS error name, message and request id.
import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import { RequestModelError } from "./model-check";
import { ProgramError } from "./run-error";

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
  // The SDK counts "no such host" as transient, but a name that does not resolve now will not in
  // a minute either: it is a forgotten endpoint or a region typo, and the hint says which to check.
  if (unresolvedHost(aws) !== undefined) return "fatal";
  if (aws.name === "ConflictException" || aws.$metadata?.httpStatusCode === 409) return "conflict";
  // The SDK's own classification: 429 and throttling codes; timeouts, resets, 500/502/503/504.
  const sdk = aws as SdkError;
  if (isThrottlingError(sdk)) return "throttled";
  if (isTransientError(sdk) || isServerError(sdk) || aws.name === "InternalServerException")
    return "transient";
  if (aws.name === "MalformedAnswerError" || isUnparsableAnswer(aws)) return "transient";
  return "fatal";
}

/**
 * A request that certainly never reached AWS: refused by the model check before sending, or its
 * host did not resolve. (A reset or a timeout may have reached it: those are not counted here.)
 */
export function neverSent(error: unknown): boolean {
  return error instanceof RequestModelError || unresolvedHost(error) !== undefined;
}

/** The host of a "no such host" failure (ENOTFOUND, here or in a cause), or undefined. */
export function unresolvedHost(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 10) return undefined;
  const failed = error as Error & { code?: string; hostname?: string };
  if (failed.code === "ENOTFOUND")
    return failed.hostname ?? /ENOTFOUND (\S+)/.exec(failed.message)?.[1] ?? "?";
  return unresolvedHost(failed.cause, depth + 1);
}

/** STS operations: their endpoint is set apart from Macie's. */
const STS_OPERATIONS = new Set(["GetCallerIdentity", "AssumeRole"]);

function noSuchHostHint(host: string, operation: string, region: string): string {
  const service = STS_OPERATIONS.has(operation) ? "sts" : "macie2";
  const variable = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
  return (
    `the host ${host} does not exist. Is the Pulumi config aws:endpoints (${service}) or ${variable} ` +
    `(or AWS_ENDPOINT_URL) set, and to the right address? ` +
    `Without it the host is the region's public endpoint: is the region ${JSON.stringify(region)} right`
  );
}

/**
 * A 2xx whose body the SDK could not parse (empty, truncated JSON, an HTML page from a proxy): the
 * SDK wraps the parse failure with the raw `$response` attached.
 */
function isUnparsableAnswer(error: AwsErrorShape & { $response?: { statusCode?: number } }): boolean {
  const status = error.$response?.statusCode ?? error.$metadata?.httpStatusCode;
  return (
    status !== undefined &&
    status >= 200 &&
    status < 300 &&
    (error.name === "SyntaxError" || /deserializ|unexpected token|json/i.test(error.message))
  );
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

/** The IAM actions each operation needs, for an AccessDenied hint that names the right one (and the preflight's statement). */
export const IAM_ACTION: Readonly<Record<string, string>> = {
  GetMember: "macie2:GetMember",
  UpdateMemberSession: "macie2:UpdateMemberSession",
  ListMembers: "macie2:ListMembers",
  GetCallerIdentity: "sts:GetCallerIdentity",
};

function hintFor(operation: string, cause: unknown, target: Target): string | undefined {
  const host = unresolvedHost(cause);
  if (host !== undefined) return `${noSuchHostHint(host, operation, target.region)}?`;
  const name = cause instanceof Error ? cause.name : undefined;
  if (name === "AccessDeniedException")
    return `the credentials in use must belong to the delegated Macie administrator account and allow ${IAM_ACTION[operation] ?? operation}`;
  return name ? HINTS[name] : undefined;
}

const HINTS: Record<string, string> = {
  ValidationException: "Macie refused the request as invalid for this account",
  ServiceQuotaExceededException:
    "a Macie quota of the administrator account is exhausted; see Service Quotas",
  ResourceNotFoundException: "Macie does not know this account as a member of the administrator",
  CredentialsProviderError:
    "no AWS credentials were found: set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or web identity",
  UnrecognizedClientException: "the AWS credentials were not accepted",
  ExpiredTokenException: "the AWS session token has expired; log in again",
};

/** What an operation was about: one member, or (listing) all members of the administrator in a region. */
export interface Target {
  /** The member account, when the operation was about one. */
  accountId?: string;
  /** What else it was about, e.g. "the caller" (STS); with neither: the region's members. */
  subject?: string;
  /** The region of the call. */
  region: string;
}

export function describeTarget(target: Target): string {
  if (target.subject !== undefined) return `${target.subject} in ${target.region}`;
  return target.accountId === undefined
    ? `the Macie member accounts in ${target.region}`
    : `Macie member account ${target.accountId} in ${target.region}`;
}

/** What a MacieOperationError is built from. */
export interface OperationFailure {
  /** The AWS operation that failed: GetMember, UpdateMemberSession, ListMembers, … */
  operation: string;
  /** The member, or region, the operation was about. */
  target: Target;
  /** Failed attempts of the operation. */
  attempts: number;
  /** The last AWS (or network) error; kept as the error's `cause`. */
  cause: unknown;
  /** Why it was not retried further. */
  why: string;
}

/**
 * The error a lifecycle operation ends with when AWS would not do what was asked. A RunError: when
 * the program's own listing fails, the CLI prints its message alone (the provider host strips
 * stacks itself).
 */
export class MacieOperationError extends ProgramError {
  /** Always "MacieOperationError". */
  override readonly name = "MacieOperationError";
  /** The AWS operation that failed last: GetMember, UpdateMemberSession, ListMembers, … */
  readonly operation: string;
  /** Failed attempts of that operation. */
  readonly attempts: number;
  /** The last AWS error's name, e.g. ThrottlingException. */
  readonly awsErrorName: string | undefined;
  /** The last AWS error's request id, for AWS support. */
  readonly requestId: string | undefined;
  /** The member (or, for a listing, the region) the operation was about. */
  readonly target: Target;
  /** Why it was not retried further. */
  readonly why: string;
  /** UpdateMemberSession calls the lifecycle operation had sent when it failed, when known. */
  writesSent?: number;

  /** The failure; `message` replaces the built message (used to add the phase). */
  constructor(failure: OperationFailure, message?: string) {
    const { operation, target, attempts, cause, why } = failure;
    const hint = hintFor(operation, cause, target);
    super(
      message ??
        `${operation} for ${describeTarget(target)} failed after ${attempts} ` +
          `attempt${attempts === 1 ? "" : "s"}: ${describeAwsError(cause)}.${hint ? ` Hint: ${hint}${/[.?]$/.test(hint) ? "" : "."}` : ""} ${why}`.trim(),
      { cause },
    );
    this.operation = operation;
    this.attempts = attempts;
    this.awsErrorName = cause instanceof Error ? cause.name : undefined;
    this.requestId = requestIdOf(cause);
    this.target = target;
    this.why = why;
  }

  /** The same failure, its message prefixed with the phase it happened in and suffixed with what was written. */
  inPhase(phase: string, writesSent: number, afterwards: string): MacieOperationError {
    const failure = { ...this, cause: this.cause };
    return Object.assign(new MacieOperationError(failure, `${phase}: ${this.message} ${afterwards}`), {
      writesSent,
    });
  }
}

/**
 * A 200 answer we cannot trust (a field missing, another account, a page cut short): retried like
 * a server error, since a proxy or a service hiccup makes them, and never turned into state.
 */
export class MalformedAnswerError extends Error {
  override readonly name = "MalformedAnswerError";
  readonly $metadata: { httpStatusCode?: number; requestId?: string };
  constructor(operation: string, what: string, answer?: { $metadata?: { requestId?: string } }) {
    super(`${operation} answered 200 but ${what}`);
    this.$metadata = { httpStatusCode: 200, requestId: answer?.$metadata?.requestId };
  }
}

/** A member the provider will not touch, or a status that did not show up: nothing AWS failed at. */
export class MemberStateError extends Error {
  /** Always "MemberStateError". */
  override readonly name = "MemberStateError";
  /** UpdateMemberSession calls the lifecycle operation had sent, when known. */
  writesSent?: number;
}
