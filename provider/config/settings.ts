// Retry, wait and rate bounds, and the change limit. Each has a documented default, an environment variable, and a
// Pulumi config key (macie:*), which wins, being the stack's own declaration: the engine hands the
// stack config to the provider's configure. Bad values are refused with the name of their source
// before any AWS call.

/** The provider's tunables, resolved: config > environment > default. */
export interface ProviderSettings {
  /** Failed AWS calls one lifecycle operation tolerates before it gives up. */
  maxAttempts: number;
  /** Time one lifecycle operation may spend retrying, in seconds. */
  maxRetrySeconds: number;
  /** Time to wait, after a write, for Macie to show the new status, in seconds. */
  waitTimeoutSeconds: number;
  /**
   * Time one AWS call may take, from the moment it is sent (after the rate limiter let it go) to the
   * last byte of the answer, credentials included; then it fails as a retryable timeout.
   */
  requestTimeoutSeconds: number;
  /** Ceiling on Macie calls per second from this process and region; 0: no ceiling (adaptive only). */
  requestsPerSecond: number;
  /** Calls that may go at once under that ceiling. */
  requestBurst: number;
  /**
   * Members whose Macie status one run (one `pulumi up`, `destroy`, …: one provider host process)
   * may change per region; a write beyond it is refused before it is sent (change-limit.ts).
   * 0: no limit, since a first adoption of an organization is legitimately large.
   */
  maxChangesPerRun: number;
  /**
   * How long a finished ListMembers scan serves refresh reads, in seconds from the moment the scan
   * began (member-scan.ts): a read is never served from a listing older than this. 0: no scans,
   * one GetMember per read. It decides no write (writeFromListingSeconds does, for a policy).
   */
  readSnapshotSeconds: number;
  /**
   * How old a MacieMemberStatusPolicy's listing may be, in seconds from the moment it began, and
   * still decide its writes (listed-writes.ts: one UpdateMemberSession per changed member, one
   * re-listing to verify); an older one is listed again first. 0: every write is decided on a
   * GetMember of its own and waited for one by one (3 calls per changed member, as before 0.3).
   */
  writeFromListingSeconds: number;
  /**
   * Members one region of a MacieMemberStatusPolicy reads and writes at once; the rate limiter
   * (requestsPerSecond, and Macie's throttling) still bounds the calls.
   */
  membersAtOnce: number;
  /**
   * Least time between two progress lines of one policy region's create, update or delete
   * ("Macie members in us-east-1: 120/300 set, 0 failed"), in seconds (lifecycle/progress.ts);
   * a run that ends sooner prints none. 0: no progress lines.
   */
  progressSeconds: number;
}

/** The name of a tunable, e.g. `maxAttempts`. */
export type SettingName = keyof ProviderSettings;

/** One tunable: its default, bounds, environment variable and `macie:*` config key. */
export interface SettingSpec {
  /** The value when neither config nor environment sets it. */
  default: number;
  /** The smallest value allowed. */
  min: number;
  /** The largest value allowed. */
  max: number;
  /** The environment variable, e.g. MACIE_MEMBER_STATUS_MAX_ATTEMPTS. */
  env: string;
  /** The Pulumi config key, e.g. macie:maxAttempts (wins over the environment). */
  config: string;
}

export const SETTINGS: Record<SettingName, SettingSpec> = {
  maxAttempts: {
    default: 10,
    min: 1,
    max: 100,
    env: "MACIE_MEMBER_STATUS_MAX_ATTEMPTS",
    config: "macie:maxAttempts",
  },
  maxRetrySeconds: {
    default: 300,
    min: 1,
    max: 3600,
    env: "MACIE_MEMBER_STATUS_MAX_RETRY_SECONDS",
    config: "macie:maxRetrySeconds",
  },
  waitTimeoutSeconds: {
    default: 120,
    min: 1,
    max: 3600,
    env: "MACIE_MEMBER_STATUS_WAIT_TIMEOUT_SECONDS",
    config: "macie:waitTimeoutSeconds",
  },
  requestTimeoutSeconds: {
    default: 30,
    min: 1,
    max: 600,
    env: "MACIE_MEMBER_STATUS_REQUEST_TIMEOUT_SECONDS",
    config: "macie:requestTimeoutSeconds",
  },
  requestsPerSecond: {
    default: 0,
    min: 0,
    max: 10_000,
    env: "MACIE_MEMBER_STATUS_REQUESTS_PER_SECOND",
    config: "macie:requestsPerSecond",
  },
  requestBurst: {
    default: 10,
    min: 1,
    max: 10_000,
    env: "MACIE_MEMBER_STATUS_REQUEST_BURST",
    config: "macie:requestBurst",
  },
  maxChangesPerRun: {
    default: 0,
    min: 0,
    // Macie's quota: 10,000 members per administrator and region.
    max: 10_000,
    env: "MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN",
    config: "macie:maxChangesPerRun",
  },
  readSnapshotSeconds: {
    default: 60,
    min: 0,
    max: 3600,
    env: "MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS",
    config: "macie:readSnapshotSeconds",
  },
  writeFromListingSeconds: {
    // Covers a listing of 10,000 members × 2 regions at 20 calls/s (40 s) and the engine reaching
    // the region; AWS documents no consistency window for Macie's reads, so not much more.
    default: 120,
    min: 0,
    max: 3600,
    env: "MACIE_MEMBER_STATUS_WRITE_FROM_LISTING_SECONDS",
    config: "macie:writeFromListingSeconds",
  },
  membersAtOnce: {
    default: 32,
    min: 1,
    max: 1_000,
    env: "MACIE_MEMBER_STATUS_MEMBERS_AT_ONCE",
    config: "macie:membersAtOnce",
  },
  progressSeconds: {
    // "Every few seconds" (#25): a CI job that fails on minutes of silence sees a line, and a fleet
    // flip of 10,000 members × 2 regions (331 s at 200 calls a second) prints ~65 lines a region.
    default: 5,
    min: 0,
    max: 3600,
    env: "MACIE_MEMBER_STATUS_PROGRESS_SECONDS",
    config: "macie:progressSeconds",
  },
};

/** "MACIE_MEMBER_STATUS_MAX_ATTEMPTS / macie:maxAttempts": where a user sets `name`, for messages. */
export function settingNames(name: SettingName): string {
  return `${SETTINGS[name].env} / ${SETTINGS[name].config}`;
}

/**
 * Every tunable of the provider — retry, wait, timeout and rate bounds — with its default, bounds,
 * environment variable and Pulumi config key (`macie:*`, which wins over the environment).
 */
export const RETRY_SETTINGS: Readonly<Record<SettingName, Readonly<SettingSpec>>> = SETTINGS;

const NAMES = Object.keys(SETTINGS) as SettingName[];

/** Backoff between retries: full jitter over base × 2^(n-1), capped. Not knobs: the bounds above are. */
export const BASE_DELAY_MS = 250;
export const MAX_DELAY_MS = 20_000;

const DECIMAL = /^\s*[0-9]+\s*$/;

/** The value as the message shows it: quoted, and cut when long (config values can be anything). */
function describeRaw(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text;
}

/** Parses one setting from a string or number; throws an error naming where it came from. */
export function parseSetting(name: SettingName, raw: unknown, source: string): number {
  const spec = SETTINGS[name];
  // Decimal digits only: Number() would also take "0x5", "0b11", "1e1" and " ", which nobody
  // writing a retry bound means.
  const value =
    typeof raw === "number" ? raw : typeof raw === "string" && DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new Error(
      `${source} must be a whole number from ${spec.min} to ${spec.max} in decimal digits (default ${spec.default}); got ${describeRaw(raw)}`,
    );
  }
  return value;
}

/** Settings given in the stack config (macie:*). */
export type ProgramSettings = Partial<ProviderSettings>;

/** Reads the `macie:*` config keys by bare key through `get` (e.g. pulumi.Config("macie")#get). */
export function settingsFromConfig(get: (key: string) => string | undefined): ProgramSettings {
  const settings: ProgramSettings = {};
  for (const name of NAMES) {
    const key = SETTINGS[name].config;
    const raw = get(key.split(":")[1]);
    if (raw !== undefined) settings[name] = parseSetting(name, raw, `Pulumi config ${key}`);
  }
  return settings;
}

/** Program settings, then the environment, then the defaults. */
export function resolveSettings(
  program: ProgramSettings,
  env: Readonly<Record<string, string | undefined>>,
): ProviderSettings {
  const resolved = {} as ProviderSettings;
  for (const name of NAMES) {
    const spec = SETTINGS[name];
    const fromEnv = env[spec.env];
    resolved[name] =
      program[name] !== undefined
        ? parseSetting(name, program[name], `Pulumi config ${spec.config}`)
        : fromEnv !== undefined
          ? parseSetting(name, fromEnv, `environment variable ${spec.env}`)
          : spec.default;
  }
  return resolved;
}
