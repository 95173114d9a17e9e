// The package's public API (see DESIGN.md: keep it stable).
export { MacieMemberStatus, type MacieMemberStatusArgs } from "./resource";
export {
  MacieMemberStatusPolicy,
  type MacieMemberStatusPolicyArgs,
  type PolicyCounts,
  type SkippedMember,
} from "./policy";
export { PolicyArgsError, type StatusOverride } from "./policy-args";
export type { DesiredStatus, StatusOnDelete, MemberStatusOutputs } from "./types";
export { MacieOperationError, MemberStateError } from "./errors";
export { ChangeLimitError } from "./change-limit";
export { SETTINGS as RETRY_SETTINGS } from "./settings";
