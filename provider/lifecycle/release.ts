// Letting go of a member: what deleting a MacieMemberStatus does, and what a policy does for each
// member it drops or holds when it is destroyed — one code path, so both keep the same rules.
import { converge, type ConvergeResult } from "../member/converge";
import type { MemberContext } from "../member/member";
import { unconvergedError } from "../member/outcome";
import { SUSPENDED_STATUSES } from "../member/relationship";
import type { DesiredStatus, StatusOnDelete } from "../member/types";
import { confirmGone } from "./caller";
import { memberContext } from "./member-context";
import type { Runtime } from "./runtime";

/** A member to let go of, as its state recorded it. */
export interface Held {
  accountId: string;
  region: string;
  statusOnDelete: StatusOnDelete;
  /** The administrator the state recorded: "gone" is trusted only from it. */
  administratorAccountId?: unknown;
  /** The stack's name the state recorded (stack-config.ts): whose current change limit applies. */
  stack?: unknown;
}

export interface ReleaseOptions {
  /**
   * A member in any relationship status nothing can be written to (Invited, Created, …) ends the
   * release without a write, as AccountSuspended always does. A policy lets go of such members (it
   * does not manage them); a resource of its own says why it cannot. @defaultValue false
   */
  letGoOfBlocked?: boolean;
  /** Added to the error when the member cannot be set. @defaultValue none */
  advice?: string;
}

/** Converges `held` to its statusOnDelete unless UNCHANGED; a member that is gone is let go. */
export async function release(runtime: Runtime, held: Held, options: ReleaseOptions = {}): Promise<void> {
  const { accountId, region, statusOnDelete } = held;
  if (statusOnDelete === "UNCHANGED") return;
  // Declared again this run by another resource (renamed, moved into a policy): that one holds it now.
  if (runtime.handover.isClaimed(region, accountId)) return;
  const ctx = releaseContext(runtime, held);
  await released(runtime, held, statusOnDelete, await converge(ctx, statusOnDelete), options);
}

/**
 * A release's member context: the limit the stack has now, not the one a plain destroy's configure
 * recorded (stack-config.ts).
 */
export function releaseContext(runtime: Runtime, held: Held): MemberContext {
  return memberContext(runtime, held.accountId, held.region, runtime.limitForDelete(held.stack));
}

/** What a release's converge came to: let go (returns), or why the member cannot be (throws). */
export async function released(
  runtime: Runtime,
  held: Held,
  desired: DesiredStatus,
  result: ConvergeResult,
  options: ReleaseOptions = {},
): Promise<void> {
  const { accountId, region } = held;
  if (result.kind === "converged") return;
  if (result.kind === "gone" && result.writes === 0) {
    const consequence = `delete would leave it without setting ${desired}`;
    await confirmGone(runtime, held, held.administratorAccountId, consequence);
    return;
  }
  if (result.kind === "gone") return; // a write was answered "not associated": it left meanwhile
  if (
    result.kind === "blocked" &&
    (options.letGoOfBlocked || SUSPENDED_STATUSES.includes(result.member.relationshipStatus))
  )
    return;
  const { waitTimeoutSeconds } = runtime.settings;
  throw unconvergedError(result, {
    accountId,
    region,
    waitTimeoutSeconds,
    desired,
    ...(options.advice === undefined ? {} : { advice: options.advice }),
  });
}
