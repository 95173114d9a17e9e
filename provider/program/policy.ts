// MacieMemberStatusPolicy: one declaration for every member of the organization, in every region
// it names. At program run it lists the administrator's members per region and declares one
// MacieMemberStatusRegion per region (region-provider.ts): the map of every associated member to
// its desired status, and the members the listing shows at another status (pending) — the only
// ones `pulumi up` reads and writes, and what a plain `pulumi preview` shows as drift. Members that
// join are managed on the next `pulumi up`; members that leave are dropped from the map (a member
// that is gone is dropped without a write). A run that would change more members of a region than
// maxChanges / macie:maxChangesPerRun allow fails before anything is declared (change-limit.ts).
// One resource per region, not one per member: a DIY backend rewrites the whole checkpoint after
// every step, so per-member resources cost N² (BENCHMARKS.md, section 6).
import { firstOf } from "../member/first-of";
import * as pulumi from "@pulumi/pulumi";
import { refuseOverLimit } from "../member/change-limit";
import { claimMember, refuseExplicitProvider, refuseUnknownArguments } from "./declarations";
import { listMembers, type ListedMember } from "../member/discover";
import { associatedOf, planRegion, type RegionPlan, type SkippedMember } from "../member/region-plan";
import {
  overridesForNonMembers,
  POLICY_ARGUMENTS,
  policyArgsProblems,
  PolicyArgsError,
  type PolicyArgs,
} from "../member/policy-args";
import { programRuntime } from "./program";
import { MacieMemberStatusRegion } from "./region-resource";
import type { DesiredStatus } from "../member/types";

/** The arguments of {@link MacieMemberStatusPolicy} (plain values: the listing needs them when the program runs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its own name in users' hover docs and the API reference
export interface MacieMemberStatusPolicyArgs extends PolicyArgs {}

export type { SkippedMember };

/** Members held at each status, per region. */
export type PolicyCounts = Record<string, Record<DesiredStatus, number>>;

/** What the policy found and declared; the value of {@link MacieMemberStatusPolicy.ready}. */
export interface PolicyData {
  /** Members held ENABLED and PAUSED, per region. */
  counts: PolicyCounts;
  /** Members listed but not managed, with the reason. */
  skipped: SkippedMember[];
  /** ListMembers calls the discovery made (pages, retries included). */
  listCalls: number;
  /** Members listed at another status than declared, all regions: the ones `up` will read and write. */
  pending: number;
}

export const POLICY_TYPE = "macie:index:MemberStatusPolicy";

/** Pending members named in the run's diagnostics, per region, before "and N more". */
const PENDING_SHOWN = 20;

/** Lists every region's members with the settings and role the provider itself uses. */
async function discover(
  regions: string[],
): Promise<{ byRegion: Map<string, ListedMember[]>; calls: number; listedAt: string }> {
  const runtime = programRuntime();
  const listedAt = new Date(runtime.clock.now()).toISOString();
  // Every region's listing ends before the program goes on or fails: none is left running behind
  // an error of another.
  const settled = await Promise.allSettled(
    regions.map(async (region) => [region, await listMembers(runtime, region)] as const),
  );
  const listed = settled.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
  return {
    byRegion: new Map(listed.map(([region, { members }]) => [region, members])),
    calls: listed.reduce((sum, [, { calls }]) => sum + calls, 0),
    listedAt,
  };
}

/**
 * Every member account of the organization, in every region named, held at a status: lists the
 * administrator's members when the program runs and declares one resource per region
 * (`<name>-<region>`) holding the member → status map, so joins are picked up on the next
 * `pulumi up`, departures dropped, and drift shown by a plain `pulumi preview`. What it declares
 * may change while the package is 0.x (`counts`, `skipped` and the arguments are stable).
 * Type `macie:index:MemberStatusPolicy`.
 */
export class MacieMemberStatusPolicy extends pulumi.ComponentResource<PolicyData> {
  /** Members held ENABLED and PAUSED, per region. */
  declare public readonly counts: pulumi.Output<PolicyCounts>;
  /** Members listed but not managed, with the reason. */
  declare public readonly skipped: pulumi.Output<SkippedMember[]>;
  /** Resolves once discovery is done and every region resource is declared. */
  public readonly ready: Promise<PolicyData>;

  /** Validates `args` (every problem at once, before any AWS call), then lists and declares. */
  constructor(name: string, args: MacieMemberStatusPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked here, before the component registers or anything is listed.
    refuseUnknownArguments("MacieMemberStatusPolicy", name, args, POLICY_ARGUMENTS);
    refuseExplicitProvider("MacieMemberStatusPolicy", name, opts);
    const problems = policyArgsProblems(args);
    if (problems.length > 0) throw new PolicyArgsError(problems, name);
    super(POLICY_TYPE, name, args, opts);
    this.ready = this.getData();
    this.counts = pulumi.output(this.ready.then((d) => d.counts));
    this.skipped = pulumi.output(this.ready.then((d) => d.skipped));
  }

  protected override async initialize(
    args: pulumi.Inputs,
    _opts?: pulumi.ComponentResourceOptions,
    name = "policy",
  ): Promise<PolicyData> {
    const policy = args as PolicyArgs; // what the constructor validated and passed on
    // The region resources are declared after listing: keep the program (and the engine's wait for it)
    // alive until they are, as an outstanding resource registration would.
    const done = pulumi.runtime.rpcKeepAlive();
    try {
      return await this.declareMembers(policy, name);
    } finally {
      done();
    }
  }

  private async declareMembers(policy: PolicyArgs, name: string): Promise<PolicyData> {
    const { byRegion, calls, listedAt } = await discover(policy.regions);
    const associated = new Map([...byRegion].map(([region, members]) => [region, associatedOf(members)]));
    const nonMembers = overridesForNonMembers(policy, associated);
    if (nonMembers.length > 0) throw new PolicyArgsError(nonMembers, name);

    const plans = [...byRegion].map(([region, listed]) => planRegion(policy, region, listed));
    // The blast-radius guard: over the limit, the program fails here, before anything is declared
    // (so at `pulumi preview` already, with nothing written).
    refuseOverLimit(
      name,
      plans.flatMap((p) => p.planned),
      { maxChanges: policy.maxChanges, maxChangesPerRun: programRuntime().settings.maxChangesPerRun },
    );
    this.reportPending(plans);
    const declaration = `MacieMemberStatusPolicy ${JSON.stringify(name)}`;
    for (const { region, members, pending, dropped } of plans) {
      for (const accountId of Object.keys(members)) claimMember(declaration, accountId, region);
      // Released with a write only when excluded on purpose; a member the listing merely lacks is
      // read, never written (region-provider.ts).
      new MacieMemberStatusRegion(
        `${name}-${region}`,
        { region, members, pending, statusOnDelete: policy.statusOnDelete, listedAt, dropped },
        { parent: this },
      );
    }
    const counts: PolicyCounts = Object.fromEntries(plans.map((p) => [p.region, p.counts]));
    const skipped = plans.flatMap((p) => p.skipped);
    const data = { counts, skipped, listCalls: calls, pending: pendingCount(plans) };
    this.registerOutputs({ counts, skipped });
    return data;
  }

  /**
   * Names, in the run's diagnostics, the members the listing found at another status than declared
   * (drift, or a change of the program): `pulumi preview` shows the region resource as changing with
   * [diff: ~listedAt,pending], and this says which members and why, without `--diff`.
   */
  private reportPending(regions: readonly RegionPlan[]): void {
    for (const { region, members, pending } of regions) {
      const ids = Object.keys(pending);
      if (ids.length === 0) continue;
      const shown = firstOf(
        ids.map((id) => `${id} (${pending[id]}, declared ${members[id]})`),
        PENDING_SHOWN,
      );
      void pulumi.log.info(
        `${ids.length} member${ids.length === 1 ? "" : "s"} in ${region} listed at another status than declared: ${shown}.`,
        this,
      );
    }
  }
}

function pendingCount(regions: { pending: Record<string, string> }[]): number {
  return regions.reduce((sum, r) => sum + Object.keys(r.pending).length, 0);
}
