// The preflight's report in words: each problem with what to do, the IAM statement that allows
// every denied action, and the report as the `macie-preflight` bin prints it.
import { LIST_MEMBERS_PAGE_MAX, RELATIONSHIP_STATUSES } from "../../model/api-model";
import { EXIT_CODES } from "./preflight-flags";
import type {
  PreflightOperation,
  PreflightOptions,
  PreflightReport,
  Problem,
  ProblemKind,
  RegionReport,
  Listing,
} from "./preflight";

/** An IAM policy statement, as README shows one. */
export interface Statement {
  Effect: "Allow";
  Action: string[];
  Resource: "*";
}

/** The IAM statement that allows every denied action (undefined: none was denied). */
export function statementFor(problems: readonly Problem[]): Statement | undefined {
  const actions = [...new Set(problems.filter((p) => p.kind === "denied").map((p) => p.action))].sort();
  return actions.length === 0 ? undefined : { Effect: "Allow", Action: actions, Resource: "*" };
}

/** Why `pulumi up` needs each action: the hint printed beside a denial. */
export const WHY_NEEDED: Readonly<Record<PreflightOperation, string>> = {
  GetCallerIdentity:
    "refresh and delete ask who the caller is before they take Macie's word that a member is gone. AWS " +
    "documents that it needs no permission and is answered even under an explicit IAM deny, so look first " +
    "at what stands between you and STS (a VPC endpoint policy, a proxy) and at which credentials are in use",
  ListMembers:
    "MacieMemberStatusPolicy lists each region's members with it, and a refresh of many members reads with it",
  GetMember: "every create, update, refresh and delete reads the member with it before it decides anything",
};

const KIND_HINT: Readonly<Record<Exclude<ProblemKind, "denied">, string>> = {
  "not-enabled":
    "Macie is not enabled for the caller's account in this region: enable it, or use the credentials of the " +
    "region's delegated Macie administrator",
  credentials:
    "the credentials were not found, refused or have expired: set AWS_PROFILE, AWS_ACCESS_KEY_ID/" +
    "AWS_SECRET_ACCESS_KEY, SSO or web identity for the delegated Macie administrator account",
  "not-member":
    "`pulumi up` cannot manage this account with these credentials: check the account id, the region, and " +
    "that the credentials are the administrator's",
  failed: "not an answer about permissions; run the preflight again, and report it if it persists",
};

/** The words for one problem: what failed, AWS's answer, and what to do. */
export function describeProblem(problem: Problem): string {
  const about = problem.accountId ? ` of ${problem.accountId}` : "";
  const head = `${problem.action}${about} in ${problem.region}: ${problem.answer}`;
  if (problem.kind !== "denied") return `${head}\n    → ${KIND_HINT[problem.kind]}`;
  const explicit = /explicit deny/i.test(problem.answer)
    ? " The answer names an explicit deny: no Allow overrides it; it must be lifted where it is set."
    : "";
  return `${head}\n    → denied: ${WHY_NEEDED[problem.operation]}.${explicit}`;
}

/** The report as the bin prints it. */
export function formatReport(report: PreflightReport, options: Pick<PreflightOptions, "all">): string {
  const lines = [
    "macie-preflight: read-only checks before `pulumi up` (nothing is written to Macie)",
    `caller account: ${report.caller ?? "unknown (STS GetCallerIdentity did not answer; see below)"}`,
  ];
  for (const region of report.regions) lines.push("", ...regionLines(region, report.caller, options.all));
  const statement = statementFor(report.problems);
  if (report.problems.length > 0) {
    lines.push("", "problems:", ...report.problems.map((p) => `  ${describeProblem(p)}`));
  }
  if (statement) {
    lines.push(
      "",
      "add this statement to a policy of the credentials in use (in the delegated Macie administrator account):",
      statementText(statement),
    );
  }
  lines.push(
    "",
    "not checked (the preflight never writes): macie2:UpdateMemberSession, which `pulumi up` needs to change a status.",
    "",
    verdictLine(report),
  );
  return lines.join("\n");
}

/** JSON, one key a line and the actions on one line: short enough to read and paste as is. */
export function statementText(statement: Statement): string {
  const entries = Object.entries(statement).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value).replace(/","/g, '", "')}`,
  );
  return `{\n${entries.join(",\n")}\n}`;
}

function regionLines(region: RegionReport, caller: string | undefined, all: boolean): string[] {
  const lines = [region.region];
  if (region.listing) lines.push(`  ListMembers: ${listingLine(region.listing, all)}`);
  else lines.push("  ListMembers: failed (see problems)");
  const { probe } = region;
  if (!probe)
    lines.push("  GetMember: not read (no member listed or the read failed; --member ACCOUNT names one)");
  else if (!probe.member) lines.push(`  GetMember ${probe.accountId}: not a member of the caller here`);
  else
    lines.push(
      `  GetMember ${probe.accountId}: ${probe.member.relationshipStatus}, administrator ${probe.member.administratorAccountId ?? "not named"}`,
    );
  lines.push(`  Macie administrator: ${administratorLine(region, caller)}`);
  return lines;
}

function listingLine(listing: Listing, all: boolean): string {
  const counts = RELATIONSHIP_STATUSES.filter((s) => listing.byStatus[s]).map(
    (s) => `${s} ${listing.byStatus[s]}`,
  );
  const scope = all
    ? `every page (${listing.pages} page${listing.pages === 1 ? "" : "s"})`
    : `the first page (at most ${LIST_MEMBERS_PAGE_MAX}; --all counts every page)`;
  return `${listing.members} member${listing.members === 1 ? "" : "s"} on ${scope}${counts.length > 0 ? `: ${counts.join(", ")}` : ""}`;
}

function administratorLine(region: RegionReport, caller: string | undefined): string {
  if (region.administrator === "yes") return `yes (Macie names ${region.administratorSeen}, the caller)`;
  if (region.administrator === "no")
    return `no: Macie names ${region.administratorSeen}, the caller is ${caller}; use that account's credentials`;
  if (caller === undefined) return "not confirmed (the caller's account is not known)";
  return "not confirmed (no member listed or read names an administrator; --member ACCOUNT names one to read)";
}

function verdictLine(report: PreflightReport): string {
  const code = EXIT_CODES[report.verdict];
  if (report.verdict === "ready")
    return `ready (exit ${code}): the caller is the Macie administrator in ${report.regions.map((r) => r.region).join(", ")} and nothing was denied`;
  if (report.verdict === "blocked")
    return `blocked (exit ${code}): fix what is above before \`pulumi up\` with these credentials, then run the preflight again`;
  return `inconclusive (exit ${code}): nothing blocking was found, but not everything could be checked; see above`;
}
