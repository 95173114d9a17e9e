// Members handed from one resource of this package to another in the same run. The engine creates
// and updates what the program declares and deletes what it no longer declares afterwards; without
// this, a member that moves — a renamed MacieMemberStatus, a member moved into or out of a
// MacieMemberStatusPolicy, a policy's per-member children (0.1) becoming its per-region resources —
// would first be set to its declared status and then to the old resource's statusOnDelete.
//
// Every `check` of a resource of this package claims the (region, account) pairs it holds; the
// release of a member (delete, or a member dropped from a region's map) then leaves it as it is
// when a check of this run claimed it. A run is the provider host's life: the engine starts one
// host per `pulumi up` / `destroy` / `refresh`, and `destroy` runs no check, so it releases all.
export class Handover {
  private readonly claimed = new Set<string>();

  /** `accountId` in `region` is declared by a resource this run. */
  claim(region: string, accountId: string): void {
    this.claimed.add(key(region, accountId));
  }

  /** Whether a resource declared this run holds `accountId` in `region`. */
  isClaimed(region: string, accountId: string): boolean {
    return this.claimed.has(key(region, accountId));
  }
}

function key(region: string, accountId: string): string {
  return `${region}/${accountId}`;
}
