// What the three member operations answer, as Macie does: GetMember's flat member, the
// UpdateMemberSession rules (only Enabled <-> Paused, 409 while busy, "not associated" for
// non-members) and ListMembers' pages of at most 50.
import { memberBusy, notAssociated, notFound, validationError } from "./errors";
import { parseJson } from "./http-io";
import { ACCOUNT_ID, memberKey, type MemberRecord, type MemberStore } from "./members";
import { tally, type Counters } from "./counters";
import type { Operation } from "./routes";

const CHANGEABLE: Record<string, string> = { ENABLED: "Enabled", PAUSED: "Paused" };
const PAGE_MAX = 50;

/** One Macie call, routed and signed. */
export interface Call {
  operation: Operation;
  id?: string;
  region: string;
  url: URL;
  body: string;
}

export class MemberOperations {
  constructor(
    private readonly store: MemberStore,
    private readonly counters: () => Counters,
  ) {}

  /** The 200 body of the call, or an ApiError thrown. */
  answer(call: Call): Record<string, unknown> {
    switch (call.operation) {
      case "GetMember":
        return this.getMember(validId(call.id), call.region);
      case "UpdateMemberSession":
        return this.updateMemberSession(validId(call.id), call.region, call.body);
      case "ListMembers":
        return this.listMembers(call.region, call.url);
    }
  }

  private getMember(id: string, region: string): Record<string, unknown> {
    const member = this.store.get(region, id);
    if (!member) throw notFound();
    return view(member, region);
  }

  private updateMemberSession(id: string, region: string, body: string): Record<string, unknown> {
    const status = requestedStatus(body);
    const member = this.store.get(region, id);
    if (!member || member.relationshipStatus === "Removed" || member.relationshipStatus === "Resigned") {
      throw notAssociated();
    }
    if (!Object.values(CHANGEABLE).includes(member.relationshipStatus)) {
      throw validationError(
        `The request failed because the member account's relationship status is ${member.relationshipStatus}.`,
      );
    }
    if (this.store.isBusy(region, id)) throw memberBusy();
    if (this.store.write(region, member, status)) {
      const counters = this.counters();
      const key = memberKey(region, id);
      counters.writesApplied += 1;
      tally(counters.writesByMember, key);
    }
    return {};
  }

  private listMembers(region: string, url: URL): Record<string, unknown> {
    const maxRaw = url.searchParams.get("maxResults");
    const maxResults = maxRaw === null ? PAGE_MAX : Number(maxRaw);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > PAGE_MAX) {
      throw validationError(`maxResults must be 1-${PAGE_MAX}`);
    }
    const onlyAssociated = url.searchParams.get("onlyAssociated") !== "false";
    const all = this.store
      .list(region)
      .filter((m) => !onlyAssociated || ["Enabled", "Paused"].includes(m.relationshipStatus));
    const start = Number(url.searchParams.get("nextToken") ?? "0");
    if (!Number.isInteger(start) || start < 0) throw validationError("nextToken is not valid");
    const page = all.slice(start, start + maxResults);
    const next = start + maxResults < all.length ? String(start + maxResults) : undefined;
    return { members: page.map((m) => view(m, region)), ...(next ? { nextToken: next } : {}) };
  }
}

/** The body's status as Macie spells it, or a 400 for anything but {"status": "ENABLED"|"PAUSED"}. */
function requestedStatus(body: string): string {
  const parsed = parseJson(body);
  const status = parsed.status;
  if (typeof status !== "string" || !(status in CHANGEABLE)) {
    throw validationError(`status must be ENABLED or PAUSED; got ${JSON.stringify(status)}`);
  }
  const extra = Object.keys(parsed).filter((k) => k !== "status");
  if (extra.length > 0) throw validationError(`unexpected fields: ${extra.join(", ")}`);
  return CHANGEABLE[status];
}

function validId(id: string | undefined): string {
  if (!id || !ACCOUNT_ID.test(id))
    throw validationError(`id must be a 12-digit account id; got ${JSON.stringify(id)}`);
  return id;
}

/** A member as GetMember and ListMembers show it. */
export function view(member: MemberRecord, region: string): Record<string, unknown> {
  return {
    accountId: member.accountId,
    administratorAccountId: member.administratorAccountId,
    masterAccountId: member.administratorAccountId,
    arn: `arn:aws:macie2:${region}:${member.administratorAccountId}:member/${member.accountId}`,
    email: member.email,
    invitedAt: member.invitedAt,
    relationshipStatus: member.relationshipStatus,
    tags: member.tags,
    updatedAt: member.updatedAt,
  };
}
