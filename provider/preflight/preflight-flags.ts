// macie-preflight's flags and its --help, apart from the bin's entry (preflight-cli.ts, which runs
// when loaded) so tests can parse flags in process. A bad flag is refused here, naming the flag,
// the value and what is allowed, before anything else happens: no AWS call is made on a typo.
import { parseArgs } from "node:util";
import { closest } from "fastest-levenshtein";
import { ACCOUNT_ID, checkRegion } from "../member/validate";

export interface PreflightFlags {
  /** The regions to check, in the order given, each once; empty: the default region. */
  regions: string[];
  /** List every ListMembers page, not only the first. */
  all: boolean;
  /** The member to read with GetMember; undefined: the first member listed in each region. */
  member?: string;
  help: boolean;
}

interface FlagSpec {
  name: string;
  /** The value it takes, as --help shows it; none for a switch. */
  arg?: string;
  help: string;
}

export const PREFLIGHT_FLAGS: readonly FlagSpec[] = [
  {
    name: "region",
    arg: "R",
    help: "a region to check; repeat for more (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)",
  },
  {
    name: "all",
    help: "count every member: list every ListMembers page (25 members a call) instead of the first",
  },
  {
    name: "member",
    arg: "ACCOUNT",
    help: "the member account (12 digits) to read with GetMember (default: the first one listed in each region)",
  },
  { name: "help", help: "prints this help" },
];

/** A flag the preflight refuses; the bin prints it and exits with EXIT_CODES.usage. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

const NAMES = PREFLIGHT_FLAGS.map((f) => f.name);
const LISTED = NAMES.map((n) => `--${n}`).join(", ");

/** The flags in `args`; throws a UsageError naming the first bad one. */
export function parsePreflightArgs(args: readonly string[]): PreflightFlags {
  // Not strict: node's own errors do not name the closest flag, nor say what a value must be.
  const { tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      PREFLIGHT_FLAGS.map((f) => [f.name, { type: f.arg ? ("string" as const) : ("boolean" as const) }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: PreflightFlags = { regions: [], all: false, help: false };
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional")
      throw new UsageError(
        `unexpected argument ${JSON.stringify(token.value)}: macie-preflight takes only the options ${LISTED}`,
      );
    const spec = PREFLIGHT_FLAGS.find((f) => f.name === token.name);
    if (!spec)
      throw new UsageError(
        `${token.rawName} is not an option (did you mean --${closest(token.name, NAMES)}?); the options are ${LISTED}`,
      );
    apply(flags, spec, token.value, token.inlineValue === true);
  }
  return flags;
}

function apply(flags: PreflightFlags, spec: FlagSpec, value: string | undefined, inline: boolean): void {
  const flag = `--${spec.name}`;
  if (!spec.arg) {
    if (value !== undefined) throw new UsageError(`${flag} takes no value; got ${JSON.stringify(value)}`);
    if (spec.name === "all") flags.all = true;
    else flags.help = true;
    return;
  }
  // Without "=", a value that is itself a flag means the value was left out (`--region --all`).
  if (value === undefined || (!inline && value.startsWith("--")))
    throw new UsageError(`${flag} needs a value: ${spec.arg} (${spec.help})`);
  if (spec.name === "region") flags.regions.push(checkRegionFlag(value, flags.regions));
  else flags.member = checkMemberFlag(value, flags.member);
}

function checkRegionFlag(value: string, seen: readonly string[]): string {
  if (value.includes(","))
    throw new UsageError(
      `--region ${JSON.stringify(value)}: one region per --region; repeat the flag for more (--region us-east-1 --region eu-west-1)`,
    );
  const problem = checkRegion(value);
  if (problem) throw new UsageError(`--region: ${problem}`);
  if (seen.includes(value)) throw new UsageError(`--region ${value} is given twice; name each region once`);
  return value;
}

function checkMemberFlag(value: string, before: string | undefined): string {
  if (before !== undefined)
    throw new UsageError(`--member is given twice (${before}, ${value}); the preflight reads one member`);
  if (!ACCOUNT_ID.test(value))
    throw new UsageError(
      `--member must be a 12-digit account id, e.g. 123456789012; got ${JSON.stringify(value)}`,
    );
  return value;
}

/** The exit codes, documented in --help and README. */
export const EXIT_CODES = {
  /** Every check passed: `pulumi up` can read and list with these credentials. */
  ready: 0,
  /** Something found blocks `pulumi up`: a denied action, another administrator, Macie off, no credentials. */
  blocked: 1,
  /** A bad flag, or no region: nothing was called. */
  usage: 2,
  /** Nothing blocking was found, but a check could not finish or confirm the administrator. */
  inconclusive: 3,
} as const;

export function preflightHelp(): string {
  const options = PREFLIGHT_FLAGS.map((f) => `  --${f.name}${f.arg ? ` ${f.arg}` : ""}`.padEnd(20) + f.help);
  return [
    "macie-preflight: read-only checks of the credentials in use before `pulumi up` of",
    "pulumi-macie-member-status: who the caller is (STS GetCallerIdentity), one ListMembers page per",
    "region (or all with --all) and GetMember of one member. It never writes (no UpdateMemberSession).",
    "",
    "usage: macie-preflight [--region R ...] [--all] [--member ACCOUNT]",
    "",
    "options:",
    ...options,
    "",
    "credentials and endpoints: the AWS SDK's standard sources (AWS_PROFILE, AWS_ACCESS_KEY_ID/…, SSO,",
    "web identity; AWS_ENDPOINT_URL_MACIE2, AWS_ENDPOINT_URL_STS).",
    "",
    "exit codes:",
    `  ${EXIT_CODES.ready}  ready: the caller is the Macie administrator in every region and nothing was denied`,
    `  ${EXIT_CODES.blocked}  blocked: an action was denied, the caller is not the administrator, Macie is not`,
    "     enabled, or the credentials were refused; the report says what to change",
    `  ${EXIT_CODES.usage}  a bad flag or no region; nothing was called`,
    `  ${EXIT_CODES.inconclusive}  inconclusive: nothing blocking was found, but a call failed otherwise (throttled,`,
    "     timed out, …) or no member was found to confirm the administrator",
  ].join("\n");
}
