// The emulator's settings: the world it models (administrator, default region) and how it paces
// callers (rate limit, busy window, latency). They survive reset() unless new ones are given.
import type { EmulatorClock } from "./clock";
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

/** What the constructor takes: the options, and the clock, which is set once and for good. */
export interface NewEmulatorOptions extends EmulatorOptions {
  /**
   * The time of the model: busy windows, read lag, the rate limit, and `updatedAt` / `invitedAt`.
   * A test that runs its client on a manual clock hands the same one here, so both sides agree on
   * how long a backoff or a wait lasted. Latency (the option and the fault) and held connections
   * stay on real time: they are time on the wire, which the client's socket timeouts measure. So
   * do STS credentials' expirations, which the SDK checks against its own clock.
   * @defaultValue real time (`Date.now()`)
   */
  clock?: EmulatorClock;
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

const OPTION_NAMES = ["roles", "adminAccountId", "defaultRegion", "rateLimit", "busyWindowMs", "latencyMs"];

/** Throws, naming the field, for options that are not EmulatorOptions (they may come as JSON). */
export function checkOptions(options: EmulatorOptions): void {
  const o = options as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if (!OPTION_NAMES.includes(name))
      throw new Error(`unknown option ${name}; known: ${OPTION_NAMES.join(", ")}`);
  }
  if (
    o.adminAccountId !== undefined &&
    (typeof o.adminAccountId !== "string" || !/^[0-9]{12}$/.test(o.adminAccountId))
  )
    throw new Error(`adminAccountId must be a 12-digit account id; got ${JSON.stringify(o.adminAccountId)}`);
  if (o.defaultRegion !== undefined && typeof o.defaultRegion !== "string")
    throw new Error(`defaultRegion must be a string; got ${JSON.stringify(o.defaultRegion)}`);
  for (const name of ["busyWindowMs", "latencyMs"]) {
    if (o[name] !== undefined && !isWhole(o[name], 0))
      throw new Error(`${name} must be a whole number ≥ 0; got ${JSON.stringify(o[name])}`);
  }
  const limit = o.rateLimit as Record<string, unknown> | undefined | null;
  if (limit !== undefined && limit !== null) {
    if (typeof limit.ratePerSecond !== "number" || !(limit.ratePerSecond > 0))
      throw new Error(
        `rateLimit.ratePerSecond must be a number > 0; got ${JSON.stringify(limit.ratePerSecond)}`,
      );
    if (!isWhole(limit.burst, 1))
      throw new Error(`rateLimit.burst must be a whole number ≥ 1; got ${JSON.stringify(limit.burst)}`);
  }
  if (o.roles !== undefined && (typeof o.roles !== "object" || Array.isArray(o.roles)))
    throw new Error(`roles must be an object of role ARN → { externalId? }; got ${JSON.stringify(o.roles)}`);
}

function isWhole(value: unknown, min: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min;
}
