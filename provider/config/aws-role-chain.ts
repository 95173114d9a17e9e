// aws:assumeRoles (pulumi-aws 7) or aws:assumeRole (6): the chain of roles the calls are made as,
// each link checked and its fields named (a misspelt one gets the closest name).
import { closest } from "fastest-levenshtein";
import { checkRole, DEFAULT_SESSION_NAME, type RoleToAssume } from "./role";
import { isRecord, kindOf, shown, structured, text, type AwsConfigGetter } from "./aws-values";

/** A Go duration ("1h", "90m", "1h30m", "3600s"), as pulumi-aws takes assumeRoles[].duration, in whole seconds. */
export function goDurationSeconds(value: string): number | undefined {
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  let seconds = 0;
  for (const [, amount, , u] of value.matchAll(/([0-9]+(\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) {
    seconds += Number(amount) * unit[u];
  }
  return Math.floor(seconds);
}

/** STS's bounds on a session: 15 minutes to 12 hours (a role's own maximum may be lower). */
const MIN_SESSION = 900;
const MAX_SESSION = 43_200;

const LINK_FIELDS = [
  "roleArn",
  "externalId",
  "sessionName",
  "duration",
  "durationSeconds",
  "policy",
  "policyArns",
  "sourceIdentity",
  "tags",
  "transitiveTagKeys",
];

function strings(key: string, raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw) && raw.every((item) => typeof item === "string")) return raw;
  throw new Error(`Pulumi config ${key} must be a list of strings; got ${shown(raw)}`);
}

/** One link of the chain; `at` names it (`aws:assumeRoles[0]`). */
function link(at: string, raw: unknown): RoleToAssume {
  if (!isRecord(raw))
    throw new Error(`Pulumi config ${at} must be an object with a roleArn; got ${kindOf(raw)}`);
  for (const field of Object.keys(raw)) {
    if (!LINK_FIELDS.includes(field)) {
      throw new Error(
        `Pulumi config ${at}.${field} is not a field of an assumed role; did you mean ${closest(field, LINK_FIELDS)}? ` +
          `The fields are ${LINK_FIELDS.join(", ")}. Nothing was called.`,
      );
    }
  }
  const roleArn = text(`${at}.roleArn`, raw.roleArn);
  if (roleArn === undefined)
    throw new Error(`Pulumi config ${at} has no roleArn: each assumed role names one. Nothing was called.`);
  const role: RoleToAssume = {
    roleArn,
    externalId: text(`${at}.externalId`, raw.externalId, true),
    sessionName: text(`${at}.sessionName`, raw.sessionName) ?? DEFAULT_SESSION_NAME,
  };
  checkRole(role, {
    roleArn: `${at}.roleArn`,
    externalId: `${at}.externalId`,
    sessionName: `${at}.sessionName`,
  });
  const duration = text(`${at}.duration`, raw.duration);
  const durationRaw = raw.durationSeconds;
  if (duration !== undefined && durationRaw !== undefined && durationRaw !== null)
    throw new Error(`Pulumi config ${at} sets both duration and durationSeconds: keep one`);
  const seconds =
    duration !== undefined
      ? goDurationSeconds(duration)
      : durationRaw === undefined || durationRaw === null
        ? undefined
        : typeof durationRaw === "number" || (typeof durationRaw === "string" && /^[0-9]+$/.test(durationRaw))
          ? Number(durationRaw)
          : NaN;
  if (
    seconds !== undefined &&
    !(Number.isInteger(seconds) && seconds >= MIN_SESSION && seconds <= MAX_SESSION)
  ) {
    const name = duration !== undefined ? "duration" : "durationSeconds";
    throw new Error(
      `Pulumi config ${at}.${name} must be between 15 minutes and 12 hours (${duration !== undefined ? '"15m" to "12h"' : "900 to 43200"}); ` +
        `got ${shown(duration ?? durationRaw)}`,
    );
  }
  if (seconds !== undefined) role.durationSeconds = seconds;
  const policy = text(`${at}.policy`, raw.policy);
  if (policy !== undefined) role.policy = policy;
  const policyArns = strings(`${at}.policyArns`, raw.policyArns);
  if (policyArns?.length) role.policyArns = policyArns;
  const sourceIdentity = text(`${at}.sourceIdentity`, raw.sourceIdentity);
  if (sourceIdentity !== undefined) role.sourceIdentity = sourceIdentity;
  if (raw.tags !== undefined && raw.tags !== null) {
    if (!isRecord(raw.tags) || !Object.values(raw.tags).every((v) => typeof v === "string"))
      throw new Error(`Pulumi config ${at}.tags must be an object of tag → value; got ${kindOf(raw.tags)}`);
    if (Object.keys(raw.tags).length > 0) role.tags = raw.tags as Record<string, string>;
  }
  const transitive = strings(`${at}.transitiveTagKeys`, raw.transitiveTagKeys);
  if (transitive?.length) role.transitiveTagKeys = transitive;
  return role;
}

/** aws:assumeRoles (a list: the chain) or aws:assumeRole (one object, pulumi-aws 6); not both. */
export function roleChain(get: AwsConfigGetter): RoleToAssume[] {
  const many = get("assumeRoles");
  const one = get("assumeRole");
  const set = (raw: unknown) => raw !== undefined && raw !== null && raw !== "";
  if (set(many) && set(one)) {
    throw new Error(
      "Pulumi config aws:assumeRoles and aws:assumeRole are both set: pulumi-aws 7 reads aws:assumeRoles, 6 " +
        "aws:assumeRole. Keep the one your pulumi-aws reads. Nothing was called.",
    );
  }
  const key = set(many) ? "assumeRoles" : "assumeRole";
  const raw = set(many) ? many : one;
  if (!set(raw)) return [];
  const value = structured(key, raw, "a list of roles, each {roleArn, externalId?, sessionName?, …}", true);
  if (key === "assumeRole" && isRecord(value)) return [link("aws:assumeRole", value)];
  if (!Array.isArray(value))
    throw new Error(
      `Pulumi config aws:${key} must be a list of roles, each {roleArn, …}; got ${kindOf(value)}`,
    );
  return value.map((item, i) => link(`aws:${key}[${i}]`, item));
}
