// Queued faults: each answers the next `times` matching calls (by operation and member) in the
// order they were queued. Error faults answer before the call reaches the members model; the
// hostile answers (held, stalled, malformed, cut-short pages, repeated tokens) say how an answer
// goes wrong, before or after the call is applied.
import { ApiError, memberBusy, throttled } from "./errors";
import { NON_MEMBER_ANSWERS, nonMemberError, type NonMemberAnswer } from "./non-member";
import { OPERATIONS, type Operation } from "./routes";

/**
 * What a fault does to a call:
 * - "403" | "409" | "429" | "500" | "503": that HTTP error (Access denied, member busy, throttled,
 *   internal error, unavailable); nothing is applied.
 * - NonMemberAnswer ("not-found" | "not-associated" | "not-enabled" | "associated-conflict"): Macie's
 *   answer for an account that is not (or no longer) a member; nothing is applied.
 * - "latency": waits `latencyMs` (default 1000), then answers normally.
 * - "drop-before" / "drop-after": the connection is destroyed before / after the call is applied.
 * - "hold-before" / "hold-after": the connection stays open and no answer ever comes, the call
 *   not applied / applied. stop(), reset() and release() end such connections.
 * - "stall": the call is applied; the status line, the headers and half the body are sent, the
 *   rest never is.
 * - "malformed": the call is applied; a 200 whose body is `body` (see MalformedBody).
 * - "cut-short": ListMembers only; the page comes without its nextToken, though more may follow.
 * - "repeat-token": ListMembers only; the page's nextToken is the token the call came with (for a
 *   first page, the token of the first page), so a client that follows tokens never ends.
 * - "omit-member": ListMembers only; the page silently lacks its last member (nextToken kept).
 * - "duplicate-member": ListMembers only; the page names its first member a second time, at its end.
 */
export type FaultKind =
  | "403"
  | "409"
  | "429"
  | "500"
  | "503"
  | NonMemberAnswer
  | "latency"
  | "drop-before"
  | "drop-after"
  | "hold-before"
  | "hold-after"
  | "stall"
  | "malformed"
  | "cut-short"
  | "repeat-token"
  | "omit-member"
  | "duplicate-member";

/**
 * The 200 bodies a "malformed" fault sends:
 * - "empty-object": `{}`;
 * - "empty": no body at all (content-length 0);
 * - "truncated": the right JSON cut in half (the HTTP message itself is complete);
 * - "html": a proxy's HTML error page, as text/html;
 * - "missing-fields": GetMember's member without relationshipStatus; for ListMembers, the page's
 *   last member without it; for UpdateMemberSession, `{}` (its real answer has no fields).
 */
export type MalformedBody = "empty-object" | "empty" | "truncated" | "html" | "missing-fields";
export const MALFORMED_BODIES: readonly MalformedBody[] = [
  "empty-object",
  "empty",
  "truncated",
  "html",
  "missing-fields",
];

export interface Fault {
  kind: FaultKind;
  /** Only calls of this operation; any operation when left out. */
  operation?: Operation;
  /** How many matching calls it answers; "always" never runs out. @defaultValue 1 */
  times?: number | "always";
  /** Matching calls to let through before it starts, e.g. 1 to spoil the second page. @defaultValue 0 */
  after?: number;
  /** For "latency". @defaultValue 1000 */
  latencyMs?: number;
  /** Only calls for this member (GetMember, UpdateMemberSession). */
  accountId?: string;
  /** For "malformed". @defaultValue "empty-object" */
  body?: MalformedBody;
}

/** The faults that spoil a ListMembers page. */
const LISTING_ONLY: readonly string[] = ["cut-short", "repeat-token", "omit-member", "duplicate-member"];

const FAULT_KINDS: readonly string[] = [
  ...["403", "409", "429", "500", "503", ...NON_MEMBER_ANSWERS, "latency"],
  ...[
    "drop-before",
    "drop-after",
    "hold-before",
    "hold-after",
    "stall",
    "malformed",
    "cut-short",
    "repeat-token",
    ...LISTING_ONLY.slice(2),
  ],
];

interface QueuedFault extends Fault {
  left: number;
  skip: number;
}

export class FaultQueue {
  private faults: QueuedFault[] = [];

  /** Queues a fault; throws, naming the field, when it is not one. */
  add(fault: Fault): void {
    checkFault(fault);
    const left = fault.times === "always" ? Infinity : (fault.times ?? 1);
    this.faults.push({ ...fault, left, skip: fault.after ?? 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The first queued fault that is due for this call, used up once. Every matching fault still
   * waiting (`after`) counts this call, whether or not another fault answers it.
   */
  take(operation: Operation, accountId: string | undefined): Fault | undefined {
    let due: QueuedFault | undefined;
    for (const fault of this.faults) {
      if (!matches(fault, operation, accountId)) continue;
      if (fault.skip > 0) fault.skip -= 1;
      else due ??= fault;
    }
    if (!due) return undefined;
    due.left -= 1;
    if (due.left <= 0) this.faults.splice(this.faults.indexOf(due), 1);
    return due;
  }
}

function matches(fault: Fault, operation: Operation, accountId: string | undefined): boolean {
  return (
    (!fault.operation || fault.operation === operation) && (!fault.accountId || fault.accountId === accountId)
  );
}

function checkFault(fault: Fault): void {
  const f = fault as unknown as Record<string, unknown>;
  if (!FAULT_KINDS.includes(f.kind as string))
    throw new Error(`fault.kind must be one of ${FAULT_KINDS.join(", ")}; got ${JSON.stringify(f.kind)}`);
  if (f.operation !== undefined && !OPERATIONS.includes(f.operation as Operation))
    throw new Error(
      `fault.operation must be one of ${OPERATIONS.join(", ")}; got ${JSON.stringify(f.operation)}`,
    );
  if (f.times !== undefined && f.times !== "always" && !isCount(f.times, 1))
    throw new Error(`fault.times must be a whole number ≥ 1 or "always"; got ${JSON.stringify(f.times)}`);
  if (f.after !== undefined && !isCount(f.after, 0))
    throw new Error(`fault.after must be a whole number ≥ 0; got ${JSON.stringify(f.after)}`);
  if (f.latencyMs !== undefined && !isCount(f.latencyMs, 0))
    throw new Error(`fault.latencyMs must be a whole number ≥ 0; got ${JSON.stringify(f.latencyMs)}`);
  if (f.accountId !== undefined && typeof f.accountId !== "string")
    throw new Error(`fault.accountId must be a string; got ${JSON.stringify(f.accountId)}`);
  if (f.body !== undefined && !MALFORMED_BODIES.includes(f.body as MalformedBody))
    throw new Error(
      `fault.body must be one of ${MALFORMED_BODIES.join(", ")}; got ${JSON.stringify(f.body)}`,
    );
  if (LISTING_ONLY.includes(f.kind as string) && f.operation !== "ListMembers")
    throw new Error(`fault.operation must be "ListMembers" for a ${String(f.kind)} fault`);
}

function isCount(value: unknown, min: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min;
}

/** The AWS error an error fault answers, or undefined for the faults that answer otherwise. */
export function faultError(kind: FaultKind): ApiError | undefined {
  switch (kind) {
    case "403":
      return new ApiError(
        "AccessDeniedException",
        "User is not authorized to perform this action on this member account.",
      );
    case "409":
      return memberBusy();
    case "429":
      return throttled();
    case "500":
      return new ApiError("InternalServerException", "Internal server error");
    case "503":
      return new ApiError("ServiceUnavailableException", "Service unavailable");
    default:
      return (NON_MEMBER_ANSWERS as readonly string[]).includes(kind)
        ? nonMemberError(kind as NonMemberAnswer)
        : undefined;
  }
}
