// The members model: Macie keeps members per region, each with a relationship status. A status
// change (through the API or out of band) keeps the member busy for a while: writes then answer
// 409, as Macie does while a member is being updated. With a read lag, reads are eventually
// consistent: for that long after a change they still see the member as it was before it. All of
// it on the emulator's clock (real time unless a test hands in its own).

import { RELATIONSHIP_STATUSES } from "../model/api-model";
import type { EmulatorClock } from "./clock";

export interface MemberRecord {
  accountId: string;
  relationshipStatus: string;
  /** Invited members only; a member added through AWS Organizations has none (aws/aws-sdk#456). */
  email?: string;
  administratorAccountId: string;
  /** When an invited member was invited; none for an Organizations member. */
  invitedAt?: string;
  updatedAt: string;
  tags: Record<string, string>;
}

export interface SeedMember {
  accountId: string;
  relationshipStatus?: string;
  region?: string;
  /** An invited member's email; without one the member is one added through AWS Organizations. */
  email?: string;
}

export const ACCOUNT_ID = /^[0-9]{12}$/;

/** A relationship status the model lists; anything else would make an answer Macie never sends. */
function checkedStatus(relationshipStatus: string, accountId: string): string {
  if (!RELATIONSHIP_STATUSES.includes(relationshipStatus))
    throw new Error(
      `relationshipStatus of ${accountId} must be one of ${RELATIONSHIP_STATUSES.join(", ")} ` +
        `(Macie's API model); got ${JSON.stringify(relationshipStatus)}`,
    );
  return relationshipStatus;
}

export function memberKey(region: string, accountId: string): string {
  return `${region}/${accountId}`;
}

/** What the store needs to know of the emulator's settings, read at each call (configure may change them). */
export interface MemberSettings {
  adminAccountId: string;
  defaultRegion: string;
  busyWindowMs: number;
}

/** A status change, with what the member showed before it (what lagging reads still see). */
interface Change {
  at: number;
  relationshipStatus: string;
  updatedAt: string;
}

export class MemberStore {
  private readonly byRegion = new Map<string, Map<string, MemberRecord>>();
  private readonly busyUntil = new Map<string, number>();
  private readLagMs = 0;
  /** Changes younger than the read lag, oldest first, per member key; kept only while there is a lag. */
  private readonly recent = new Map<string, Change[]>();

  constructor(
    private readonly settings: () => MemberSettings,
    private readonly clock: EmulatorClock,
  ) {}

  clear(): void {
    this.byRegion.clear();
    this.busyUntil.clear();
    this.recent.clear();
    this.readLagMs = 0;
  }

  /** Reads (visible / visibleList) see each member as it was `ms` ago; 0: as it is. */
  setReadLag(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0)
      throw new Error(`lagMs must be a whole number ≥ 0; got ${JSON.stringify(ms)}`);
    this.readLagMs = ms;
    if (ms === 0) this.recent.clear();
  }

  get readLag(): number {
    return this.readLagMs;
  }

  seed(members: SeedMember[]): void {
    const { adminAccountId, defaultRegion } = this.settings();
    const now = new Date(this.clock.now()).toISOString();
    for (const m of members) {
      if (!ACCOUNT_ID.test(m.accountId))
        throw new Error(`seed: accountId ${JSON.stringify(m.accountId)} is not 12 digits`);
      this.membersOf(m.region ?? defaultRegion).set(m.accountId, {
        accountId: m.accountId,
        relationshipStatus: checkedStatus(m.relationshipStatus ?? "Enabled", m.accountId),
        ...(m.email === undefined ? {} : { email: m.email, invitedAt: now }),
        administratorAccountId: adminAccountId,
        updatedAt: now,
        tags: {},
      });
      // A seed is the member's starting point, not a change reads should lag behind.
      this.recent.delete(memberKey(m.region ?? defaultRegion, m.accountId));
    }
  }

  /** The live record (callers that change it go through setStatus / write). */
  get(region: string, accountId: string): MemberRecord | undefined {
    return this.membersOf(region).get(accountId);
  }

  /** Every member of a region, by account id. */
  list(region: string): MemberRecord[] {
    return [...this.membersOf(region).values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  /** The member as a read sees it now: as it was before its changes of the last read-lag ms. */
  visible(region: string, accountId: string): MemberRecord | undefined {
    const member = this.get(region, accountId);
    return member && this.asSeen(region, member);
  }

  /** Every member of a region as a read sees it now, by account id. */
  visibleList(region: string): MemberRecord[] {
    return this.list(region).map((m) => this.asSeen(region, m));
  }

  /** The regions that have members, sorted. */
  regions(): string[] {
    return [...this.byRegion.entries()]
      .filter(([, members]) => members.size > 0)
      .map(([region]) => region)
      .sort();
  }

  remove(region: string, accountId: string): void {
    this.membersOf(region).delete(accountId);
    this.recent.delete(memberKey(region, accountId));
  }

  /** Changes a status out of band; throws when there is no such member. */
  setStatus(region: string, accountId: string, relationshipStatus: string): void {
    const member = this.get(region, accountId);
    if (!member) throw new Error(`setStatus: no member ${accountId} in ${region}`);
    checkedStatus(relationshipStatus, accountId);
    // A change made elsewhere keeps Macie busy (and reads lagging) just like one made through the API.
    this.change(region, member, relationshipStatus, this.clock.now());
  }

  /** Applies a write's status; false when the member already had it (nothing changes then). */
  write(region: string, member: MemberRecord, relationshipStatus: string): boolean {
    if (member.relationshipStatus === relationshipStatus) return false;
    this.change(region, member, relationshipStatus, this.clock.now());
    return true;
  }

  isBusy(region: string, accountId: string): boolean {
    return (this.busyUntil.get(memberKey(region, accountId)) ?? 0) > this.clock.now();
  }

  private change(region: string, member: MemberRecord, relationshipStatus: string, now: number): void {
    const key = memberKey(region, member.accountId);
    if (this.readLagMs > 0) {
      const changes = this.recent.get(key) ?? [];
      changes.push({ at: now, relationshipStatus: member.relationshipStatus, updatedAt: member.updatedAt });
      this.recent.set(key, changes);
    }
    member.relationshipStatus = relationshipStatus;
    member.updatedAt = new Date(now).toISOString();
    const { busyWindowMs } = this.settings();
    if (busyWindowMs > 0) this.busyUntil.set(key, now + busyWindowMs);
  }

  /**
   * `member` as of read-lag ms ago: what it showed before the oldest change younger than that.
   * Changes older than the lag are visible by now, so they are forgotten here.
   */
  private asSeen(region: string, member: MemberRecord): MemberRecord {
    const key = memberKey(region, member.accountId);
    const changes = this.recent.get(key);
    if (!changes) return member;
    const since = this.clock.now() - this.readLagMs;
    const pending = changes.filter((c) => c.at > since);
    if (pending.length === 0) {
      this.recent.delete(key);
      return member;
    }
    this.recent.set(key, pending);
    return { ...member, relationshipStatus: pending[0].relationshipStatus, updatedAt: pending[0].updatedAt };
  }

  private membersOf(region: string): Map<string, MemberRecord> {
    let members = this.byRegion.get(region);
    if (!members) {
      members = new Map();
      this.byRegion.set(region, members);
    }
    return members;
  }
}
