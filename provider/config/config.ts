// The provider's configuration, read in one place: the `macie:*` stack config (bare keys, e.g.
// `maxAttempts`, `roleArn`), then the environment, then the documented defaults. The host reads it
// from what the engine hands to `configure`; the program (resource and policy constructors) from
// its own stack config. Nothing else reads config or the environment (see docs/ARCHITECTURE.md).
import { closest } from "fastest-levenshtein";
import { roleFromConfig, type RoleToAssume } from "./role";
import { ALLOW_INSECURE_ENDPOINT, insecureEndpointAllowed, refuseInsecureEndpoint } from "./endpoint";
import { resolveSettings, SETTINGS, settingsFromConfig, type ProviderSettings } from "./settings";

import type { ConfigGetter, Environment } from "./sources";

export type { ConfigGetter, Environment } from "./sources";

export interface ProviderConfig {
  /** Retry, wait and rate bounds: config > environment > default. */
  settings: ProviderSettings;
  /** The role to assume for every call (macie:roleArn, macie:externalId, macie:sessionName). */
  role?: RoleToAssume;
  /**
   * The Macie2 endpoint: AWS_ENDPOINT_URL_MACIE2, then AWS_ENDPOINT_URL (the SDK's own variables,
   * read here so two runtimes in one process can point at two endpoints). Undefined: the SDK's
   * resolution (shared config `endpoint_url`, then the region's public endpoint).
   */
  endpoint?: string;
  /** The STS endpoint for assuming the role and asking who the caller is, found the same way. */
  stsEndpoint?: string;
  /** The region of a resource that names none: AWS_REGION, then AWS_DEFAULT_REGION. */
  defaultRegion?: string;
}

/** Reads the whole provider configuration; throws on a bad value, naming the key or variable. */
export function readProviderConfig(get: ConfigGetter, env: Environment = {}): ProviderConfig {
  const ignoreEndpoints = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
  const insecureAllowed = insecureEndpointAllowed(get, env);
  const endpointFor = (service: string) => {
    if (ignoreEndpoints) return undefined;
    const variable = env[`AWS_ENDPOINT_URL_${service}`] ? `AWS_ENDPOINT_URL_${service}` : "AWS_ENDPOINT_URL";
    const url = env[variable] || undefined;
    refuseInsecureEndpoint(variable, url, insecureAllowed);
    return url;
  };
  return {
    settings: resolveSettings(settingsFromConfig(get), env),
    role: roleFromConfig(get),
    endpoint: endpointFor("MACIE2"),
    stsEndpoint: endpointFor("STS"),
    defaultRegion: regionFromEnv(env),
  };
}

/** The region a resource uses when its input leaves it out: AWS_REGION, then AWS_DEFAULT_REGION. */
export function regionFromEnv(env: Environment): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/** No stack config at all (an engine that sends no Configure): environment and defaults only. */
export const NO_CONFIG: ConfigGetter = () => undefined;

/** Every `macie:*` key the package reads: the settings, plain http's consent and the role to assume. */
export const CONFIG_KEYS: readonly string[] = [
  ...Object.values(SETTINGS).map((spec) => spec.config),
  ALLOW_INSECURE_ENDPOINT.config,
  ...["roleArn", "externalId", "sessionName"].map((key) => `macie:${key}`),
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
