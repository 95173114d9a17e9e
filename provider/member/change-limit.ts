// The blast-radius guard: one `pulumi up` changes the Macie status of at most so many member
// accounts per region (macie:maxChangesPerRun; a policy's maxChanges). One wrong word in a pull
// request (`defaultStatus: "PAUSED"` on the production regions) would otherwise suspend Macie for
// thousands of accounts in one merge. Two checks, one error class:
//   - the provider's: a slot per (region, member) taken right before UpdateMemberSession is sent,
//     counted per run (the runtime's life: one provider host process), refused past the limit;
//   - the policy's: at program run (so at `pulumi preview` already), its listing against the
//     statuses it is about to declare, refused past the limit before anything is declared.
import { firstOf } from "./first-of";
import { settingNames } from "../config/settings";
import type { DesiredStatus } from "./types";
import { ProgramError } from "../aws/run-error";

/** The limit a delete's writes obey, and where it came from (for the refusal). */
export interface LimitInForce {
  /** Members per region and run; 0: no limit. */
  limit: number;
  /** Where it came from, e.g. "macie:maxChangesPerRun in Pulumi.dev.yaml". */
  source: string;
  /** Read from the stack as it is now (its config file, or the environment where that file sets none). */
  current: boolean;
}

/** The run would change more member accounts in a region than it may. Nothing was written. */
// A RunError: in the program (the policy's check) the CLI prints its message alone.
export class ChangeLimitError extends ProgramError {
  /** Always "ChangeLimitError". */
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

/**
 * How to allow more for a delete's writes: through the stack's config file when the limit was read
 * from it now (works for `pulumi destroy` and `pulumi up` alike), else by running the program.
 */
function allowForDelete(inForce: LimitInForce): string {
  return inForce.current
    ? `\`pulumi config set macie:maxChangesPerRun N\` and the same command again (\`pulumi destroy\`, or \`pulumi up\` ` +
        `for resources removed from the program; \`-c macie:maxChangesPerRun=N\` on either does the same, and also ` +
        `saves it: set it back afterwards)`
    : `\`pulumi destroy --run-program -c macie:maxChangesPerRun=N\` (the program runs, so the stack's current config ` +
        `applies; for resources removed from the program, \`pulumi up -c macie:maxChangesPerRun=N\`; -c also saves ` +
        `the value: set it back afterwards)`;
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
   * and the count, so resources converging at once cannot together pass the limit. A delete
   * passes `inForce`, the limit the stack has now (stack-config.ts); one count serves both.
   */
  take(region: string, accountId: string, desired: DesiredStatus, inForce?: LimitInForce): void {
    const limit = inForce?.limit ?? this.limit;
    let members = this.changed.get(region);
    if (!members) {
      members = new Set();
      this.changed.set(region, members);
    }
    if (members.has(accountId)) return;
    if (limit > 0 && members.size >= limit) {
      throw new ChangeLimitError(
        `Refused to set Macie member account ${accountId} in ${region} to ${desired}: this run has already ` +
          `changed (sent UpdateMemberSession to) ${plural(members.size, "member account", "member accounts")} ` +
          `in ${region}, and the limit is ${limit} per region and run (${inForce?.source ?? SETTING}). Nothing was ` +
          `written to account ${accountId}. If this many changes are intended, allow them with ` +
          `${inForce ? allowForDelete(inForce) : allowForOneRun("N")}, N being the number of members to change in ${region}.`,
        limit,
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

/** A member whose status a policy is about to change: listed at `from`, declared at `to`. */
export interface PlannedChange {
  region: string;
  accountId: string;
  from: DesiredStatus;
  to: DesiredStatus;
}

/** The limits a policy's check obeys: the lower of the two that are set. */
export interface PolicyLimits {
  /** The policy's own maxChanges argument. */
  maxChanges?: number;
  /** The stack's macie:maxChangesPerRun (0: none), which the provider enforces on every write. */
  maxChangesPerRun: number;
}

/** Account ids shown per direction in a policy's refusal. */
export const IDS_SHOWN = 5;

function direction(changes: PlannedChange[], from: DesiredStatus, to: DesiredStatus): string | undefined {
  const ids = changes
    .filter((c) => c.from === from && c.to === to)
    .map((c) => c.accountId)
    .sort();
  if (ids.length === 0) return undefined;
  return `${from} → ${to}: ${ids.length} (${firstOf(ids, IDS_SHOWN)})`;
}

/**
 * The policy's check, before anything is declared: throws a ChangeLimitError when, in some
 * region, more members would change than the limit allows, with the counts per direction, the
 * first account ids, the limit and how to allow the run.
 */
export function refuseOverLimit(
  policyName: string,
  planned: PlannedChange[],
  limits: PolicyLimits,
  kind = "MacieMemberStatusPolicy",
): void {
  const { maxChanges, maxChangesPerRun } = limits;
  const set = [maxChanges, maxChangesPerRun > 0 ? maxChangesPerRun : undefined].filter(
    (l): l is number => l !== undefined,
  );
  if (set.length === 0) return;
  const limit = Math.min(...set);

  const byRegion = new Map<string, PlannedChange[]>();
  for (const change of planned) byRegion.set(change.region, [...(byRegion.get(change.region) ?? []), change]);
  const over = [...byRegion].filter(([, changes]) => changes.length > limit);
  if (over.length === 0) return;

  const needed = Math.max(...over.map(([, changes]) => changes.length));
  const regions = over.map(([region, changes]) => {
    const directions = [direction(changes, "ENABLED", "PAUSED"), direction(changes, "PAUSED", "ENABLED")];
    return `in ${region}, ${changes.length} (${directions.filter(Boolean).join("; ")})`;
  });
  const binding = [
    ...(maxChanges === limit ? ["the policy's maxChanges"] : []),
    ...(maxChangesPerRun === limit ? [`the stack's ${SETTING}`] : []),
  ].join(" and ");
  const ways = [
    ...(maxChangesPerRun > 0 && maxChangesPerRun < needed ? [allowForOneRun(needed)] : []),
    ...(maxChanges !== undefined && maxChanges < needed ? [`the policy's maxChanges set to ${needed}`] : []),
  ];
  throw new ChangeLimitError(
    `${kind} ${JSON.stringify(policyName)} would change the Macie status of more member accounts ` +
      `in one run than allowed: ${regions.join("; ")}; the limit is ${limit} per region and run (${binding}). ` +
      `Nothing was declared or written. If these changes are intended, allow them for this run with ${ways.join(" and ")}.`,
    limit,
    Object.fromEntries(over.map(([region, changes]) => [region, changes.length])),
  );
}
