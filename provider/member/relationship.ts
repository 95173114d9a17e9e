// Macie's relationshipStatus values, what they mean for the desired status, and what a user can do
// about the ones this provider must not write to.
import type { DesiredStatus } from "./types";
import { GONE_RELATIONSHIP_STATUSES } from "./gone";

const TO_DESIRED: Record<string, DesiredStatus> = { Enabled: "ENABLED", Paused: "PAUSED" };

/** ENABLED or PAUSED for a member Macie runs or has suspended; undefined for every other status. */
export function desiredStatusOf(relationshipStatus: string | undefined): DesiredStatus | undefined {
  return relationshipStatus === undefined ? undefined : TO_DESIRED[relationshipStatus];
}

/**
 * Statuses in which AWS or the member account, not the administrator, has stopped the member (a
 * closed account, a disabled region): nothing can be written until that is undone, so delete
 * cannot apply statusOnDelete and ends without a write rather than fail every run.
 */
export const SUSPENDED_STATUSES: readonly string[] = ["AccountSuspended", "RegionDisabled"];

export function isGoneStatus(relationshipStatus: string | undefined): boolean {
  return relationshipStatus !== undefined && GONE_RELATIONSHIP_STATUSES.includes(relationshipStatus);
}

const WHAT_TO_DO: Record<string, string> = {
  Invited:
    "the account was invited but has not accepted; accept the invitation in the member account (or add it through AWS Organizations), then run `pulumi up` again",
  Created:
    "the account was added but never invited; invite it (or add it through AWS Organizations), then run `pulumi up` again",
  EmailVerificationInProgress:
    "Macie is still verifying the member's email address; wait for it, then run `pulumi up` again",
  EmailVerificationFailed: "Macie could not verify the member's email address; add the account again",
  AccountSuspended: "the AWS account is suspended; it cannot be changed until AWS reinstates it",
  RegionDisabled: "the region is disabled for the member account; enable the region in that account first",
  Removed: "the account was removed as a Macie member; add it again, or drop this resource",
  Resigned: "the account left the administrator's Macie organization; add it again, or drop this resource",
};

export function whatToDo(relationshipStatus: string | undefined): string {
  return (
    (relationshipStatus && WHAT_TO_DO[relationshipStatus]) ??
    "only a member whose relationship status is Enabled or Paused can be changed"
  );
}
