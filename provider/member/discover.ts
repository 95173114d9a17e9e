// Discovery for MacieMemberStatusPolicy: every member account the administrator has in a region,
// with its relationship status, page by page at the most Macie's API model allows a page (shape
// MaxResults: 25). Each page is retried under the same policy as every other call; a read is
// always safe to repeat.
//
// A listing is trusted only when it is whole: a page that is malformed, a token handed back twice,
// an account named twice, or a listing that does not end (see MAX_LISTED) fails it before
// anything is declared or dropped.
import { compact } from "./compact";
import { ListMembersCommand, type ListMembersCommandOutput } from "@aws-sdk/client-macie2";
import { LIST_MEMBERS_PAGE_MAX, RELATIONSHIP_STATUSES } from "../../model/api-model";
import { MalformedAnswerError } from "../aws/errors";
import type { MacieClient } from "../aws/client";
import type { MemberView } from "./member";
import { RetryBudget } from "../aws/retry";
import type { AwsAccess } from "../aws/access";
import { ACCOUNT_ID } from "./validate";

/** A member as a ListMembers page lists it: the same fields GetMember answers with. */
export type ListedMember = MemberView;

/** Members asked for a page: the model's maximum (ListMembersRequest.maxResults, 1–25). */
export const PAGE_SIZE = LIST_MEMBERS_PAGE_MAX;

/**
 * The most accounts a listing may name before it is taken for an endless one. Macie's documented
 * quotas are 10,000 members through AWS Organizations plus 1,000 by invitation per administrator
 * (https://docs.aws.amazon.com/macie/latest/user/macie-quotas.html), and a listing with
 * onlyAssociated=false also names accounts that are no longer associated, for which AWS documents
 * no bound. So the bound is generous — about nine times the 11,000 current members — and only
 * guards against a listing that never ends: a valid listing of a large organization is never
 * refused by it. Repeated tokens are caught at once, whatever the count.
 */
export const MAX_LISTED = 100_000;
/**
 * The most pages without a member a listing may have. Nothing documents that Macie sends empty
 * pages; a listing that goes on handing out new tokens with nothing on them is not ending, and
 * no account bound would ever stop it.
 */
export const MAX_EMPTY_PAGES = 1_000;

/**
 * All members in `region`, associated or not: the policy manages the associated ones (Enabled,
 * Paused) and reports every other one as skipped, with its status as the reason.
 */
export async function listMembers(
  runtime: Pick<AwsAccess, "clientFor" | "settings" | "clock">,
  region: string,
): Promise<{ members: ListedMember[]; calls: number }> {
  const members: ListedMember[] = [];
  let calls = 0;
  for await (const page of memberPages(runtime, region)) {
    members.push(...page.members);
    calls = page.calls;
  }
  return { members, calls };
}

/** One validated page of a listing, and the ListMembers calls the listing has made so far. */
export interface ListedPage {
  members: ListedMember[];
  calls: number;
}

/**
 * The pages of the listing of `region`, in order, each validated and retried under its own budget;
 * the one paging function of the policy's listing and of refresh's scans (member-scan.ts). A page
 * is yielded only once its `nextToken` is known to be new and its accounts unnamed before; a repeated
 * token or account, more than MAX_LISTED
 * accounts or MAX_EMPTY_PAGES empty pages throws, as does a page that stays malformed after its retries.
 */
export async function* memberPages(
  runtime: Pick<AwsAccess, "clientFor" | "settings" | "clock">,
  region: string,
): AsyncGenerator<ListedPage, void, undefined> {
  const client = runtime.clientFor(region);
  const tokens = new Set<string>();
  // An account named twice would be counted twice (a policy's counts, its change limit) or held at
  // whichever entry came last: which one Macie meant is not ours to guess.
  const seen = new Set<string>();
  let nextToken: string | undefined;
  let calls = 0;
  let listed = 0;
  let empty = 0;
  for (let pages = 1; ; pages += 1) {
    const budget = new RetryBudget({ region }, runtime.settings, runtime.clock);
    const page = await budget.run("ListMembers", () => {
      calls += 1;
      return listPage(client, nextToken);
    });
    nextToken = page.nextToken;
    const twice = firstRepeated(page.members, seen);
    if (twice) throw listingError(region, pages, `ListMembers named account ${twice} twice`);
    listed += page.members.length;
    if (page.members.length === 0) empty += 1;
    if (nextToken !== undefined) {
      if (tokens.has(nextToken))
        throw listingError(region, pages, `ListMembers handed back a nextToken it had given before`);
      if (listed >= MAX_LISTED)
        throw listingError(
          region,
          pages,
          `ListMembers named ${listed} accounts and had more, past the ${MAX_LISTED} this package allows ` +
            `(about nine times Macie's documented quota of 11,000 members)`,
        );
      if (empty > MAX_EMPTY_PAGES)
        throw listingError(region, pages, `ListMembers sent ${empty} pages without a member and had more`);
      tokens.add(nextToken);
    }
    yield { members: page.members, calls };
    if (nextToken === undefined) return;
  }
}

/** The first of `members` already in `seen`; adds the others to it. */
function firstRepeated(members: ListedMember[], seen: Set<string>): string | undefined {
  for (const { accountId } of members) {
    if (seen.has(accountId)) return accountId;
    seen.add(accountId);
  }
  return undefined;
}

/** One page, validated; a malformed page is a MalformedAnswerError (retried, like a 5xx). */
async function listPage(
  client: MacieClient,
  nextToken: string | undefined,
): Promise<{ members: ListedMember[]; nextToken?: string }> {
  const page = await client.send(
    new ListMembersCommand({ onlyAssociated: "false", maxResults: PAGE_SIZE, nextToken }),
  );
  return { members: membersOf(page), nextToken: page.nextToken || undefined };
}

function membersOf(page: ListMembersCommandOutput): ListedMember[] {
  if (!Array.isArray(page.members))
    throw new MalformedAnswerError("ListMembers", "the page has no members list", page);
  if (page.members.length > PAGE_SIZE)
    throw new MalformedAnswerError(
      "ListMembers",
      `the page has ${page.members.length} members (at most ${PAGE_SIZE})`,
      page,
    );
  return page.members.map((m, i) => {
    const { accountId, relationshipStatus } = m;
    if (typeof accountId !== "string" || !ACCOUNT_ID.test(accountId))
      throw new MalformedAnswerError("ListMembers", `members[${i}] has no 12-digit accountId`, page);
    if (typeof relationshipStatus !== "string" || !RELATIONSHIP_STATUSES.includes(relationshipStatus))
      throw new MalformedAnswerError(
        "ListMembers",
        `members[${i}] (${accountId}) has relationshipStatus ${JSON.stringify(relationshipStatus)}`,
        page,
      );
    return compact({
      accountId,
      relationshipStatus,
      arn: m.arn,
      administratorAccountId: m.administratorAccountId ?? m.masterAccountId,
      email: m.email,
      updatedAt: m.updatedAt instanceof Date ? m.updatedAt.toISOString() : undefined,
    });
  });
}

function listingError(region: string, pages: number, what: string): Error {
  return new Error(
    `Listing the Macie members in ${region} failed after ${pages} pages: ${what}. The listing cannot be trusted, ` +
      `so nothing was declared, dropped or written; run again, and report it if it persists.`,
  );
}

/** One whole listing of `region`, by account id (calls as listMembers). */
export async function listedByAccount(
  runtime: Pick<AwsAccess, "clientFor" | "settings" | "clock">,
  region: string,
): Promise<Map<string, ListedMember>> {
  const { members } = await listMembers(runtime, region);
  return new Map(members.map((m) => [m.accountId, m]));
}
