// check for the policy's per-region resource (region-provider.ts): the inputs are exactly these,
// every problem is named (field, value, what is allowed), and no AWS call is made.
import {
  DEFAULT_STATUS_ON_DELETE,
  DESIRED_STATUSES,
  STACK_KEY,
  type DesiredStatus,
  type StatusOnDelete,
} from "./types";
import {
  ACCOUNT_ID,
  checkRegion,
  describeName,
  shortName,
  checkStatusOnDelete,
  describeValue,
  isUnknown,
  quoteAll,
  type CheckFailure,
  type CheckResult,
} from "./validate";
import { firstOf } from "./first-of";

/** The per-region resource's inputs, checked. */
export interface RegionInputs {
  /** The region whose members the map holds. */
  region: string;
  /** Account id → the status it should have: every member the policy holds in the region. */
  members: Record<string, DesiredStatus>;
  /** What releasing a member (dropped from the map, or the resource deleted) leaves behind. */
  statusOnDelete: StatusOnDelete;
  /**
   * The members the program's listing shows at another status than `members` declares, with the
   * relationship status listed (e.g. "Enabled"): the only members create and update read and write.
   * Left out: every member is read.
   */
  pending?: Record<string, string>;
  /**
   * When the program listed the members that `pending` comes from (ISO 8601). A pending list already
   * acted on (the state records the same listedAt) is no change: a refresh must not bring it back.
   */
  listedAt?: string;
  /**
   * The accounts the program dropped on purpose (the policy's `exclude`, listed in the region): a
   * member of the state's map named here is released (statusOnDelete). Any other member missing
   * from `members` merely stopped appearing in the listing: it is read with GetMember and never
   * written. Left out (older programs): no member is dropped on purpose.
   */
  dropped?: string[];
  /** The stack's name, set by the program: a delete reads the stack's current change limit (stack-config.ts). */
  __stack?: string;
}

export const REGION_INPUT_NAMES = [
  "region",
  "members",
  "statusOnDelete",
  "pending",
  "listedAt",
  "dropped",
] as const;
// Put there by the engine and the dynamic-resource machinery, or outputs the class declares.
const RESERVED = new Set(["__provider", "administratorAccountId", STACK_KEY]);
/** Problems shown per field before "and N more". */
const SHOWN = 5;

type Props = Record<string, unknown>;

/** A plain object (what a map input arrives as). */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function entryProblems(
  field: string,
  value: unknown,
  valueOk: (v: unknown) => boolean,
  allowed: string,
): string | undefined {
  if (!isMap(value))
    return `${field} must be an object of 12-digit account id → ${allowed}; got ${describeValue(value)}`;
  const bad = Object.entries(value).filter(([id, v]) => !ACCOUNT_ID.test(id) || !valueOk(v));
  if (bad.length === 0) return undefined;
  const problems = bad.map(([id, v]) =>
    ACCOUNT_ID.test(id)
      ? `${field}[${JSON.stringify(id)}] must be ${allowed}; got ${describeValue(v)}`
      : `${field}: ${describeName(id)} is not a 12-digit account id`,
  );
  return firstOf(problems, SHOWN, "; ");
}

const CHECKS: Record<(typeof REGION_INPUT_NAMES)[number], (value: unknown) => string | undefined> = {
  region: checkRegion,
  members: (v) =>
    entryProblems(
      "members",
      v,
      (s) => DESIRED_STATUSES.includes(s as DesiredStatus),
      quoteAll(DESIRED_STATUSES),
    ),
  statusOnDelete: checkStatusOnDelete,
  listedAt: (v) =>
    v === undefined || (typeof v === "string" && !Number.isNaN(Date.parse(v)))
      ? undefined
      : `listedAt must be an ISO 8601 time, or left out; got ${describeValue(v)}`,
  pending: (v) =>
    v === undefined
      ? undefined
      : entryProblems("pending", v, (s) => typeof s === "string", "a relationship status"),
  dropped: checkDropped,
};

function checkDropped(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    return `dropped must be a list of 12-digit account ids, or left out; got ${describeValue(value)}`;
  const bad = value.filter((id) => typeof id !== "string" || !ACCOUNT_ID.test(id));
  if (bad.length === 0) return undefined;
  return `dropped must hold 12-digit account ids; got ${firstOf(bad.map(describeValue), SHOWN)}`;
}

/** Validates `news`, statusOnDelete defaulted; one failure per bad property. */
export function checkRegionInputs(news: Props): CheckResult {
  const inputs: Props = { ...news, statusOnDelete: news.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE };
  const failures: CheckFailure[] = [];
  for (const name of REGION_INPUT_NAMES) {
    if (isUnknown(inputs[name])) continue;
    const reason = CHECKS[name](inputs[name]);
    if (reason) failures.push({ property: name, reason });
  }
  const pendingReason = pendingOutsideMembers(inputs, failures);
  if (pendingReason) failures.push({ property: "pending", reason: pendingReason });
  for (const name of Object.keys(news))
    if (!(REGION_INPUT_NAMES as readonly string[]).includes(name) && !RESERVED.has(name))
      failures.push({
        property: shortName(name),
        reason: `${describeName(name)} is not an input of a policy region; the inputs are ${REGION_INPUT_NAMES.join(", ")}`,
      });
  return { inputs, failures };
}

/**
 * A pending member must be one the map holds: create and update set only those, so one outside it
 * would never be set, and diff would show a change on every run.
 */
function pendingOutsideMembers(inputs: Props, failures: CheckFailure[]): string | undefined {
  const { members, pending } = inputs;
  if (failures.some((f) => f.property === "members" || f.property === "pending")) return undefined;
  if (!isMap(members) || !isMap(pending)) return undefined;
  const outside = Object.keys(pending).filter((id) => !(id in members));
  if (outside.length === 0) return undefined;
  const problems = outside.map(
    (id) =>
      `pending[${JSON.stringify(id)}] must be a member of members (account id → ${quoteAll(DESIRED_STATUSES)}); it is not`,
  );
  return firstOf(problems, SHOWN, "; ");
}

/** For create, update, read and delete, which never act on inputs check would refuse. */
export function requireRegionInputs(props: Props): RegionInputs {
  const picked = Object.fromEntries(REGION_INPUT_NAMES.map((name) => [name, props[name]]));
  const { inputs, failures } = checkRegionInputs(picked);
  const unknown = REGION_INPUT_NAMES.filter((name) => isUnknown(inputs[name]));
  const reasons = [...failures.map((f) => f.reason), ...unknown.map((name) => `${name} is not known yet`)];
  if (reasons.length > 0)
    throw new Error(`MacieMemberStatusPolicy region: invalid inputs: ${reasons.join("; ")}`);
  return inputs as unknown as RegionInputs; // every field passed its check above
}
