// What a policy does with one region's listing: which members it holds at which status, which of
// them the listing shows at another status (pending: the only ones `up` reads and writes), which
// it leaves alone and why, and which it drops on purpose (excluded). One copy of these rules for
// both forms of the policy: the TypeScript component (program/policy.ts), which lists when the
// program runs, and the provider plugin's per-region resource (plugin/region-policy.ts), which lists
// in its check.
import type { PlannedChange } from "./change-limit";
import type { ListedMember } from "./discover";
import { desiredFor, type PolicyArgs } from "./policy-args";
import { desiredStatusOf } from "./relationship";
import type { DesiredStatus } from "./types";

/** A member the policy listed but does not manage, and why. */
export interface SkippedMember {
  /** The member's account id. */
  accountId: string;
  /** The region it was listed in. */
  region: string;
  /** "excluded", or the relationship status that keeps the policy away (Invited, Removed, …). */
  reason: string;
}

/** The policy's plan for one region, from its listing. */
export interface RegionPlan {
  region: string;
  /** Account id → the status it should have: every associated member not excluded. */
  members: Record<string, DesiredStatus>;
  /** Members listed at another status than declared → the relationship status listed. */
  pending: Record<string, string>;
  /** Members listed but not managed. */
  skipped: SkippedMember[];
  /** Members held at each status. */
  counts: Record<DesiredStatus, number>;
  /** The changes `up` would make, for the change limit's check. */
  planned: PlannedChange[];
  /** Listed and excluded: the only members that leave the map with a write (statusOnDelete). */
  dropped: string[];
}

/** The accounts of a listing that are associated (Enabled or Paused): the ones a policy can hold. */
export function associatedOf(listed: readonly ListedMember[]): Set<string> {
  return new Set(listed.filter((m) => desiredStatusOf(m.relationshipStatus)).map((m) => m.accountId));
}

/** What `policy` holds in `region`, given the region's listing. */
export function planRegion(policy: PolicyArgs, region: string, listed: readonly ListedMember[]): RegionPlan {
  const excluded = new Set(policy.exclude ?? []);
  const plan: RegionPlan = {
    region,
    members: {},
    pending: {},
    skipped: [],
    counts: { ENABLED: 0, PAUSED: 0 },
    planned: [],
    dropped: [],
  };
  for (const { accountId, relationshipStatus } of listed) {
    const current = desiredStatusOf(relationshipStatus);
    if (excluded.has(accountId) || current === undefined) {
      const reason = excluded.has(accountId) ? "excluded" : relationshipStatus || "unknown";
      plan.skipped.push({ accountId, region, reason });
      if (reason === "excluded") plan.dropped.push(accountId);
      continue;
    }
    const status = desiredFor(policy, accountId, region);
    plan.counts[status] += 1;
    plan.members[accountId] = status;
    if (status !== current) {
      plan.pending[accountId] = relationshipStatus;
      plan.planned.push({ region, accountId, from: current, to: status });
    }
  }
  return plan;
}
