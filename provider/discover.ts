// Discovery for MacieMemberStatusPolicy: every member account the administrator has in a region,
// with its relationship status, page by page (ListMembers answers at most 50 per page). Each page
// is retried under the same policy as every other call; a read is always safe to repeat.
import { ListMembersCommand } from "@aws-sdk/client-macie2";
import type { Clock } from "./clock";
import type { MacieClient } from "./member";
import { RetryBudget } from "./retry";
import type { ProviderSettings } from "./settings";

export interface ListedMember {
  accountId: string;
  /** Macie's raw value: Enabled, Paused, Invited, Removed, … */
  relationshipStatus: string;
}

const PAGE_SIZE = 50;

/**
 * All members in `region`, associated or not: the policy manages the associated ones (Enabled,
 * Paused) and reports every other one as skipped, with its status as the reason.
 */
export async function listMembers(
  client: MacieClient,
  region: string,
  settings: Pick<ProviderSettings, "maxAttempts" | "maxRetrySeconds">,
  clock: Clock,
): Promise<{ members: ListedMember[]; calls: number }> {
  const members: ListedMember[] = [];
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const budget = new RetryBudget({ region }, settings, clock);
    for (;;) {
      try {
        calls += 1;
        const page = await client.send(
          new ListMembersCommand({ onlyAssociated: "false", maxResults: PAGE_SIZE, nextToken }),
        );
        for (const m of page.members ?? []) {
          if (m.accountId)
            members.push({ accountId: m.accountId, relationshipStatus: m.relationshipStatus ?? "" });
        }
        nextToken = page.nextToken || undefined;
        break;
      } catch (error) {
        await budget.afterFailure("ListMembers", error);
      }
    }
  } while (nextToken);
  return { members, calls };
}
