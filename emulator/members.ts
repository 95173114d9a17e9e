// The members model: Macie keeps members per region, each with a relationship status. A status
// change (through the API or out of band) keeps the member busy for a while: writes then answer
// 409, as Macie does while a member is being updated.

export interface MemberRecord {
  accountId: string;
  relationshipStatus: string;
  email: string;
  administratorAccountId: string;
  invitedAt: string;
  updatedAt: string;
  tags: Record<string, string>;
}

export interface SeedMember {
  accountId: string;
  relationshipStatus?: string;
  region?: string;
  email?: string;
}

export const ACCOUNT_ID = /^[0-9]{12}$/;

export function memberKey(region: string, accountId: string): string {
  return `${region}/${accountId}`;
}

/** What the store needs to know of the emulator's settings, read at each call (configure may change them). */
export interface MemberSettings {
  adminAccountId: string;
  defaultRegion: string;
  busyWindowMs: number;
}

export class MemberStore {
  private readonly regions = new Map<string, Map<string, MemberRecord>>();
  private readonly busyUntil = new Map<string, number>();

  constructor(private readonly settings: () => MemberSettings) {}

  clear(): void {
    this.regions.clear();
    this.busyUntil.clear();
  }

  seed(members: SeedMember[]): void {
    const { adminAccountId, defaultRegion } = this.settings();
    const now = new Date().toISOString();
    for (const m of members) {
      if (!ACCOUNT_ID.test(m.accountId))
        throw new Error(`seed: accountId ${JSON.stringify(m.accountId)} is not 12 digits`);
      this.membersOf(m.region ?? defaultRegion).set(m.accountId, {
        accountId: m.accountId,
        relationshipStatus: m.relationshipStatus ?? "Enabled",
        email: m.email ?? `${m.accountId}@example.com`,
        administratorAccountId: adminAccountId,
        invitedAt: now,
        updatedAt: now,
        tags: {},
      });
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

  remove(region: string, accountId: string): void {
    this.membersOf(region).delete(accountId);
  }

  /** Changes a status out of band; throws when there is no such member. */
  setStatus(region: string, accountId: string, relationshipStatus: string): void {
    const member = this.get(region, accountId);
    if (!member) throw new Error(`setStatus: no member ${accountId} in ${region}`);
    member.relationshipStatus = relationshipStatus;
    member.updatedAt = new Date().toISOString();
    // A change made elsewhere keeps Macie busy just like one made through the API.
    this.startBusyWindow(region, accountId, Date.now());
  }

  /** Applies a write's status; false when the member already had it (nothing changes then). */
  write(region: string, member: MemberRecord, relationshipStatus: string): boolean {
    if (member.relationshipStatus === relationshipStatus) return false;
    const now = Date.now();
    member.relationshipStatus = relationshipStatus;
    member.updatedAt = new Date(now).toISOString();
    this.startBusyWindow(region, member.accountId, now);
    return true;
  }

  isBusy(region: string, accountId: string): boolean {
    return (this.busyUntil.get(memberKey(region, accountId)) ?? 0) > Date.now();
  }

  private startBusyWindow(region: string, accountId: string, now: number): void {
    const { busyWindowMs } = this.settings();
    if (busyWindowMs > 0) this.busyUntil.set(memberKey(region, accountId), now + busyWindowMs);
  }

  private membersOf(region: string): Map<string, MemberRecord> {
    let members = this.regions.get(region);
    if (!members) {
      members = new Map();
      this.regions.set(region, members);
    }
    return members;
  }
}
