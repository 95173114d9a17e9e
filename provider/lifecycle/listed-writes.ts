// A fleet flip at one call per changed member (#24): the writes are decided on a listing of this
// run, and verified all at once by one re-listing of the region.
//
// Per member, converge costs three calls: GetMember to decide, UpdateMemberSession, GetMember to see
// the change. A policy's region already holds what a listing showed of each member it must change,
// so for a flip of N members of one region this sends
//   N UpdateMemberSession + ⌈region/25⌉ ListMembers (the re-listing),
// and GetMember only for a member the re-listing does not yet show at its status (Macie's reads are
// eventually consistent; AWS documents no bound) — confirmWrite polls that one as converge would.
//
// What keeps it safe (docs/ARCHITECTURE.md, Invariants, "a write is decided on a fresh read"):
// - The listing must be fresh: at most writeFromListingSeconds old (120 s), or the region is listed again
//   first. A member that listing does not show as Enabled or Paused is converged on its own
//   (GetMember decides), never written from the listing.
// - Every write takes the member's slot in the run's change limit before it is sent (converge.ts).
// - A write whose answer was lost is read back before any second write (converge.ts).
// - A re-listing that fails or leaves members out costs GetMembers, never a write: every member it
//   does not show at its status is read on its own until it does, or the run names it.
import { confirmWrite, writeFromListing, type ConvergeResult, type WriteResult } from "../member/converge";
import { listedByAccount, PAGE_SIZE } from "../member/discover";
import type { MemberContext, MemberView } from "../member/member";
import { desiredStatusOf } from "../member/relationship";
import type { DesiredStatus } from "../member/types";
import type { Runtime } from "./runtime";

/** A member to set from a listing: its status to be, and what the listing showed. */
export interface ListedTarget {
  accountId: string;
  desired: DesiredStatus;
  listed: MemberView;
}

export interface ListedWrites {
  region: string;
  /** Members the region holds, for the cost of a re-listing (⌈size/25⌉ pages). */
  regionSize: number;
  /** A member's calls: its client, budget and change limit in force. */
  contextFor(accountId: string): MemberContext;
  /** Records what came of one member, or throws why it could not be set. */
  settle(accountId: string, desired: DesiredStatus, result: ConvergeResult): Promise<void>;
  /**
   * A write decided on the listing failed (thrown, e.g. refused for a member no longer Enabled or
   * Paused): what the state should record instead of the listing's word. @defaultValue nothing
   */
  onFailure?(accountId: string): Promise<void>;
  /** Runs a task per account, some at once; the failures' messages. */
  each(ids: string[], task: (accountId: string) => Promise<void>): Promise<string[]>;
}

/**
 * Whether a listing started at `listedAt` may still decide writes at `now` (ms): at most
 * `freshSeconds` old (writeFromListingSeconds), and not from the future.
 */
export function isFresh(listedAt: string | undefined, now: number, freshSeconds: number): boolean {
  const started = listedAt === undefined ? NaN : Date.parse(listedAt);
  return Number.isFinite(started) && started <= now && now - started <= freshSeconds * 1000;
}

/**
 * Writes each target that differs from its listing, then re-lists the region once (when that is
 * cheaper than a GetMember per write) and confirms on its own each member the re-listing does not
 * show at its status. Every outcome goes through `run.settle`; returns the failures.
 */
export async function writeListed(
  runtime: Runtime,
  targets: readonly ListedTarget[],
  run: ListedWrites,
): Promise<string[]> {
  const byId = new Map(targets.map((t) => [t.accountId, t]));
  const sent = new Map<string, WriteResult>();
  const failures = await run.each([...byId.keys()], async (accountId) => {
    const { desired, listed } = byId.get(accountId) as ListedTarget;
    let result: WriteResult;
    try {
      result = await writeFromListing(run.contextFor(accountId), desired, listed);
    } catch (error) {
      await run.onFailure?.(accountId);
      throw error;
    }
    if (result.kind === "sent") sent.set(accountId, result);
    else await run.settle(accountId, desired, result);
  });
  if (sent.size === 0) return failures;
  const relisted =
    sent.size > Math.ceil(run.regionSize / PAGE_SIZE) ? await relist(runtime, run.region) : undefined;
  const confirmed = await run.each([...sent.keys()], async (accountId) => {
    const { desired } = byId.get(accountId) as ListedTarget;
    const written = sent.get(accountId) as WriteResult;
    const seen = relisted?.get(accountId);
    const result: ConvergeResult =
      seen !== undefined && desiredStatusOf(seen.relationshipStatus) === desired
        ? { kind: "converged", member: seen, writes: written.writes }
        : await confirmWrite(run.contextFor(accountId), desired, written);
    await run.settle(accountId, desired, result);
  });
  return [...failures, ...confirmed];
}

/**
 * The region's members now, for a listing too old to decide on: each target's `listed` is replaced
 * by what this listing shows. Targets it does not show as Enabled or Paused are returned apart, to
 * be converged on their own (GetMember decides).
 */
export async function relistTargets(
  runtime: Runtime,
  region: string,
  targets: readonly ListedTarget[],
): Promise<{ listed: ListedTarget[]; unlisted: string[] }> {
  const now = (await relist(runtime, region)) ?? new Map<string, MemberView>();
  const listed: ListedTarget[] = [];
  const unlisted: string[] = [];
  for (const target of targets) {
    const seen = now.get(target.accountId);
    if (seen !== undefined && desiredStatusOf(seen.relationshipStatus) !== undefined)
      listed.push({ ...target, listed: seen });
    else unlisted.push(target.accountId);
  }
  return { listed, unlisted };
}

/** One listing of the region, by account; undefined when it could not be had whole (then GetMember). */
async function relist(runtime: Runtime, region: string): Promise<Map<string, MemberView> | undefined> {
  try {
    return await listedByAccount(runtime, region);
  } catch {
    return undefined; // a listing that fails or is cut short decides nothing: each member is read
  }
}
