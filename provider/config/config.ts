// The provider's configuration, read in one place: the `macie:*` stack config (bare keys, e.g.
// `maxAttempts`, `roleArn`), then Pulumi's own `aws:*` config (aws-config.ts: profile, role chain,
// endpoints, region), then the environment, then the documented defaults. The host reads it from
// what the engine hands to `configure`; the program (resource and policy constructors) from its own
// stack config. Nothing else reads config or the environment (see docs/ARCHITECTURE.md).
import { closest } from "fastest-levenshtein";
import { awsFromConfig, type AccountGuard, type AwsConfigGetter, type CredentialSource } from "./aws-config";
import { checkRole, roleFromConfig, type RoleToAssume } from "./role";
import { ALLOW_INSECURE_ENDPOINT, insecureEndpointAllowed, refuseInsecureEndpoint } from "./endpoint";
import { resolveSettings, SETTINGS, settingsFromConfig, type ProviderSettings } from "./settings";

import type { ConfigGetter, Environment } from "./sources";

export type { ConfigGetter, Environment } from "./sources";
export type { AccountGuard, AwsConfigGetter, CredentialSource } from "./aws-config";

export interface ProviderConfig {
  /** Retry, wait and rate bounds: config > environment > default. */
  settings: ProviderSettings;
  /**
   * Where the calls' own credentials come from (aws:accessKey…, aws:profile); nothing set: the SDK's
   * default chain (environment, AWS_PROFILE, SSO, web identity, instance roles).
   */
  source: CredentialSource;
  /**
   * The roles to assume, in order, each with the credentials of the one before (the first with
   * `source`): macie:roleArn (with macie:externalId, macie:sessionName) when set, else Pulumi's
   * aws:assumeRoles / aws:assumeRole chain (macie:sessionName, if set, naming its last session).
   * Empty: the calls are made with `source` itself.
   */
  roles: readonly RoleToAssume[];
  /**
   * The Macie2 endpoint: aws:endpoints' macie2 entry, then AWS_ENDPOINT_URL_MACIE2, then
   * AWS_ENDPOINT_URL (the SDK's own variables, read here so two runtimes in one process can point at
   * two endpoints). Undefined: the SDK's resolution (shared config `endpoint_url`, then the
   * region's public endpoint).
   */
  endpoint?: string;
  /** The STS endpoint for assuming the roles and asking who the caller is, found the same way (sts). */
  stsEndpoint?: string;
  /** The region STS is called in (aws:stsRegion); undefined: the region of the call. */
  stsRegion?: string;
  /** aws:useFipsEndpoint, aws:useDualstackEndpoint: the SDK's endpoint variants, for Macie and STS. */
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** aws:allowedAccountIds / aws:forbiddenAccountIds: no call is sent as another account. */
  accounts?: AccountGuard;
  /** The region of a resource that names none: aws:region, then AWS_REGION, then AWS_DEFAULT_REGION. */
  defaultRegion?: string;
}

/**
 * Reads the whole provider configuration; throws on a bad value, naming the key or variable.
 * `get` reads `macie:*` keys, `aws` reads `aws:*` keys (both by bare key); a root without stack
 * config (the preflight bin) passes NO_CONFIG for both.
 */
export function readProviderConfig(
  get: ConfigGetter,
  env: Environment = {},
  aws: AwsConfigGetter = NO_CONFIG,
): ProviderConfig {
  const stack = awsFromConfig(aws);
  const ignoreEndpoints = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
  const insecureAllowed = insecureEndpointAllowed(get, env);
  const endpointFor = (service: "macie2" | "sts") => {
    // The stack's own declaration wins, as pulumi-aws has it; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
    // is the SDK's switch for the environment and shared config, not for what a program sets.
    const configured = stack.endpoints[service];
    if (configured !== undefined) {
      refuseInsecureEndpoint(`Pulumi config aws:endpoints (${service})`, configured, insecureAllowed);
      return configured;
    }
    if (ignoreEndpoints) return undefined;
    const name = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
    const variable = env[name] ? name : "AWS_ENDPOINT_URL";
    const url = env[variable] || undefined;
    refuseInsecureEndpoint(variable, url, insecureAllowed);
    return url;
  };
  return {
    settings: resolveSettings(settingsFromConfig(get), env),
    source: stack.source,
    roles: rolesOf(get, stack.roles),
    endpoint: endpointFor("macie2"),
    stsEndpoint: endpointFor("sts"),
    stsRegion: stack.stsRegion,
    useFipsEndpoint: stack.useFipsEndpoint,
    useDualstackEndpoint: stack.useDualstackEndpoint,
    accounts: stack.accounts,
    defaultRegion: get("region") ?? stack.region ?? regionFromEnv(env),
  };
}

/**
 * The chain to assume: macie:roleArn wins over Pulumi's aws:assumeRoles (the role this package is
 * to use, which may not be pulumi-aws's); without it, macie:sessionName names the chain's last
 * session, the one that calls Macie.
 */
function rolesOf(get: ConfigGetter, chain: readonly RoleToAssume[]): RoleToAssume[] {
  const own = roleFromConfig(get);
  if (own) return [own];
  const sessionName = get("sessionName");
  if (sessionName === undefined || chain.length === 0) return [...chain];
  const last = { ...chain[chain.length - 1], sessionName };
  checkRole(last, {
    roleArn: "macie:roleArn",
    externalId: "macie:externalId",
    sessionName: "macie:sessionName",
  });
  return [...chain.slice(0, -1), last];
}

/** The region a resource uses when its input leaves it out: AWS_REGION, then AWS_DEFAULT_REGION. */
export function regionFromEnv(env: Environment): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/** No stack config at all (an engine that sends no Configure): environment and defaults only. */
export const NO_CONFIG: ConfigGetter & AwsConfigGetter = () => undefined;

/** Every `macie:*` key the package reads: the settings, plain http's consent and the role to assume. */
export const CONFIG_KEYS: readonly string[] = [
  ...Object.values(SETTINGS).map((spec) => spec.config),
  ALLOW_INSECURE_ENDPOINT.config,
  ...["roleArn", "externalId", "sessionName"].map((key) => `macie:${key}`),
  // The default region: the provider plugin's way to it (a plugin sees only its package's config,
  // never aws:region); the dynamic resources take it too, before aws:region.
  "macie:region",
];

/** Unknown keys echoed in full up to this length: a key is a name, not a document. */
const KEY_SHOWN = 80;

/**
 * Throws for a `macie:*` key the package does not read, naming the closest known one: a misspelt
 * key would otherwise be ignored, and `macie:maxChangesPerrun` would leave the change limit off.
 * `keys` are full config keys (`namespace:name`); other namespaces are not this package's. The
 * program passes its ProgramError, so the CLI prints the message alone.
 */
export function refuseUnknownConfigKeys(
  keys: Iterable<string>,
  Refusal: new (message: string) => Error = Error,
): void {
  const unknown = [...keys].filter((key) => key.startsWith("macie:") && !CONFIG_KEYS.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.map((key) => {
    const shown = key.length > KEY_SHOWN ? `${key.slice(0, KEY_SHOWN)}…` : key;
    return `Pulumi config ${shown} is not a setting of pulumi-macie-member-status; did you mean ${closest(key, [...CONFIG_KEYS])}?`;
  });
  throw new Refusal(
    `${named.join(" ")} The known keys are ${CONFIG_KEYS.join(", ")}. Nothing was called; ` +
      `fix or remove it (pulumi config rm ${unknown[0]}).`,
  );
}
