// The emulator's settings: the world it models (administrator, default region) and how it paces
// callers (rate limit, busy window, latency). They survive reset() unless new ones are given.
import type { RateLimit } from "./rate-limit";
import type { RoleOptions } from "./sts";

export interface EmulatorOptions {
  /** Roles AssumeRole accepts, by ARN; any role when left out. */
  roles?: Record<string, RoleOptions>;
  /** The delegated administrator every member belongs to. @defaultValue "999999999999" */
  adminAccountId?: string;
  /** The region of seeds and control calls that name none. @defaultValue "us-east-1" */
  defaultRegion?: string;
  /** Token bucket over all Macie calls; none: unlimited. */
  rateLimit?: RateLimit;
  /** After a status change, writes to that member answer 409 for this long. @defaultValue 0 */
  busyWindowMs?: number;
  /** Added before every Macie answer. @defaultValue 0 */
  latencyMs?: number;
}

export type Settings = Required<Omit<EmulatorOptions, "rateLimit" | "roles">> &
  Pick<EmulatorOptions, "rateLimit" | "roles">;

export function defaultSettings(options: EmulatorOptions): Settings {
  return {
    adminAccountId: options.adminAccountId ?? "999999999999",
    defaultRegion: options.defaultRegion ?? "us-east-1",
    busyWindowMs: options.busyWindowMs ?? 0,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit,
    roles: options.roles,
  };
}
