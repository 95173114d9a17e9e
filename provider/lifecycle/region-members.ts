// What a policy's region resource does to each of its members: set one to its declared status,
// let go of one the program dropped, read one the listing no longer names. Each records its outcome
// in the region's state as it goes, so a run that fails part-way records what was done.
import { converge, type ConvergeResult } from "../member/converge";
import { PAGE_SIZE } from "../member/discover";
import { readMember } from "../member/member";
import { unconvergedError } from "../member/outcome";
import { desiredStatusOf, isGoneStatus } from "../member/relationship";
import type { DesiredStatus, RecordedMembers } from "../member/types";
import { confirmGone } from "./caller";
import { memberContext } from "./member-context";
import { isFresh, relistTargets, writeListed, type ListedTarget } from "./listed-writes";
import { eachAtOnce } from "./pool";
import { NO_PROGRESS, type Progress } from "./progress";
import { recordedStatusOf, type RegionOutputs } from "./region-state";
import { release, releaseContext, released } from "./release";
import type { Runtime } from "./runtime";

export class RegionMembers {
  /** `progress`: told as each member's task ends (one run's progress lines, progress.ts). */
  constructor(
    private readonly runtime: Runtime,
    private readonly progress: Progress = NO_PROGRESS,
  ) {}

  /** Converges one member to `desired`; `state.members` records what came of it. */
  async set(state: RegionOutputs, accountId: string, desired: DesiredStatus): Promise<void> {
    const result = await converge(memberContext(this.runtime, accountId, state.region), desired);
    await this.record(state, accountId, desired, result);
  }

  /**
   * Sets the members from the listing `targets` came from (listed-writes.ts: one write per changed
   * member, one re-listing to verify); a listing older than writeFromListingSeconds is redone first (0: each member on its own),
   * and a member it no longer shows as Enabled or Paused is set on its own. Returns the failures.
   */
  async setListed(state: RegionOutputs, targets: ListedTarget[], regionSize: number): Promise<string[]> {
    const { region } = state;
    let listed = targets;
    let single: string[] = [];
    const { writeFromListingSeconds } = this.runtime.settings;
    if (writeFromListingSeconds === 0) [listed, single] = [[], targets.map((t) => t.accountId)];
    else if (
      targets.length > 0 &&
      !isFresh(state.listedAt, this.runtime.clock.now(), writeFromListingSeconds)
    ) {
      // Too old to decide on: listed again when that costs less than a GetMember each, else each is read.
      if (targets.length > Math.ceil(regionSize / PAGE_SIZE))
        ({ listed, unlisted: single } = await relistTargets(this.runtime, region, targets));
      else [listed, single] = [[], targets.map((t) => t.accountId)];
    }
    const desiredOf = new Map(targets.map((t) => [t.accountId, t.desired]));
    const [written, alone] = await Promise.all([
      writeListed(this.runtime, listed, {
        region,
        regionSize,
        contextFor: (accountId) => memberContext(this.runtime, accountId, region),
        settle: (accountId, desired, result) => this.record(state, accountId, desired, result),
        onFailure: (accountId) => this.recordAsSeen(state, accountId),
        each: (ids, task) => this.each(ids, task),
      }),
      this.each(single, (accountId) => this.set(state, accountId, desiredOf.get(accountId) as DesiredStatus)),
    ]);
    return [...written, ...alone];
  }

  /**
   * Releases members to statusOnDelete from the listing the delete just made (listed-writes.ts), each
   * as `release` would let go of it; returns the failures.
   */
  async releaseListed(state: RegionOutputs, targets: ListedTarget[], regionSize: number): Promise<string[]> {
    const { region, statusOnDelete, administratorAccountId, __stack } = state;
    const heldOf = (accountId: string) => ({
      accountId,
      region,
      statusOnDelete,
      administratorAccountId,
      stack: __stack,
    });
    return writeListed(this.runtime, targets, {
      region,
      regionSize,
      contextFor: (accountId) => releaseContext(this.runtime, heldOf(accountId)),
      settle: async (accountId, desired, result) => {
        await released(this.runtime, heldOf(accountId), desired, result, { letGoOfBlocked: true });
        delete state.members[accountId];
      },
      each: (ids, task) => this.each(ids, task),
    });
  }

  /** Records in `state.members` what came of setting one member; throws when it is not set. */
  private async record(
    state: RegionOutputs,
    accountId: string,
    desired: DesiredStatus,
    result: ConvergeResult,
  ): Promise<void> {
    const { region } = state;
    if (result.kind === "converged") {
      state.members[accountId] = desired;
      return;
    }
    if (result.kind === "gone") {
      // It left the organization since the program listed it: nothing to hold.
      if (result.writes === 0) await this.dropGone(state, accountId);
      else delete state.members[accountId];
      return;
    }
    state.members[accountId] = recordedStatusOf(result.member.relationshipStatus);
    const { waitTimeoutSeconds } = this.runtime.settings;
    throw unconvergedError(result, { accountId, region, desired, waitTimeoutSeconds });
  }

  /**
   * After a failed write decided on a listing: the member as GetMember shows it now, so the state
   * does not keep the listing's word; left as recorded when even that read fails.
   */
  private async recordAsSeen(state: RegionOutputs, accountId: string): Promise<void> {
    try {
      const member = await readMember(memberContext(this.runtime, accountId, state.region));
      if (member !== undefined) state.members[accountId] = recordedStatusOf(member.relationshipStatus);
    } catch {
      // The write's own error is what the run reports.
    }
  }

  /** Drops a member Macie calls gone, once the caller is confirmed as the recorded administrator. */
  private async dropGone(state: RegionOutputs, accountId: string): Promise<void> {
    const { region, administratorAccountId } = state;
    await confirmGone(this.runtime, { accountId, region }, administratorAccountId, "it would be dropped");
    delete state.members[accountId];
  }

  /**
   * A member of the map that the program's listing no longer names, though the program did not drop
   * it: a cut-short or lacking page looks just like this, so it is read, never written. Gone (under
   * the administrator check) or in a status the policy skips → dropped from the map; still Enabled or
   * Paused → kept as Macie shows it, and the update fails, since the listing it came from was not whole.
   */
  async confirmUnlisted(state: RegionOutputs, accountId: string): Promise<void> {
    const { region } = state;
    if (this.runtime.handover.isClaimed(region, accountId)) {
      delete state.members[accountId]; // another declaration of this run holds it
      return;
    }
    const member = await readMember(memberContext(this.runtime, accountId, region));
    if (member === undefined || isGoneStatus(member.relationshipStatus))
      return this.dropGone(state, accountId);
    const status = desiredStatusOf(member.relationshipStatus);
    if (status === undefined) {
      delete state.members[accountId]; // Invited, suspended…: the policy skips it, as it would if listed
      return;
    }
    state.members[accountId] = status;
    throw new Error(
      `Macie member account ${accountId} in ${region} was missing from the program's listing, yet GetMember shows it ` +
        `${member.relationshipStatus}: the listing was not whole (a page cut short or lacking members). It is kept as ` +
        `${status} and nothing was written to it (statusOnDelete was not applied); run \`pulumi up\` again.`,
    );
  }

  /** Leaves one member as statusOnDelete says, exactly as deleting its own MacieMemberStatus would. */
  async release(
    state: Omit<RegionOutputs, "members"> & { members: RecordedMembers },
    accountId: string,
  ): Promise<void> {
    const { region, statusOnDelete, administratorAccountId, __stack } = state;
    // A member the policy no longer manages because Macie lists it as Invited (removed, then invited
    // again) or the like is let go without a write, as the policy skips such members.
    const held = { accountId, region, statusOnDelete, administratorAccountId, stack: __stack };
    await release(this.runtime, held, { letGoOfBlocked: true });
    delete state.members[accountId];
  }

  /**
   * Runs `task` for each account, `membersAtOnce` at a time, telling the run's progress as each
   * ends; the failures, each as "account: message".
   */
  async each(ids: string[], task: (accountId: string) => Promise<void>): Promise<string[]> {
    const failures: string[] = [];
    await eachAtOnce(ids, this.runtime.settings.membersAtOnce, async (accountId) => {
      try {
        await task(accountId);
        this.progress.settled(accountId, true);
      } catch (error) {
        this.progress.settled(accountId, false);
        failures.push(error instanceof Error ? error.message : String(error));
      }
    });
    return failures;
  }
}
