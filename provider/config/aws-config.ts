// Pulumi's own AWS configuration: the `aws:*` stack config pulumi-aws users already have (the
// shapes of pulumi-aws's config schema: objects and lists come as JSON text). Each key is honoured,
// ignored for a stated reason, or refused with what to do instead: AWS_CONFIG_KEYS is the one table,
// docs/contract.md ("Endpoint and credentials") shows it, a test keeps the two in step. Keys not in
// the table belong to pulumi-aws (or a later version of it) and are left alone: they are not ours to
// refuse. Secrets (aws:secretKey, aws:token, external ids) are never shown in a message, and
// static keys never in the JSON the roots compare configurations by.
import { createHash } from "node:crypto";
import { AWS_CONFIG_KEYS } from "./aws-config-keys";
import { roleChain } from "./aws-role-chain";
import { flag, isRecord, oneFile, shown, structured, text, type AwsConfigGetter } from "./aws-values";
import type { RoleToAssume } from "./role";

export { AWS_CONFIG_KEYS, type AwsKeyUse } from "./aws-config-keys";
export { goDurationSeconds } from "./aws-role-chain";
export type { AwsConfigGetter } from "./aws-values";

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
