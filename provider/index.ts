// The package's public API (see DESIGN.md: keep it stable).
export { MacieMemberStatus, type MacieMemberStatusArgs } from "./resource";
export type { DesiredStatus, StatusOnDelete, MemberStatusOutputs } from "./types";
export { MacieOperationError, MemberStateError } from "./errors";
export { SETTINGS as RETRY_SETTINGS } from "./settings";
