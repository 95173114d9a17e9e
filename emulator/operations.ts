// What the three member operations answer, as Macie does: GetMember's flat member, the
// UpdateMemberSession rules (only Enabled <-> Paused, 409 while busy, "not associated" for
// non-members) and ListMembers' pages of at most 25 (the model's MaxResults). Reads see the
// members model's (possibly lagging) view; writes act on the truth. Inputs arrive already read
// and checked against Macie's API model (macie-api.ts); what is checked here is Macie's behaviour
// beyond the model (a 12-digit id, a nextToken it handed out).
import { LIST_MEMBERS_PAGE_MAX } from "../model/api-model";
import { tally, type Counters } from "./counters";
import { memberBusy, notAssociated, validationError } from "./errors";
import { ACCOUNT_ID, memberKey, type MemberRecord, type MemberStore } from "./members";
import { nonMemberError, type NonMemberAnswer } from "./non-member";
import type { Operation } from "./routes";

const CHANGEABLE: Record<string, string> = { ENABLED: "Enabled", PAUSED: "Paused" };
const ASSOCIATED = ["Enabled", "Paused"];

/** One Macie call: routed, signed, and its input read and checked by the model. */
export interface Call {
  operation: Operation;
  region: string;
  input: Record<string, unknown>;
}

/** A 200 answer; `stale` when a read showed a status the member no longer has. */
export interface Answer {
  body: Record<string, unknown>;
  stale: boolean;
}

export interface OperationParts {
  store: MemberStore;
  counters: () => Counters;
  /** What an unknown member is answered; undefined: GetMember 404, UpdateMemberSession "not associated". */
  nonMemberAnswer: () => NonMemberAnswer | undefined;
}

export class MemberOperations {
  constructor(private readonly parts: OperationParts) {}

  /** The 200 answer of the call, or an ApiError thrown. */
  answer(call: Call): Answer {
    switch (call.operation) {
      case "GetMember":
        return this.getMember(validId(call.input.id), call.region);
      case "UpdateMemberSession":
        return this.updateMemberSession(validId(call.input.id), call.region, call.input.status);
      case "ListMembers":
        return this.listMembers(call.region, call.input);
    }
  }

  private getMember(id: string, region: string): Answer {
    const { store, nonMemberAnswer } = this.parts;
    const member = store.visible(region, id);
    if (!member) throw nonMemberError(nonMemberAnswer() ?? "not-found");
    const stale = member.relationshipStatus !== store.get(region, id)?.relationshipStatus;
    return { body: view(member, region), stale };
  }

  private updateMemberSession(id: string, region: string, requested: unknown): Answer {
    const status = relationshipFor(requested);
    const { store, nonMemberAnswer } = this.parts;
    const member = store.get(region, id);
    if (!member) throw nonMemberError(nonMemberAnswer() ?? "not-associated");
    if (member.relationshipStatus === "Removed" || member.relationshipStatus === "Resigned")
      throw notAssociated();
    if (!ASSOCIATED.includes(member.relationshipStatus)) {
      throw validationError(
        `The request failed because the member account's relationship status is ${member.relationshipStatus}.`,
      );
    }
    if (store.isBusy(region, id)) throw memberBusy();
    if (store.write(region, member, status)) {
      const counters = this.parts.counters();
      counters.writesApplied += 1;
      tally(counters.writesByMember, memberKey(region, id));
    }
    return { body: {}, stale: false };
  }

  private listMembers(region: string, input: Record<string, unknown>): Answer {
    // Macie documents no default page size; the emulator serves the model's maximum.
    const maxResults = typeof input.maxResults === "number" ? input.maxResults : LIST_MEMBERS_PAGE_MAX;
    const onlyAssociated = input.onlyAssociated !== "false";
    const { store } = this.parts;
    const all = store
      .visibleList(region)
      .filter((m) => !onlyAssociated || ASSOCIATED.includes(m.relationshipStatus));
    const start = Number(input.nextToken ?? "0");
    if (!Number.isInteger(start) || start < 0) throw validationError("nextToken is not valid");
    const page = all.slice(start, start + maxResults);
    const next = start + maxResults < all.length ? String(start + maxResults) : undefined;
    const stale = page.some(
      (m) => m.relationshipStatus !== store.get(region, m.accountId)?.relationshipStatus,
    );
    return {
      body: { members: page.map((m) => view(m, region)), ...(next ? { nextToken: next } : {}) },
      stale,
    };
  }
}

/** The status as Macie spells it for a relationship ("ENABLED" → "Enabled"); the model already checked it. */
function relationshipFor(status: unknown): string {
  // Own keys only: `in` would take "toString" and the rest of Object.prototype (found by the fuzz test).
  if (typeof status !== "string" || !Object.hasOwn(CHANGEABLE, status))
    throw validationError(`status must be ENABLED or PAUSED; got ${JSON.stringify(status)}`);
  return CHANGEABLE[status];
}

function validId(id: unknown): string {
  if (typeof id !== "string" || !ACCOUNT_ID.test(id))
    throw validationError(`id must be a 12-digit account id; got ${JSON.stringify(id)}`);
  return id;
}

/**
 * A member as GetMember and ListMembers show it: only members of the model's Member shape. A
 * member added through AWS Organizations has no email and was never invited, so Macie leaves
 * `email` and `invitedAt` out (aws/aws-sdk#456); an invited member has both.
 */
export function view(member: MemberRecord, region: string): Record<string, unknown> {
  return {
    accountId: member.accountId,
    administratorAccountId: member.administratorAccountId,
    masterAccountId: member.administratorAccountId,
    arn: `arn:aws:macie2:${region}:${member.administratorAccountId}:member/${member.accountId}`,
    ...(member.email === undefined ? {} : { email: member.email, invitedAt: member.invitedAt }),
    relationshipStatus: member.relationshipStatus,
    tags: member.tags,
    updatedAt: member.updatedAt,
  };
}
