// check: turns whatever the engine hands us into validated inputs, or one failure per bad property.
// No AWS calls happen here, and unknown values (preview) pass untouched.
import { cut } from "./first-of";
import { accountIdIsSecret, SECRET_ACCOUNT_FLAG } from "./secret-flag";
import { closestRegion, isKnownRegion } from "./regions";
import {
  DEFAULT_STATUS_ON_DELETE,
  DESIRED_STATUSES,
  STACK_KEY,
  STATUSES_ON_DELETE,
  type DesiredStatus,
  type MemberStatusInputs,
  type StatusOnDelete,
} from "./types";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

export const INPUT_NAMES = ["accountId", "status", "region", "statusOnDelete"] as const;
export type InputName = (typeof INPUT_NAMES)[number];
// Properties the engine, the dynamic-resource machinery or the resource class put next to ours.
const RESERVED = new Set(["__provider", SECRET_ACCOUNT_FLAG, STACK_KEY]);

export const ACCOUNT_ID = /^[0-9]{12}$/;
// Region shapes: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1.
// The shape only; the region must also be one the SDK's partition data names (regions.ts).
const REGION = /^[a-z]{2,4}(-[a-z]+){1,2}-[0-9]{1,2}$/;

/**
 * The engine's placeholder for a value not known until apply (preview): the gRPC wire constant that
 * `@pulumi/pulumi/runtime/rpc` exports as `unknownValue`, written out so the member rules import no
 * Pulumi SDK (validate.test.ts passes the SDK's own value through `checkInputs`).
 */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** A short, safe rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    return `${shown} (a string of ${value.length} characters)`;
  }
  if (typeof value === "number" || typeof value === "boolean") return `${String(value)} (a ${typeof value})`;
  return Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Names (arguments, map keys) shown in messages are cut here: a program may pass any string as a key. */
const NAME_SHOWN = 40;

/** A name as a message shows it: quoted, and cut with its length when long. */
export function describeName(name: string): string {
  return name.length > NAME_SHOWN
    ? `${JSON.stringify(name.slice(0, NAME_SHOWN))}… (a name of ${name.length} characters)`
    : JSON.stringify(name);
}

/** A name short enough to be a check failure's `property`. */
export function shortName(name: string): string {
  return cut(name, NAME_SHOWN);
}

/** `"A", "B" or "C"`: the allowed values, for messages. */
export function quoteAll(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

function checkAccountId(value: unknown): string | undefined {
  if (typeof value === "string" && ACCOUNT_ID.test(value)) return undefined;
  return `accountId must be exactly 12 digits (0-9) as a string, e.g. "123456789012"; got ${describeValue(value)}`;
}

function checkStatus(value: unknown): string | undefined {
  if (DESIRED_STATUSES.includes(value as DesiredStatus)) return undefined;
  return `status must be ${quoteAll(DESIRED_STATUSES)} (upper case); got ${describeValue(value)}`;
}

export function checkStatusOnDelete(value: unknown): string | undefined {
  if (STATUSES_ON_DELETE.includes(value as StatusOnDelete)) return undefined;
  return `statusOnDelete must be ${quoteAll(STATUSES_ON_DELETE)} (upper case), or left out for ${JSON.stringify(DEFAULT_STATUS_ON_DELETE)}; got ${describeValue(value)}`;
}

export function checkRegion(value: unknown): string | undefined {
  if (value === undefined) {
    return "region is not set: set the resource's region input, the stack config macie:region or aws:region (the provider plugin reads macie:region only), or AWS_REGION / AWS_DEFAULT_REGION";
  }
  if (typeof value !== "string" || !REGION.test(value))
    return `region must look like an AWS region such as "us-east-1", "us-gov-west-1" or "cn-north-1"; got ${describeValue(value)}`;
  if (isKnownRegion(value)) return undefined;
  return (
    `region ${JSON.stringify(value)} is not a region the installed AWS SDK knows (did you mean ${JSON.stringify(closestRegion(value))}?); ` +
    "a region launched after that SDK: update it (npm update @aws-sdk/core @aws-sdk/client-macie2)"
  );
}

const CHECKS: Record<InputName, (value: unknown) => string | undefined> = {
  accountId: checkAccountId,
  status: checkStatus,
  region: checkRegion,
  statusOnDelete: checkStatusOnDelete,
};

/**
 * Validates `news` and fills in defaults (`defaultRegion`, from the provider's environment;
 * statusOnDelete ENABLED). Returns every failure at once, each on its own property.
 */
export function checkInputs(news: Record<string, unknown>, defaultRegion: string | undefined): CheckResult {
  const inputs: Record<string, unknown> = {
    accountId: news.accountId,
    status: news.status,
    region: news.region ?? defaultRegion,
    statusOnDelete: news.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE,
  };
  const failures: CheckFailure[] = [];
  for (const name of INPUT_NAMES) {
    if (isUnknown(inputs[name])) continue;
    const reason = CHECKS[name](inputs[name]);
    if (reason) failures.push({ property: name, reason });
  }
  for (const name of Object.keys(news)) {
    if (!(INPUT_NAMES as readonly string[]).includes(name) && !RESERVED.has(name)) {
      failures.push({
        property: shortName(name),
        reason: `${describeName(name)} is not an input of MacieMemberStatus; the inputs are ${INPUT_NAMES.join(", ")}`,
      });
    }
  }
  for (const name of INPUT_NAMES) if (inputs[name] === undefined) delete inputs[name];
  if (accountIdIsSecret(news)) inputs[SECRET_ACCOUNT_FLAG] = true;
  if (typeof news[STACK_KEY] === "string") inputs[STACK_KEY] = news[STACK_KEY];
  return { inputs, failures };
}

/**
 * For create, update, read and delete, which must never act on inputs that check would refuse.
 * `names` are the inputs the operation needs, and the only ones the result holds.
 */
export function requireValidInputs<N extends InputName>(
  props: Record<string, unknown>,
  defaultRegion: string | undefined,
  names: readonly N[],
): Pick<MemberStatusInputs, N> {
  const { inputs, failures } = checkInputs(pickInputs(props), defaultRegion);
  const reasons = failures
    .filter((f) => (names as readonly string[]).includes(f.property))
    .map((f) => f.reason)
    .concat(names.filter((name) => isUnknown(inputs[name])).map((name) => `${name} is not known yet`));
  if (reasons.length > 0) throw new Error(`MacieMemberStatus: invalid inputs: ${reasons.join("; ")}`);
  // Each of `names` passed its check above, so it holds a value of its declared type.
  return Object.fromEntries(names.map((name) => [name, inputs[name]])) as Pick<MemberStatusInputs, N>;
}

/** Only our inputs out of a state bag that also holds outputs and __provider. */
export function pickInputs(props: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of INPUT_NAMES) if (props[name] !== undefined) picked[name] = props[name];
  return picked;
}
