// Secrets across the plugin boundary. The provider server tells the engine it accepts secrets
// (server-patches.ts: Configure), so a secret input arrives wrapped — `{[sig]: secretSig, value}` —
// where the lifecycle expects the plain value. Each call unwraps them, tells the lifecycle when the
// account id is one (it then masks it in every message: member/secret-flag.ts), and wraps again
// every output that was a secret input, plus those that contain the account id.
import { SECRET_ACCOUNT_FLAG } from "../member/secret-flag";

type Props = Record<string, unknown>;

/** Pulumi's wire signatures (sdk/nodejs/runtime/rpc.ts: specialSigKey, specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Outputs that hold the account id, and so are as secret as it is. */
const HOLD_ACCOUNT_ID = ["accountId", "arn"];

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SIG_KEY] === SECRET_SIG;
}

function plain(value: unknown): { value: unknown; secret: boolean } {
  if (isSecret(value)) return { value: plain(value.value).value, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(plain);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, plain(v)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
      secret: entries.some(([, v]) => v.secret),
    };
  }
  return { value, secret: false };
}

/** Properties as the engine sent them, plain, and which top-level ones were (or held) secrets. */
export interface Unwrapped {
  props: Props;
  secrets: ReadonlySet<string>;
}

/** Plain properties; the account-id flag set when `accountId` is a secret. */
export function unwrapSecrets(props: Props | undefined): Unwrapped {
  const secrets = new Set<string>();
  const out: Props = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    const p = plain(value);
    out[key] = p.value;
    if (p.secret) secrets.add(key);
  }
  if (secrets.has("accountId")) out[SECRET_ACCOUNT_FLAG] = true;
  return { props: out, secrets };
}

/** Every key of `secrets` (and, when the account id is one, every output holding it) as a secret. */
export function wrapSecrets<T extends Props | undefined>(props: T, ...secretSets: ReadonlySet<string>[]): T {
  if (props === undefined) return props;
  const keys = new Set(secretSets.flatMap((s) => [...s]));
  if (keys.has("accountId") || props[SECRET_ACCOUNT_FLAG] !== undefined)
    for (const k of HOLD_ACCOUNT_ID) keys.add(k);
  const out: Props = { ...props };
  for (const key of keys)
    if (out[key] !== undefined && !isSecret(out[key])) out[key] = { [SIG_KEY]: SECRET_SIG, value: out[key] };
  return out as T;
}

/** Every string in `value` (map keys included) long enough to be worth masking. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return value.length >= 4 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [...stringsIn(k), ...stringsIn(v)]);
  return [];
}

/** `text` with every string of the secret properties of `props` shown as "…" and its last four characters. */
export function maskSecretValues(text: string, props: Props, secrets: ReadonlySet<string>): string {
  const values = [...secrets].flatMap((key) => stringsIn(props[key]));
  // Longest first: a value that contains another is masked whole.
  return values
    .sort((a, b) => b.length - a.length)
    .reduce((masked, value) => masked.split(value).join(`…${value.slice(-4)}`), text);
}
