// The resource's vocabulary, shared by validation, the lifecycle and the resource class.

/** The Macie status a member account should have. */
export type DesiredStatus = "ENABLED" | "PAUSED";
export const DESIRED_STATUSES: readonly DesiredStatus[] = ["ENABLED", "PAUSED"];

/** What delete leaves behind. */
export type StatusOnDelete = DesiredStatus | "UNCHANGED";
export const STATUSES_ON_DELETE: readonly StatusOnDelete[] = ["ENABLED", "PAUSED", "UNCHANGED"];
export const DEFAULT_STATUS_ON_DELETE: StatusOnDelete = "ENABLED";

/** Inputs after check: every field validated, region and statusOnDelete defaulted. */
export interface MemberStatusInputs {
  /** The member's 12-digit AWS account id. */
  accountId: string;
  /** The Macie status the member should have. */
  status: DesiredStatus;
  /** The region of the membership. */
  region: string;
  /** What delete leaves behind. */
  statusOnDelete: StatusOnDelete;
}

/**
 * Inputs as read returns them: `status` is what Macie shows, and absent when the member is in a
 * relationship status that is neither Enabled nor Paused (so the next `up` shows a diff and explains).
 */
export interface ObservedInputs extends Omit<MemberStatusInputs, "status"> {
  /** ENABLED or PAUSED as Macie shows it; absent for any other relationship status. */
  status?: DesiredStatus;
}

/** What the resource's state holds: the inputs plus what Macie reports about the member. */
export interface MemberStatusOutputs extends ObservedInputs {
  /** Macie's raw relationship status: Enabled, Paused, Invited, AccountSuspended, … */
  relationshipStatus: string;
  /** The member's ARN in Macie. */
  arn?: string;
  /** The delegated administrator account Macie reports for the member. */
  administratorAccountId?: string;
  /** The member account's email address. */
  email?: string;
  /** When Macie last changed the member's relationship status (ISO 8601). */
  updatedAt?: string;
}

/** The hidden input (and output) holding the stack's name, set by the program's resources
 * (lifecycle/stack-config.ts reads that stack's config file for a delete's change limit). */
export const STACK_KEY = "__stack";

/** A policy region's map as recorded: account id → ENABLED or PAUSED as last seen or set; the relationship status when it is neither. */
export type RecordedMembers = Record<string, string>;
