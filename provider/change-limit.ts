// The blast-radius guard: one `pulumi up` changes the Macie status of at most so many member
// accounts per region (macie:maxChangesPerRun). One wrong word in a pull request
// (`defaultStatus: "PAUSED"` on the production regions) would otherwise suspend Macie for
// thousands of accounts in one merge. The provider's check: a slot per (region, member) taken
// right before UpdateMemberSession is sent, counted per run (the runtime's life: one provider host
// process), refused past the limit.
import { settingNames } from "./settings";
import type { DesiredStatus } from "./types";

/** The run would change more member accounts in a region than it may. Nothing was written. */
export class ChangeLimitError extends Error {
  override readonly name = "ChangeLimitError";
  constructor(
    message: string,
    /** The limit per region and run that stopped it. */
    readonly limit: number,
    /** Per region over the limit: members changed (provider) or about to be (policy). */
    readonly changes: Readonly<Record<string, number>>,
  ) {
    super(message);
  }
}

const SETTING = settingNames("maxChangesPerRun");

/** How to allow `needed` changes per region for one run, through the stack's config. */
function allowForOneRun(needed: number | "N"): string {
  return (
    `\`pulumi up -c macie:maxChangesPerRun=${needed}\` (-c also saves the value in the stack's config file: ` +
    `set it back afterwards; a pipeline's checkout forgets it on its own)`
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The provider's count: the members this run has sent a write to, per region. A member takes one
 * slot however many writes it needs (converge re-sends after a lost answer; a replace or a delete
 * may come back to it), so the limit counts members changed, not HTTP requests. Reads, and
 * operations that find the member at the desired status, take none.
 */
export class ChangeLimit {
  private readonly changed = new Map<string, Set<string>>();

  /** @param limit members per region and run; 0: no limit. */
  constructor(readonly limit: number) {}

  /**
   * Takes `accountId`'s slot in `region` before a write is sent, or throws a ChangeLimitError when
   * the region's slots are all taken. Synchronous on purpose: nothing can run between the check
   * and the count, so resources converging at once cannot together pass the limit.
   */
  take(region: string, accountId: string, desired: DesiredStatus): void {
    let members = this.changed.get(region);
    if (!members) {
      members = new Set();
      this.changed.set(region, members);
    }
    if (members.has(accountId)) return;
    if (this.limit > 0 && members.size >= this.limit) {
      throw new ChangeLimitError(
        `Refused to set Macie member account ${accountId} in ${region} to ${desired}: this run has already ` +
          `changed (sent UpdateMemberSession to) ${plural(members.size, "member account", "member accounts")} ` +
          `in ${region}, and the limit is ${this.limit} per region and run (${SETTING}). Nothing was written to ` +
          `account ${accountId}. If this many changes are intended, allow them with ${allowForOneRun("N")}, ` +
          `N being the number of members to change in ${region}.`,
        this.limit,
        { [region]: members.size },
      );
    }
    members.add(accountId);
  }

  /** Members this run has sent a write to in `region`. */
  changedIn(region: string): number {
    return this.changed.get(region)?.size ?? 0;
  }
}
