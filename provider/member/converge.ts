// The converge loop behind create, update and delete: find → status → write once → wait. It
// never writes when the member already has the desired status, never writes to a member whose
// relationship status is not Enabled or Paused, never writes past the run's change limit
// (change-limit.ts), and after any failed write it reads the member back before deciding to
// write again (the write may have landed, or the member may be changing).
// It returns what happened; outcome.ts turns anything but "converged" into a message.
import { classifyError, MacieOperationError, neverSent, type ErrorKind } from "../aws/errors";
import { isMemberGoneError } from "./gone";
import { readMember, waitForStatus, writeStatus, type MemberContext, type MemberView } from "./member";
import { desiredStatusOf, isGoneStatus } from "./relationship";
import type { DesiredStatus } from "./types";

export type ConvergeResult =
  /** Macie shows the desired status. */
  | { kind: "converged"; member: MemberView; writes: number }
  /** Not (or no longer) a member: not found, Removed or Resigned, or a write answered "not associated". */
  | { kind: "gone"; member?: MemberView; cause?: unknown; writes: number }
  /** A member in a relationship status nothing may be written to (Invited, AccountSuspended, …). */
  | { kind: "blocked"; member: MemberView; writes: number }
  /** A write was accepted, but the status did not show within waitTimeoutSeconds. */
  | { kind: "not-shown"; member: MemberView; writes: number };

/** writeFromListing's result: as converge's, or "sent" — the write was accepted, not yet seen. */
export type WriteResult = ConvergeResult | { kind: "sent"; member: MemberView; writes: number };

/**
 * After a write whose answer was lost (timeout, reset, 5xx), the member is read back for this
 * long before a second write: the first may have landed while reads still show the old status
 * (Macie's reads are eventually consistent). A write that was refused (409, 429) is re-read at once.
 */
export const SETTLE_AFTER_LOST_WRITE_MS = 5_000;

/**
 * Answers that say the write was refused, not applied: ConflictException (the member is changing)
 * and throttling (AWS turns the request away before acting on it).
 */
const REFUSED: readonly ErrorKind[] = ["conflict", "throttled"];

/** Where the loop is, for errors: which phase failed, and how many writes were sent before. */
interface Progress {
  phase: "reading" | "writing" | "waiting";
  writes: number;
  lastSeen?: string;
  /** What is left of waitTimeoutSeconds: every wait of one operation draws from it. */
  waitLeftMs: number;
}

export function converge(ctx: MemberContext, desired: DesiredStatus): Promise<ConvergeResult> {
  return tagged(ctx, desired, startAt("reading", 0, ctx), (progress) =>
    loop(ctx, desired, progress, { verifyLater: false }),
  ) as Promise<ConvergeResult>;
}

/**
 * converge from what a listing of this run showed, `listed`, instead of a GetMember (the write is
 * decided on that listing: it must be fresh — region-members.ts), and without waiting for the write
 * to show: "sent" once UpdateMemberSession was accepted, for the caller to verify many at once
 * (one re-listing) and the rest with confirmWrite. A write that failed is handled as converge
 * handles one: read back before any second write. Everything else is converge's.
 */
export function writeFromListing(
  ctx: MemberContext,
  desired: DesiredStatus,
  listed: MemberView,
): Promise<WriteResult> {
  return tagged(ctx, desired, startAt("reading", 0, ctx), (progress) =>
    loop(ctx, desired, progress, { verifyLater: true, listed }),
  );
}

/**
 * After a write writeFromListing sent: reads the member back until it shows `desired` (GetMember
 * polls within waitTimeoutSeconds), as converge does after its own write. Never writes.
 */
export function confirmWrite(
  ctx: MemberContext,
  desired: DesiredStatus,
  sent: WriteResult,
): Promise<ConvergeResult> {
  const { writes } = sent;
  return tagged(ctx, desired, startAt("waiting", writes, ctx), async (progress) => {
    progress.lastSeen = sent.member?.relationshipStatus;
    const previous = sent.member?.relationshipStatus ?? "";
    const outcome = await wait(ctx, desired, previous, progress);
    if (outcome.kind === "shown") return { kind: "converged", member: outcome.member, writes };
    if (outcome.kind === "timeout") return { kind: "not-shown", member: outcome.member, writes };
    // Neither the old nor the new status: gone or blocked (judge), or the other of Enabled/Paused.
    const member = outcome.member;
    progress.lastSeen = member?.relationshipStatus;
    return judge(member, writes) ?? { kind: "not-shown", member: member as MemberView, writes };
  });
}

function startAt(phase: Progress["phase"], writes: number, ctx: MemberContext): Progress {
  return { phase, writes, waitLeftMs: ctx.waitTimeoutSeconds * 1000 };
}

/** `body`, its MacieOperationError tagged with the phase it failed in and the writes sent. */
async function tagged<T>(
  ctx: MemberContext,
  desired: DesiredStatus,
  progress: Progress,
  body: (progress: Progress) => Promise<T>,
): Promise<T> {
  try {
    return await body(progress);
  } catch (error) {
    if (error instanceof MacieOperationError)
      throw error.inPhase(
        phaseOf(ctx, desired, progress),
        progress.writes,
        writesSent(progress.writes, progress.lastSeen),
      );
    throw error;
  }
}

async function loop(
  ctx: MemberContext,
  desired: DesiredStatus,
  progress: Progress,
  start: { verifyLater: boolean; listed?: MemberView },
): Promise<WriteResult> {
  let member = start.listed ?? (await readMember(ctx));
  for (;;) {
    progress.lastSeen = member?.relationshipStatus;
    const judged = judge(member, progress.writes);
    if (judged) return judged;
    const seen = member as MemberView; // judge returned nothing: an Enabled or Paused member
    if (desiredStatusOf(seen.relationshipStatus) === desired)
      return { kind: "converged", member: seen, writes: progress.writes };
    // The blast-radius guard: this member's slot in the run's count, or a ChangeLimitError before
    // anything is sent. take() is synchronous, so no other resource can come between its check
    // and its count; a re-sent write for this member finds its slot already taken.
    ctx.changes.take(ctx.region, ctx.accountId, desired);
    progress.phase = "writing";
    progress.writes += 1;
    try {
      await writeStatus(ctx, desired);
    } catch (error) {
      if (neverSent(error)) progress.writes -= 1; // refused before it left: not a write sent
      if (isMemberGoneError(error)) return { kind: "gone", cause: error, writes: progress.writes };
      await ctx.budget.afterFailure("UpdateMemberSession", error);
      progress.phase = "reading";
      // Refused (409 busy, 429 throttled): the write was not applied, so one read back decides.
      // A lost answer (timeout, reset, 5xx) may have landed while reads lag: read for a while.
      if (REFUSED.includes(classifyError(error))) {
        member = await readMember(ctx);
        continue;
      }
      const settled = await wait(ctx, desired, seen.relationshipStatus, progress, SETTLE_AFTER_LOST_WRITE_MS);
      member = settled.member;
      continue;
    }
    if (start.verifyLater) return { kind: "sent", member: seen, writes: progress.writes };
    progress.phase = "waiting";
    const outcome = await wait(ctx, desired, seen.relationshipStatus, progress);
    if (outcome.kind === "timeout")
      return { kind: "not-shown", member: outcome.member, writes: progress.writes };
    // Shown, or it became something that is neither the old nor the new status: judged above.
    member = outcome.member;
  }
}

/** waitForStatus for at most `limitMs`, within what is left of the operation's wait time. */
async function wait(
  ctx: MemberContext,
  desired: DesiredStatus,
  previous: string,
  progress: Progress,
  limitMs = Infinity,
): ReturnType<typeof waitForStatus> {
  const started = ctx.clock.now();
  const outcome = await waitForStatus(ctx, desired, previous, Math.min(limitMs, progress.waitLeftMs));
  progress.waitLeftMs = Math.max(0, progress.waitLeftMs - (ctx.clock.now() - started));
  return outcome;
}

/** Gone or blocked, from what a read saw; undefined for a member that is Enabled or Paused. */
function judge(member: MemberView | undefined, writes: number): ConvergeResult | undefined {
  if (member === undefined || isGoneStatus(member.relationshipStatus))
    return { kind: "gone", member, writes };
  if (desiredStatusOf(member.relationshipStatus) === undefined) return { kind: "blocked", member, writes };
  return undefined;
}

function phaseOf(ctx: MemberContext, desired: DesiredStatus, progress: Progress): string {
  const member = `Macie member account ${ctx.accountId} in ${ctx.region}`;
  switch (progress.phase) {
    case "reading":
      return `Reading ${member}`;
    case "writing":
      return `Setting ${member} to ${desired}`;
    case "waiting":
      return `Waiting for ${member} to show ${desired}`;
  }
}

/** "Nothing was written." or "1 write was sent (UpdateMemberSession); Macie last showed Paused." */
export function writesSent(writes: number, lastSeen?: string): string {
  if (writes === 0) return "Nothing was written.";
  const sent = `${writes} write${writes === 1 ? " was" : "s were"} sent (UpdateMemberSession)`;
  return lastSeen ? `${sent}; Macie last showed ${lastSeen}.` : `${sent}.`;
}
