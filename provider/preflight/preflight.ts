// The read-only preflight (the `macie-preflight` bin): before `pulumi up` meets a real
// organization, ask what the provider will depend on, with the credentials it will use — who the
// caller is (STS GetCallerIdentity), the members it lists (ListMembers, one page a region or all of
// them) and one member it reads (GetMember) — and say what would block it: an IAM action denied
// (with the statement to add), another account as Macie administrator, Macie not enabled.
//
// It only reads: UpdateMemberSession is never sent, so a preflight cannot suspend anything. The
// calls go through the provider's own runtime, retry policy, listing and member read, so what it
// sees is what `pulumi up` would see. It gathers every problem in one run rather than stopping at
// the first, so one run lists every statement to add.
import { memberPages } from "../member/discover";
import { classifyError, describeAwsError, IAM_ACTION, MacieOperationError } from "../aws/errors";
import { findMember, type MemberView } from "../member/member";
import { EXIT_CODES } from "./preflight-flags";
import { RetryBudget } from "../aws/retry";
import type { AwsAccess } from "../aws/access";

/** What the preflight needs of a runtime: clients, who the caller is, the retry settings and clock. */
export type PreflightRuntime = Pick<AwsAccess, "clientFor" | "callerAccount" | "settings" | "clock">;

export interface PreflightOptions {
  /** The regions to check (at least one). */
  regions: readonly string[];
  /** Every ListMembers page rather than the first. */
  all: boolean;
  /** The member to read; undefined: the first listed in each region. */
  member?: string;
}

/** The read-only calls the preflight makes. */
export type PreflightOperation = "GetCallerIdentity" | "ListMembers" | "GetMember";

/**
 * What went wrong with one call: denied (IAM), not-enabled (Macie is off for the caller there),
 * credentials (none, refused or expired), not-member (GetMember: not a member of the caller),
 * failed (anything else, after the provider's retries).
 */
export type ProblemKind = "denied" | "not-enabled" | "credentials" | "not-member" | "failed";

export interface Problem {
  operation: PreflightOperation;
  region: string;
  kind: ProblemKind;
  /** The IAM action the call needs, e.g. macie2:ListMembers. */
  action: string;
  /** What AWS answered (error name, message, request id), or what was wrong with the answer. */
  answer: string;
  /** The member a GetMember was about. */
  accountId?: string;
}

export interface Listing {
  /** Members counted, over the pages listed. */
  members: number;
  /** ListMembers pages read. */
  pages: number;
  /** True when every page was read (--all); otherwise the first page only. */
  whole: boolean;
  /** Members per relationship status (Macie's values), only the statuses seen. */
  byStatus: Record<string, number>;
  /** The first member listed, which GetMember reads unless --member names one. */
  first?: string;
  /** The administrator accounts the listed members name. */
  administrators: string[];
}

export interface RegionReport {
  region: string;
  /** Undefined when ListMembers failed (see the report's problems). */
  listing?: Listing;
  /** The member read with GetMember and what it showed (member undefined: not a member). */
  probe?: { accountId: string; member?: MemberView };
  /** Whether the caller is the Macie administrator here, as far as Macie's answers show. */
  administrator: "yes" | "no" | "unknown";
  /** The administrator account Macie named, when an answer named one. */
  administratorSeen?: string;
}

export type Verdict = keyof Omit<typeof EXIT_CODES, "usage">;

export interface PreflightReport {
  /** The caller's account (GetCallerIdentity); undefined when STS did not say. */
  caller?: string;
  regions: RegionReport[];
  problems: Problem[];
  verdict: Verdict;
}

/** Runs every check; never throws for an AWS answer (each becomes a problem), and never writes. */
export async function preflight(
  runtime: PreflightRuntime,
  options: PreflightOptions,
): Promise<PreflightReport> {
  const problems: Problem[] = [];
  const caller = await askCaller(runtime, options.regions[0], problems);
  // Without usable credentials every Macie call fails the same way: one problem says it.
  if (problems.some((p) => p.kind === "credentials")) {
    const regions = options.regions.map((region): RegionReport => ({ region, administrator: "unknown" }));
    return { caller, regions, problems, verdict: verdictOf(regions, problems) };
  }
  const regions: RegionReport[] = [];
  for (const region of options.regions)
    regions.push(await checkRegion(runtime, region, caller, options, problems));
  return { caller, regions, problems, verdict: verdictOf(regions, problems) };
}

async function askCaller(
  runtime: PreflightRuntime,
  region: string,
  problems: Problem[],
): Promise<string | undefined> {
  try {
    // callerAccount retries under its own budget and fails with the MacieOperationError it made.
    return await runtime.callerAccount(region);
  } catch (error) {
    problems.push(problemOf("GetCallerIdentity", region, error));
    return undefined;
  }
}

async function checkRegion(
  runtime: PreflightRuntime,
  region: string,
  caller: string | undefined,
  options: PreflightOptions,
  problems: Problem[],
): Promise<RegionReport> {
  let listing: Listing | undefined;
  try {
    listing = await listRegion(runtime, region, options.all);
  } catch (error) {
    problems.push(problemOf("ListMembers", region, error));
  }
  const accountId = options.member ?? listing?.first;
  const probe = accountId === undefined ? undefined : await readOne(runtime, region, accountId, problems);
  return { region, listing, probe, ...administratorOf(caller, listing, probe) };
}

/** The first page of the region's listing, or every page: the provider's own validated paging. */
async function listRegion(runtime: PreflightRuntime, region: string, all: boolean): Promise<Listing> {
  const listing: Listing = { members: 0, pages: 0, whole: false, byStatus: {}, administrators: [] };
  for await (const page of memberPages(runtime, region)) {
    listing.pages += 1;
    for (const member of page.members) {
      listing.members += 1;
      listing.first ??= member.accountId;
      listing.byStatus[member.relationshipStatus] = (listing.byStatus[member.relationshipStatus] ?? 0) + 1;
      const admin = member.administratorAccountId;
      if (admin && !listing.administrators.includes(admin)) listing.administrators.push(admin);
    }
    if (!all) return listing;
  }
  listing.whole = true;
  return listing;
}

async function readOne(
  runtime: PreflightRuntime,
  region: string,
  accountId: string,
  problems: Problem[],
): Promise<RegionReport["probe"]> {
  const client = runtime.clientFor(region);
  try {
    const member = await budget(runtime, region, accountId).run("GetMember", () =>
      findMember(client, accountId),
    );
    if (!member)
      problems.push({
        operation: "GetMember",
        region,
        kind: "not-member",
        action: IAM_ACTION.GetMember,
        accountId,
        answer: `Macie answered that ${accountId} is not a member of the caller in ${region}`,
      });
    return { accountId, member };
  } catch (error) {
    problems.push({ ...problemOf("GetMember", region, error), accountId });
    return undefined;
  }
}

function budget(runtime: PreflightRuntime, region: string, accountId?: string): RetryBudget {
  return new RetryBudget({ region, accountId }, runtime.settings, runtime.clock);
}

/** Administrator: GetMember's administratorAccountId first, else what the listed members name. */
function administratorOf(
  caller: string | undefined,
  listing: Listing | undefined,
  probe: RegionReport["probe"],
): Pick<RegionReport, "administrator" | "administratorSeen"> {
  const seen = probe?.member?.administratorAccountId ?? listing?.administrators[0];
  if (caller === undefined || seen === undefined)
    return { administrator: "unknown", administratorSeen: seen };
  return { administrator: seen === caller ? "yes" : "no", administratorSeen: seen };
}

/** Error names that mean the credentials themselves are missing, refused or expired. */
const CREDENTIAL_ERRORS = [
  "CredentialsProviderError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
];

function problemOf(operation: PreflightOperation, region: string, error: unknown): Problem {
  // The provider's retry policy wraps the last AWS error; its name says what happened.
  const cause = error instanceof MacieOperationError ? error.cause : error;
  const name = cause instanceof Error ? cause.name : "";
  const kind = kindOf(name, cause instanceof Error ? cause.message : "");
  return { operation, region, kind, action: IAM_ACTION[operation], answer: answerOf(error, cause) };
}

/** AWS's answer; after retries, also how many attempts were made and why they stopped. */
function answerOf(error: unknown, cause: unknown): string {
  if (!(error instanceof MacieOperationError)) return describeAwsError(cause);
  if (error.attempts <= 1 && classifyError(cause) === "fatal") return describeAwsError(cause);
  return `${describeAwsError(cause)}, after ${error.attempts} attempts. ${error.why}`;
}

function kindOf(name: string, message: string): ProblemKind {
  // STS names it AccessDenied, Macie AccessDeniedException; Macie also says "not enabled" with it.
  if (name === "AccessDeniedException" || name === "AccessDenied")
    return /macie is not enabled/i.test(message) ? "not-enabled" : "denied";
  return CREDENTIAL_ERRORS.includes(name) ? "credentials" : "failed";
}

function verdictOf(regions: readonly RegionReport[], problems: readonly Problem[]): Verdict {
  if (problems.some((p) => p.kind !== "failed") || regions.some((r) => r.administrator === "no"))
    return "blocked";
  if (problems.length > 0 || regions.some((r) => r.administrator === "unknown")) return "inconclusive";
  return "ready";
}
