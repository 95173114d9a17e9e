// Discovery for MacieMemberStatusPolicy: every member account the administrator has in a region,
// with its relationship status, page by page (ListMembers answers at most 50 per page). Each page
// is retried under the same policy as every other call; a read is always safe to repeat.
//
// A listing is trusted only when it is whole: the policy deletes the children of members that are
// not listed, so a page that is malformed, a token handed back twice, or more pages than Macie's
// quota allows fails the listing before anything is declared or dropped.
import {
  ListMembersCommand,
  RelationshipStatus,
  type ListMembersCommandOutput,
} from "@aws-sdk/client-macie2";
import { MalformedAnswerError } from "./errors";
import type { MacieClient, MemberView } from "./member";
import { RetryBudget } from "./retry";
import type { Runtime } from "./runtime";
import { ACCOUNT_ID } from "./validate";

/** A member as a ListMembers page lists it: the same fields GetMember answers with. */
export type ListedMember = MemberView;

const PAGE_SIZE = 50;
/** Macie's quota: 10,000 member accounts per administrator; a listing past it is not Macie's. */
export const MAX_MEMBERS = 10_000;
const MAX_PAGES = MAX_MEMBERS / PAGE_SIZE;

/** Every relationship status in Macie's model; anything else on a page means the page is not Macie's. */
const RELATIONSHIP_STATUSES: readonly string[] = Object.values(RelationshipStatus);

/**
 * All members in `region`, associated or not: the policy manages the associated ones (Enabled,
 * Paused) and reports every other one as skipped, with its status as the reason.
 */
export async function listMembers(
  runtime: Pick<Runtime, "clientFor" | "settings" | "clock">,
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
 * is yielded only once its `nextToken` is known to be new; a repeated token or more pages than
 * Macie's quota allows throws, as does a page that stays malformed after its retries.
 */
export async function* memberPages(
  runtime: Pick<Runtime, "clientFor" | "settings" | "clock">,
  region: string,
): AsyncGenerator<ListedPage, void, undefined> {
  const client = runtime.clientFor(region);
  const tokens = new Set<string>();
  let nextToken: string | undefined;
  let calls = 0;
  for (let pages = 1; ; pages += 1) {
    const budget = new RetryBudget({ region }, runtime.settings, runtime.clock);
    const page = await budget.run("ListMembers", () => {
      calls += 1;
      return listPage(client, nextToken);
    });
    nextToken = page.nextToken;
    if (nextToken !== undefined) {
      if (tokens.has(nextToken))
        throw listingError(region, pages, `ListMembers handed back a nextToken it had given before`);
      if (pages >= MAX_PAGES)
        throw listingError(
          region,
          pages,
          `ListMembers had more pages than Macie's ${MAX_MEMBERS}-member quota allows`,
        );
      tokens.add(nextToken);
    }
    yield { members: page.members, calls };
    if (nextToken === undefined) return;
  }
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

/** Drops undefined fields, so a listed member compares and serializes as Macie sent it. */
function compact(member: ListedMember): ListedMember {
  return Object.fromEntries(Object.entries(member).filter(([, v]) => v !== undefined)) as ListedMember;
}
