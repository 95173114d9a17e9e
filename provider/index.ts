// The package's public API: keep it stable (a change needs a major version and a README note).
export { MacieMemberStatus, type MacieMemberStatusArgs } from "./program/resource";
export {
  MacieMemberStatusPolicy,
  type MacieMemberStatusPolicyArgs,
  type PolicyCounts,
  type PolicyData,
  type SkippedMember,
} from "./program/policy";
export { PolicyArgsError, type StatusOverride } from "./member/policy-args";
export type { DesiredStatus, StatusOnDelete, MemberStatusOutputs } from "./member/types";
export { MacieOperationError, MemberStateError, type OperationFailure, type Target } from "./aws/errors";
export { ChangeLimitError } from "./member/change-limit";
export { RETRY_SETTINGS, type ProviderSettings, type SettingName, type SettingSpec } from "./config/settings";
