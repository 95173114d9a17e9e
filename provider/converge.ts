// The converge loop behind create, update and delete: find → status → write once → wait.
// It never writes when the member already has the desired status, never writes to a member whose
// relationship status is not Enabled or Paused, and after any failed write it reads the member
// back before deciding to write again (the write may have landed, or the member may be changing).
import { describeAwsError, MemberStateError } from "./errors";
import { isMemberGoneError } from "./gone";
import { readMember, waitForStatus, writeStatus, type MemberContext, type MemberView } from "./member";
import { desiredStatusOf, isGoneStatus, whatToDo } from "./relationship";
import { SETTINGS } from "./settings";
import type { DesiredStatus } from "./types";

/** What a member that is gone means to the caller: an error (create, update) or success (delete). */
export type GoneMeans = "error" | "done";

export interface ConvergeRequest {
  desired: DesiredStatus;
  goneMeans: GoneMeans;
  /** Appended to "cannot change" errors, e.g. how to let delete go on. */
  advice?: string;
}

/** The member at the desired status, or undefined when it is gone and gone means done. */
export async function converge(
  ctx: MemberContext,
  req: ConvergeRequest & { goneMeans: "error" },
): Promise<MemberView>;
export async function converge(ctx: MemberContext, req: ConvergeRequest): Promise<MemberView | undefined>;
export async function converge(ctx: MemberContext, req: ConvergeRequest): Promise<MemberView | undefined> {
  for (;;) {
    const member = await readMember(ctx);
    if (!isManageable(ctx, member, req)) return undefined;
    if (desiredStatusOf(member.relationshipStatus) === req.desired) return member;
    try {
      await writeStatus(ctx, req.desired);
    } catch (error) {
      if (isMemberGoneError(error)) return goneOrThrow(ctx, req, undefined, error);
      await ctx.budget.afterFailure("UpdateMemberSession", error);
      continue;
    }
    const outcome = await waitForStatus(ctx, req.desired, member.relationshipStatus);
    if (outcome.kind === "timeout") throw notShown(ctx, req.desired, outcome.member);
    // Shown, or it became something that is neither the old nor the new status: judge it as read.
    if (!isManageable(ctx, outcome.member, req)) return undefined;
    return outcome.member;
  }
}

/**
 * True for a member that is Enabled or Paused. False when it is gone and gone means done. Throws
 * for a member that is gone when that is an error, and for every other relationship status.
 */
function isManageable(
  ctx: MemberContext,
  member: MemberView | undefined,
  req: ConvergeRequest,
): member is MemberView {
  if (member === undefined || isGoneStatus(member.relationshipStatus)) {
    goneOrThrow(ctx, req, member);
    return false;
  }
  if (desiredStatusOf(member.relationshipStatus) === undefined) {
    throw new MemberStateError(
      `Cannot set Macie to ${req.desired} for member account ${ctx.accountId} in ${ctx.region}: its relationship ` +
        `status is ${member.relationshipStatus}, and only Enabled or Paused members can be changed; ` +
        `${whatToDo(member.relationshipStatus)}. Nothing was written.${req.advice ? ` ${req.advice}` : ""}`,
    );
  }
  return true;
}

function goneOrThrow(
  ctx: MemberContext,
  req: ConvergeRequest,
  member?: MemberView,
  cause?: unknown,
): undefined {
  if (req.goneMeans === "done") return undefined;
  const seen = member ? ` (relationship status ${member.relationshipStatus})` : "";
  const answer = cause ? ` Macie answered ${describeAwsError(cause)}.` : "";
  const todo = member
    ? whatToDo(member.relationshipStatus)
    : "add it as a member (through AWS Organizations or an invitation) first, and check that the region and the administrator account are the right ones";
  throw new MemberStateError(
    `Account ${ctx.accountId} is not an associated Macie member of this administrator in ${ctx.region}${seen}.${answer} ` +
      `To manage its status, ${todo}. Nothing was written.`,
  );
}

function notShown(ctx: MemberContext, desired: DesiredStatus, member: MemberView): MemberStateError {
  const spec = SETTINGS.waitTimeoutSeconds;
  return new MemberStateError(
    `Set Macie to ${desired} for member account ${ctx.accountId} in ${ctx.region}, but after ${ctx.waitTimeoutSeconds} s ` +
      `Macie still shows ${member.relationshipStatus}${member.updatedAt ? ` (updated ${member.updatedAt})` : ""}. ` +
      `Nothing more was written. Run \`pulumi up\` again, or allow a longer wait with ${spec.env} / ${spec.config}.`,
  );
}
