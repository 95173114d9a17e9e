// Reading one `aws:*` config value: pulumi-aws's JSON text or a parsed value, checked, and worded
// for messages without ever showing a secret (aws-config.ts reads the keys with these).

/** Reads `aws:*` stack config by bare key (`assumeRoles`): a string (JSON for objects), or a parsed value. */
export type AwsConfigGetter = (key: string) => unknown;

/** A config value as text for a message: JSON, cut when long. */
export function shown(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

/** What a value is, for a message about a value that may hold a secret (a role's external id). */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The value of an object or list key: pulumi-aws's JSON text, or already parsed. `secret`: the
 * value may hold one (a role's external id), so a message tells its kind, not its text.
 */
export function structured(key: string, raw: unknown, what: string, secret = false): unknown {
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function text(key: string, raw: unknown, secret = false): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "string") return raw;
  throw new Error(`Pulumi config ${key} must be a string${secret ? "" : `; got ${shown(raw)}`}`);
}

export function flag(key: string, raw: unknown): boolean | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (raw === true || raw === "true") return true;
  if (raw === false || raw === "false") return false;
  throw new Error(`Pulumi config aws:${key} must be true or false; got ${shown(raw)}`);
}

/** aws:sharedCredentialsFiles / aws:sharedConfigFiles: a list of one path (the SDK reads one file of each). */
export function oneFile(key: string, raw: unknown): string | undefined {
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
