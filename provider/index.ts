// The package's public API: keep it stable (a change needs a major version and a README note).
export { MacieMemberStatus, type MacieMemberStatusArgs } from "./resource";
export {
  MacieMemberStatusPolicy,
  type MacieMemberStatusPolicyArgs,
  type PolicyCounts,
  type PolicyData,
  type SkippedMember,
} from "./policy";
export { PolicyArgsError, type StatusOverride } from "./policy-args";
export type { DesiredStatus, StatusOnDelete, MemberStatusOutputs } from "./types";
export { MacieOperationError, MemberStateError, type OperationFailure, type Target } from "./errors";
export { ChangeLimitError } from "./change-limit";
export { RETRY_SETTINGS, type ProviderSettings, type SettingName, type SettingSpec } from "./settings";
