// Pulumi's own AWS configuration: the `aws:*` stack config pulumi-aws users already have (the
// shapes of pulumi-aws's config schema: objects and lists come as JSON text). Each key is honoured,
// ignored for a stated reason, or refused with what to do instead: AWS_CONFIG_KEYS is the one table,
// docs/contract.md ("Endpoint and credentials") shows it, a test keeps the two in step. Keys not in
// the table belong to pulumi-aws (or a later version of it) and are left alone: they are not ours to
// refuse. Secrets (aws:secretKey, aws:token, external ids) are never shown in a message, and
// static keys never in the JSON the roots compare configurations by.
import { createHash } from "node:crypto";
import { closest } from "fastest-levenshtein";
import { checkRole, DEFAULT_SESSION_NAME, type RoleToAssume } from "./role";

/** Reads `aws:*` stack config by bare key (`assumeRoles`): a string (JSON for objects), or a parsed value. */
export type AwsConfigGetter = (key: string) => unknown;

/** What this package does with an `aws:*` key. */
export type AwsKeyUse = "honoured" | "ignored" | "refused";

/** Every `aws:*` key of pulumi-aws (v5–v7) this package has a word for: what it does with it, and why. */
export const AWS_CONFIG_KEYS: Readonly<Record<string, { use: AwsKeyUse; why: string }>> = {
  region: { use: "honoured", why: "the region of a resource that names none, before AWS_REGION" },
  profile: { use: "honoured", why: "the shared-config profile the calls are made with (the SDK's fromIni)" },
  sharedCredentialsFiles: { use: "honoured", why: "the credentials file for the profile (one file)" },
  sharedCredentialsFile: { use: "honoured", why: "as sharedCredentialsFiles (pulumi-aws 5)" },
  sharedConfigFiles: { use: "honoured", why: "the config file for the profile (one file)" },
  accessKey: { use: "honoured", why: "static keys, with secretKey (and token): the calls' own credentials" },
  secretKey: { use: "honoured", why: "with accessKey; never shown, never stored by this package" },
  token: { use: "honoured", why: "the session token of accessKey/secretKey" },
  assumeRoles: { use: "honoured", why: "the role chain, each link assumed with the one before" },
  assumeRole: { use: "honoured", why: "a chain of one (pulumi-aws 6)" },
  endpoints: { use: "honoured", why: "its macie2 and sts entries, before AWS_ENDPOINT_URL_*" },
  stsRegion: { use: "honoured", why: "the region STS is called in (AssumeRole, GetCallerIdentity)" },
  useFipsEndpoint: { use: "honoured", why: "FIPS endpoints for Macie and STS" },
  useDualstackEndpoint: { use: "honoured", why: "dual-stack endpoints for Macie and STS" },
  assumeRoleWithWebIdentity: {
    use: "refused",
    why:
      "ignoring it would make the calls as another identity: give the role through AWS_ROLE_ARN and " +
      "AWS_WEB_IDENTITY_TOKEN_FILE (the SDK's own, which pulumi-aws reads too) and remove the key",
  },
  allowedAccountIds: {
    use: "honoured",
    why: "no call is sent unless the caller's account (STS, once per region) is listed",
  },
  forbiddenAccountIds: { use: "honoured", why: "no call is sent if the caller's account is listed" },
  skipCredentialsValidation: {
    use: "ignored",
    why:
      "nothing to skip: no call validates credentials up front (STS is asked who the caller is only " +
      "when a rule needs it: a policy region's create, a gone member, the account guard)",
  },
  skipRequestingAccountId: {
    use: "ignored",
    why:
      "the caller's account is asked only to record a policy region's administrator and to confirm " +
      "a gone member: safety rules that stay on",
  },
  skipMetadataApiCheck: {
    use: "ignored",
    why: "no metadata check is made (the SDK's chain reads IMDS only as a last source)",
  },
  skipRegionValidation: { use: "ignored", why: "a region is checked against the SDK's own region list" },
  skipGetEc2Platforms: { use: "ignored", why: "EC2 only" },
  maxRetries: {
    use: "ignored",
    why: "retries are this package's (macie:maxAttempts, macie:maxRetrySeconds)",
  },
  retryMode: { use: "ignored", why: "as maxRetries: one retry policy, with an adaptive limiter of its own" },
  tokenBucketRateLimiterCapacity: {
    use: "ignored",
    why: "the rate is this package's (macie:requestsPerSecond)",
  },
  defaultTags: { use: "ignored", why: "nothing is tagged" },
  ignoreTags: { use: "ignored", why: "nothing is tagged" },
  tagPolicyCompliance: { use: "ignored", why: "nothing is tagged" },
  s3UsePathStyle: { use: "ignored", why: "S3 only" },
  s3ForcePathStyle: { use: "ignored", why: "S3 only" },
  s3UsEast1RegionalEndpoint: { use: "ignored", why: "S3 only" },
  insecure: { use: "ignored", why: "TLS is always verified; a private CA goes in NODE_EXTRA_CA_CERTS" },
  customCaBundle: { use: "ignored", why: "a private CA goes in NODE_EXTRA_CA_CERTS" },
  httpProxy: { use: "ignored", why: "calls go direct" },
  httpsProxy: { use: "ignored", why: "calls go direct" },
  noProxy: { use: "ignored", why: "calls go direct" },
  ec2MetadataServiceEndpoint: {
    use: "ignored",
    why: "the SDK reads AWS_EC2_METADATA_SERVICE_ENDPOINT",
  },
  ec2MetadataServiceEndpointMode: {
    use: "ignored",
    why: "the SDK reads AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  },
  userAgents: { use: "ignored", why: "the user agent names this package and its version" },
  dynamodbEndpoint: { use: "ignored", why: "DynamoDB only" },
  kinesisEndpoint: { use: "ignored", why: "Kinesis only" },
};

/** Static keys from the stack config. JSON shows the access key id and a digest, never the secret. */
export interface StaticKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The calls' own credentials from the stack config; none of it: the SDK's default chain. */
export interface CredentialSource {
  /** aws:accessKey / aws:secretKey / aws:token: these, whatever the profile says. */
  keys?: StaticKeys;
  /** aws:profile: the shared-config profile (the SDK's fromIni). */
  profile?: string;
  /** aws:sharedCredentialsFiles: the credentials file (the SDK's `filepath`). */
  credentialsFile?: string;
  /** aws:sharedConfigFiles: the config file (the SDK's `configFilepath`). */
  configFile?: string;
}

/** What the `aws:*` stack config says, as this package uses it. */
export interface AwsStackConfig {
  region?: string;
  source: CredentialSource;
  /** aws:assumeRoles (or aws:assumeRole): the chain, first link first. */
  roles: RoleToAssume[];
  /** aws:endpoints' macie2 and sts entries. */
  endpoints: { macie2?: string; sts?: string };
  stsRegion?: string;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** aws:allowedAccountIds / aws:forbiddenAccountIds: the accounts calls may (not) be made as. */
  accounts?: AccountGuard;
}

/** Which accounts the calls may be made as: only `allowed` ones, or any but `forbidden` ones. */
export interface AccountGuard {
  allowed?: string[];
  forbidden?: string[];
}

/** A config value as text for a message: JSON, cut when long. */
function shown(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

/** What a value is, for a message about a value that may hold a secret (a role's external id). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The value of an object or list key: pulumi-aws's JSON text, or already parsed. `secret`: the
 * value may hold one (a role's external id), so a message tells its kind, not its text.
 */
function structured(key: string, raw: unknown, what: string, secret = false): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new Error(
      `Pulumi config aws:${key} must be ${what} (JSON, as pulumi-aws takes it); got ` +
        (secret ? "text that is not JSON" : shown(raw)),
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(key: string, raw: unknown, secret = false): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "string") return raw;
  throw new Error(`Pulumi config ${key} must be a string${secret ? "" : `; got ${shown(raw)}`}`);
}

function flag(key: string, raw: unknown): boolean | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (raw === true || raw === "true") return true;
  if (raw === false || raw === "false") return false;
  throw new Error(`Pulumi config aws:${key} must be true or false; got ${shown(raw)}`);
}

/** aws:sharedCredentialsFiles / aws:sharedConfigFiles: a list of one path (the SDK reads one file of each). */
function oneFile(key: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const value = structured(key, raw, "a list of file paths");
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return undefined;
  if (list.length > 1 || typeof list[0] !== "string" || list[0] === "") {
    throw new Error(
      `Pulumi config aws:${key} must name one file: the AWS SDK for JavaScript reads one file of each kind ` +
        `(pulumi-aws merges several); got ${Array.isArray(value) ? `${value.length} entries` : shown(value)}. ` +
        `Merge them into one file. Nothing was called.`,
    );
  }
  return list[0];
}

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
function roleChain(get: AwsConfigGetter): RoleToAssume[] {
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

/** The services whose aws:endpoints entry is read. */
const SERVICES = ["macie2", "sts"] as const;

/** aws:endpoints: a list of {service: url} (or one such object); the macie2 and sts entries. */
function endpoints(get: AwsConfigGetter): { macie2?: string; sts?: string } {
  const raw = get("endpoints");
  if (raw === undefined || raw === null || raw === "") return {};
  const value = structured(
    "endpoints",
    raw,
    'a list of {service: url} objects, e.g. [{"macie2": "https://…"}]',
  );
  const list = Array.isArray(value) ? value : [value];
  const found: { macie2?: string; sts?: string } = {};
  list.forEach((item, i) => {
    if (!isRecord(item))
      throw new Error(
        `Pulumi config aws:endpoints[${i}] must be an object of service → url; got ${shown(item)}`,
      );
    for (const service of SERVICES) {
      const url = text(`aws:endpoints[${i}].${service}`, item[service]);
      if (url === undefined) continue;
      if (found[service] !== undefined && found[service] !== url) {
        throw new Error(
          `Pulumi config aws:endpoints names two ${service} endpoints, ${shown(found[service])} and ${shown(url)}: keep one`,
        );
      }
      found[service] = url;
    }
  });
  return found;
}

/** aws:accessKey / aws:secretKey / aws:token: both keys or neither; no value is ever shown. */
function staticKeys(get: AwsConfigGetter): StaticKeys | undefined {
  const accessKeyId = text("aws:accessKey", get("accessKey"), true);
  const secretAccessKey = text("aws:secretKey", get("secretKey"), true);
  const sessionToken = text("aws:token", get("token"), true);
  if (accessKeyId === undefined && secretAccessKey === undefined) {
    if (sessionToken !== undefined)
      throw new Error(
        "Pulumi config aws:token is set without aws:accessKey and aws:secretKey: a session token belongs to a key pair. Nothing was called.",
      );
    return undefined;
  }
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const missing = accessKeyId === undefined ? "aws:accessKey" : "aws:secretKey";
    const present = accessKeyId === undefined ? "aws:secretKey" : "aws:accessKey";
    throw new Error(
      `Pulumi config ${present} is set but ${missing} is not: static keys come as a pair. Nothing was called.`,
    );
  }
  const keys: StaticKeys = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  // Configurations are compared as JSON (host.ts, program.ts): a digest tells a changed key, the
  // text never holds it.
  const digest = createHash("sha256")
    .update(`${secretAccessKey}\0${sessionToken ?? ""}`)
    .digest("hex");
  Object.defineProperty(keys, "toJSON", {
    value: () => ({ accessKeyId, secret: `sha256:${digest.slice(0, 16)}` }),
    enumerable: false,
  });
  return keys;
}

/** aws:allowedAccountIds or aws:forbiddenAccountIds (not both, as pulumi-aws has it): 12-digit ids. */
function accountGuard(get: AwsConfigGetter): AccountGuard | undefined {
  const read = (key: string) => {
    const raw = get(key);
    if (raw === undefined || raw === null || raw === "") return undefined;
    const value = structured(key, raw, "a list of 12-digit account ids");
    if (!Array.isArray(value) || !value.every((id) => typeof id === "string" && /^[0-9]{12}$/.test(id)))
      throw new Error(`Pulumi config aws:${key} must be a list of 12-digit account ids; got ${shown(value)}`);
    return value.length > 0 ? value : undefined;
  };
  const allowed = read("allowedAccountIds");
  const forbidden = read("forbiddenAccountIds");
  if (allowed && forbidden)
    throw new Error(
      "Pulumi config aws:allowedAccountIds and aws:forbiddenAccountIds are both set: pulumi-aws takes one. Nothing was called.",
    );
  if (allowed) return { allowed };
  if (forbidden) return { forbidden };
  return undefined;
}

/** Throws for a refused key that is set, saying why and what to do instead. */
function refuseKeys(get: AwsConfigGetter): void {
  for (const [key, { use, why }] of Object.entries(AWS_CONFIG_KEYS)) {
    if (use !== "refused") continue;
    const raw = get(key);
    if (raw === undefined || raw === null || raw === "" || raw === "[]") continue;
    throw new Error(
      `Pulumi config aws:${key} is set, which pulumi-macie-member-status does not read: ${why}. Nothing was called.`,
    );
  }
}

/** Reads the `aws:*` keys this package honours; throws on a bad or refused one, naming the key. */
export function awsFromConfig(get: AwsConfigGetter): AwsStackConfig {
  refuseKeys(get);
  const region = text("aws:region", get("region"));
  const stsRegion = text("aws:stsRegion", get("stsRegion"));
  const credentialsFile =
    oneFile("sharedCredentialsFiles", get("sharedCredentialsFiles")) ??
    text("aws:sharedCredentialsFile", get("sharedCredentialsFile"));
  const source: CredentialSource = {
    keys: staticKeys(get),
    profile: text("aws:profile", get("profile")),
    credentialsFile,
    configFile: oneFile("sharedConfigFiles", get("sharedConfigFiles")),
  };
  return {
    region,
    source,
    roles: roleChain(get),
    endpoints: endpoints(get),
    stsRegion,
    useFipsEndpoint: flag("useFipsEndpoint", get("useFipsEndpoint")),
    useDualstackEndpoint: flag("useDualstackEndpoint", get("useDualstackEndpoint")),
    accounts: accountGuard(get),
  };
}
