// What a policy's region resource does to each of its members: set one to its declared status,
// let go of one the program dropped, read one the listing no longer names. Each records its outcome
// in the region's state as it goes, so a run that fails part-way records what was done.
import { converge } from "../member/converge";
import { readMember } from "../member/member";
import { unconvergedError } from "../member/outcome";
import { desiredStatusOf, isGoneStatus } from "../member/relationship";
import type { DesiredStatus, RecordedMembers } from "../member/types";
import { confirmGone } from "./caller";
import { memberContext } from "./member-context";
import { eachAtOnce } from "./pool";
import { recordedStatusOf, type RegionOutputs } from "./region-state";
import { release } from "./release";
import type { Runtime } from "./runtime";

export class RegionMembers {
  constructor(private readonly runtime: Runtime) {}

  /** Converges one member to `desired`; `state.members` records what came of it. */
  async set(state: RegionOutputs, accountId: string, desired: DesiredStatus): Promise<void> {
    const { region } = state;
    const result = await converge(memberContext(this.runtime, accountId, region), desired);
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

  /** Runs `task` for each account, `membersAtOnce` at a time; the failures, each as "account: message". */
  async each(ids: string[], task: (accountId: string) => Promise<void>): Promise<string[]> {
    const failures: string[] = [];
    await eachAtOnce(ids, this.runtime.settings.membersAtOnce, async (accountId) => {
      try {
        await task(accountId);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    });
    return failures;
  }
}
