// The three small steps the converge loop is made of, in the manner of terraform-provider-aws:
// find (one read), status (what that read means), wait (poll until the status shows).
import { GetMemberCommand, UpdateMemberSessionCommand } from "@aws-sdk/client-macie2";
import { RELATIONSHIP_STATUSES } from "../../model/api-model";
import type { ChangeLimit } from "./change-limit";
import type { Clock } from "../config/clock";
import type { MacieClient } from "../aws/client";
import { MalformedAnswerError } from "../aws/errors";
import { isMemberGoneError } from "./gone";
import { desiredStatusOf } from "./relationship";
import type { RetryBudget } from "../aws/retry";
import type { DesiredStatus } from "./types";

/** What GetMember told us about a member. */
export interface MemberView {
  accountId: string;
  relationshipStatus: string;
  arn?: string;
  administratorAccountId?: string;
  email?: string;
  updatedAt?: string;
}

export interface MemberContext {
  client: MacieClient;
  accountId: string;
  region: string;
  clock: Clock;
  budget: RetryBudget;
  waitTimeoutSeconds: number;
  /** The run's change count: a write takes this member's slot before it is sent. */
  changes: Pick<ChangeLimit, "take">;
}

/**
 * One GetMember. Undefined when Macie answers that the account is not (or no longer) a member.
 * An answer without a relationship status, with one Macie's API model does not list, or about
 * another account, is not trusted: it throws a MalformedAnswerError, which is retried like a 5xx
 * and never reaches state.
 */
export async function findMember(client: MacieClient, accountId: string): Promise<MemberView | undefined> {
  try {
    const out = await client.send(new GetMemberCommand({ id: accountId }));
    if (!out.relationshipStatus)
      throw new MalformedAnswerError("GetMember", "the answer has no relationshipStatus", out);
    if (!RELATIONSHIP_STATUSES.includes(out.relationshipStatus))
      throw new MalformedAnswerError(
        "GetMember",
        `the answer's relationshipStatus ${JSON.stringify(out.relationshipStatus)} is none of the model's`,
        out,
      );
    if (out.accountId !== undefined && out.accountId !== accountId)
      throw new MalformedAnswerError("GetMember", `the answer is about account ${out.accountId}`, out);
    return {
      accountId,
      relationshipStatus: out.relationshipStatus,
      arn: out.arn,
      administratorAccountId: out.administratorAccountId ?? out.masterAccountId,
      email: out.email,
      updatedAt: out.updatedAt?.toISOString(),
    };
  } catch (error) {
    if (isMemberGoneError(error)) return undefined;
    throw error;
  }
}

/** findMember, retried within the operation's budget. */
export function readMember(ctx: MemberContext): Promise<MemberView | undefined> {
  return ctx.budget.run("GetMember", () => findMember(ctx.client, ctx.accountId));
}

/** One UpdateMemberSession, never retried here: after a failure the caller reads back first. */
export async function writeStatus(ctx: MemberContext, status: DesiredStatus): Promise<void> {
  await ctx.client.send(new UpdateMemberSessionCommand({ id: ctx.accountId, status }));
}

export type WaitOutcome =
  | { kind: "shown"; member: MemberView }
  | { kind: "changed"; member: MemberView | undefined }
  | { kind: "timeout"; member: MemberView };

/** Poll delays after a write: 0.5 s, 1 s, 2 s, … up to 8 s. Macie usually shows the change at once. */
export function pollDelay(poll: number): number {
  return Math.min(8000, 500 * 2 ** poll);
}

/**
 * Reads the member back until it shows `desired`. Stops early when it shows anything but the
 * previous status (`changed`), and after `timeoutMs` (`timeout`). Never writes.
 */
export async function waitForStatus(
  ctx: MemberContext,
  desired: DesiredStatus,
  previous: string,
  timeoutMs: number,
): Promise<WaitOutcome> {
  const deadline = ctx.clock.now() + timeoutMs;
  for (let poll = 0; ; poll += 1) {
    const member = await readMember(ctx);
    if (member === undefined || member.relationshipStatus !== previous) {
      return member && desiredStatusOf(member.relationshipStatus) === desired
        ? { kind: "shown", member }
        : { kind: "changed", member };
    }
    const delay = pollDelay(poll);
    if (ctx.clock.now() + delay > deadline) return { kind: "timeout", member };
    await ctx.clock.sleep(delay);
  }
}
