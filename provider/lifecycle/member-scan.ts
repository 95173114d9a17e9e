// Refresh reads served from one shared ListMembers scan per region (25 members a call, the most
// Macie's API model allows) instead of one GetMember each. Owned by the Runtime, so one per
// provider host process, i.e. one per `pulumi refresh` / `preview --refresh`; used only by the
// provider's `read`.
//
// - Small stacks stay on GetMember: the first `getMemberReads` reads of a region in a window are
//   not served here. The next read starts ONE scan of the region; it and every later read wait for
//   the page that holds their member, or for the scan's end.
// - Snapshot semantics: a served read gets the member as the page that listed it showed when it
//   was fetched. A finished scan serves reads until `readSnapshotSeconds` after it began; then the
//   region starts a new window (GetMember first again). 0 turns scans off.
// - The scan never says "gone": a member the scan did not list (absent from a complete scan, or
//   not reached by a scan that failed, was malformed, cut short or repeated a token) and a member
//   listed with a status that means gone (Removed, Resigned) get `undefined`, and the provider
//   reads them with GetMember, where the "gone only from the recorded administrator" rule applies.
import { memberPages, type ListedMember } from "../member/discover";
import type { MemberView } from "../member/member";
import { isGoneStatus } from "../member/relationship";
import type { AwsAccess } from "../aws/access";

/**
 * Reads of a region served by GetMember before a scan starts. Measured with the emulator
 * (bench/refresh.ts): a scan of M members costs ⌈M/25⌉ calls while N
 * reads cost N, so a scan pays off once the reads outnumber the pages; but the first reads cannot
 * know how many will follow, and a 3-resource stack in a 10,000-member organization must not list
 * 400 pages. 20 GetMembers bound the cost of a small stack to its size (≤ 20 calls), and a
 * refresh of 10,000 members to 20 + 400 = 420 calls.
 */
export const GET_MEMBER_READS = 20;

export interface MemberScanOptions {
  /** @defaultValue {@link GET_MEMBER_READS} */
  getMemberReads?: number;
}

type Waiter = (member: ListedMember | undefined) => void;

/** One region's scan: what it has listed so far, and the reads waiting for their page. */
class RegionScan {
  readonly listed = new Map<string, ListedMember>();
  private readonly waiting = new Map<string, Waiter[]>();
  /** Ended: every page it will ever have is in `listed` (whole or not). */
  ended = false;
  /** Ended whole: the last page came with no nextToken, every page valid. */
  whole = false;

  constructor(readonly startedAt: number) {}

  /** The member as listed, once its page has come; undefined when the scan ends without it. */
  member(accountId: string): Promise<ListedMember | undefined> {
    const listed = this.listed.get(accountId);
    if (listed || this.ended) return Promise.resolve(listed);
    return new Promise((resolve) => {
      const waiters = this.waiting.get(accountId) ?? [];
      waiters.push(resolve);
      this.waiting.set(accountId, waiters);
    });
  }

  add(members: readonly ListedMember[]): void {
    for (const member of members) {
      this.listed.set(member.accountId, member);
      for (const resolve of this.waiting.get(member.accountId) ?? []) resolve(member);
      this.waiting.delete(member.accountId);
    }
  }

  end(whole: boolean): void {
    this.ended = true;
    this.whole = whole;
    for (const waiters of this.waiting.values()) for (const resolve of waiters) resolve(undefined);
    this.waiting.clear();
  }
}

interface RegionState {
  /** Reads of this region in the current window. */
  reads: number;
  scan?: RegionScan;
}

/** What the scans of a runtime have done, for tests and benchmarks. */
export interface ScanStats {
  /** Scans started. */
  scans: number;
  /** Scans that ended before their last page (failed, malformed, repeated token). */
  failed: number;
  /** Reads served from a scan. */
  served: number;
}

export class MemberScans {
  private readonly regions = new Map<string, RegionState>();
  private readonly getMemberReads: number;
  readonly stats: ScanStats = { scans: 0, failed: 0, served: 0 };

  constructor(
    private readonly runtime: Pick<AwsAccess, "clientFor" | "settings" | "clock">,
    options: MemberScanOptions = {},
  ) {
    this.getMemberReads = options.getMemberReads ?? GET_MEMBER_READS;
  }

  /**
   * The member as the region's scan lists it, when a scan serves this read; undefined when the
   * caller must read it with GetMember (scans off, one of the window's first reads, not listed,
   * listed as gone).
   */
  async lookup(region: string, accountId: string): Promise<MemberView | undefined> {
    const snapshotMs = this.runtime.settings.readSnapshotSeconds * 1000;
    if (snapshotMs === 0) return undefined;
    let state = this.regions.get(region);
    if (!state) {
      state = { reads: 0 };
      this.regions.set(region, state);
    }
    const { scan } = state;
    if (scan?.ended && this.runtime.clock.now() - scan.startedAt > snapshotMs) {
      // The snapshot is too old: a new window, GetMember first again.
      state.scan = undefined;
      state.reads = 0;
    }
    state.reads += 1;
    if (!state.scan) {
      if (state.reads <= this.getMemberReads) return undefined;
      state.scan = this.start(region);
    }
    const member = await state.scan.member(accountId);
    if (member === undefined || isGoneStatus(member.relationshipStatus)) return undefined;
    this.stats.served += 1;
    return member;
  }

  private start(region: string): RegionScan {
    const scan = new RegionScan(this.runtime.clock.now());
    this.stats.scans += 1;
    void (async () => {
      try {
        for await (const page of memberPages(this.runtime, region)) {
          scan.add(page.members);
        }
        scan.end(true);
      } catch {
        // Nothing is concluded from a scan that failed: the reads it did not serve go to GetMember.
        this.stats.failed += 1;
        scan.end(false);
      }
    })();
    return scan;
  }
}
