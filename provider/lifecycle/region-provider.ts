// The lifecycle of a MacieMemberStatusPolicy's per-region resource (MacieMemberStatusRegion): one
// resource holds the member → status map of one region, so 10,000 members are a handful of
// resources and the engine's checkpoint, rewritten after every step, stays small (BENCHMARKS.md).
//   check  – validate; claim every member for the run (handover.ts); no AWS calls
//   diff   – region → replace; a member added, dropped or declared otherwise, a pending member
//            (listed at another status than declared), or statusOnDelete → update; no AWS calls
//   create – set the pending members: GetMember, then a write only when it differs (converge.ts);
//            every other member is recorded as the program's listing showed it
//   read   – one ListMembers scan of the region (GetMember each for a map of ≤ 20 members); a member
//            the scan does not list as present is read with GetMember before it is dropped
//   update – as create; release the members the program dropped on purpose (`dropped`: statusOnDelete);
//            a member merely missing from the listing is read with GetMember and never written
//   delete – release every member; the listing picks the ones that need a write
// A run that fails for some members records the others as done and those as last seen (a partial
// failure: Pulumi keeps the state and reports the error), so the next `pulumi up` finishes the job.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { listedByAccount, type ListedMember } from "../member/discover";
import { readMember, type MemberView } from "../member/member";
import { GET_MEMBER_READS } from "./member-scan";
import { eachAtOnce } from "./pool";
import { callerAccountFor, confirmGone } from "./caller";
import { memberContext } from "./member-context";
import { partialFailure } from "./partial-failure";
import type { ListedTarget } from "./listed-writes";
import { RegionMembers } from "./region-members";
import { compact } from "../member/compact";
import { firstOf } from "../member/first-of";
import { checkRegionInputs, isMap, requireRegionInputs, type RegionInputs } from "../member/region-inputs";
import { desiredStatusOf, isGoneStatus } from "../member/relationship";
import type { Runtime } from "./runtime";
import { DEFAULT_STATUS_ON_DELETE, type DesiredStatus, type RecordedMembers } from "../member/types";
import { isUnknown, type CheckResult } from "../member/validate";
import {
  actedOn,
  recordedOf,
  recordedStatusOf,
  sameMembers,
  sortedByAccount,
  startingPoint,
  stateOf,
  type RegionOutputs,
  type RegionReadResult,
} from "./region-state";

/** Failures named in a partial failure's message before "and N more". */
const FAILURES_SHOWN = 5;

type Props = Record<string, unknown>;

export class RegionMembersProvider implements dynamic.ResourceProvider {
  constructor(private readonly runtime: Runtime) {}

  check(_olds: Props, news: Props): Promise<CheckResult> {
    const result = checkRegionInputs(news);
    const { region, members } = result.inputs;
    const failed = result.failures.some((f) => f.property === "region" || f.property === "members");
    if (!failed && typeof region === "string" && isMap(members))
      for (const accountId of Object.keys(members)) this.runtime.handover.claim(region, accountId);
    return Promise.resolve(result);
  }

  diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    if (isUnknown(news.region) || news.region !== olds.region)
      return Promise.resolve({ changes: true, replaces: ["region"] });
    const changes =
      isUnknown(news.members) ||
      isUnknown(news.pending) ||
      (news.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE) !==
        (olds.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE) ||
      !sameMembers(recordedOf(olds.members), news.members) ||
      (isMap(news.pending) && Object.keys(news.pending).length > 0 && !actedOn(olds, news));
    return Promise.resolve({ changes, replaces: [] });
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    const inputs = requireRegionInputs(props);
    const administratorAccountId = await this.callerIn(inputs.region);
    const outs = await this.apply(inputs, {}, administratorAccountId, props.__provider);
    return { id: inputs.region, outs };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const inputs = requireRegionInputs(news);
    const recordedAdmin =
      typeof olds.administratorAccountId === "string" ? olds.administratorAccountId : undefined;
    const administratorAccountId = recordedAdmin ?? (await this.callerIn(inputs.region));
    const before = recordedOf(olds.members);
    return { outs: await this.apply(inputs, before, administratorAccountId, news.__provider, id) };
  }

  /** The caller's account: the administrator a new region state records. */
  private callerIn(region: string): Promise<string> {
    return callerAccountFor(this.runtime, `the Macie member accounts in ${region}`, region);
  }

  async read(id: string, props: Props): Promise<RegionReadResult> {
    const state = stateOf(props);
    const { region } = state;
    const ids = Object.keys(state.members);
    const listed =
      ids.length > GET_MEMBER_READS
        ? await listedByAccount(this.runtime, region)
        : new Map<string, ListedMember>();
    const observed: RecordedMembers = {};
    await eachAtOnce(ids, this.runtime.settings.membersAtOnce, async (accountId) => {
      const fromList = listed.get(accountId);
      const member: MemberView | undefined =
        fromList && !isGoneStatus(fromList.relationshipStatus)
          ? fromList
          : await readMember(memberContext(this.runtime, accountId, region));
      if (member === undefined || isGoneStatus(member.relationshipStatus)) {
        await confirmGone(
          this.runtime,
          { accountId, region },
          state.administratorAccountId,
          "refresh would drop it from the state",
        );
        return;
      }
      observed[accountId] = recordedStatusOf(member.relationshipStatus);
    });
    const members = sortedByAccount(observed);
    const { statusOnDelete, administratorAccountId, listedAt, __stack } = state;
    return {
      id,
      props: compact({ region, members, statusOnDelete, administratorAccountId, listedAt, __stack }),
    };
  }

  async delete(_id: string, props: Props): Promise<void> {
    const state = stateOf(props);
    const { region, statusOnDelete } = state;
    if (statusOnDelete === "UNCHANGED") return;
    const ids = Object.keys(state.members).filter((id) => !this.runtime.handover.isClaimed(region, id));
    // A member the listing shows at statusOnDelete needs no write, so it needs no read either.
    const listed = ids.length > GET_MEMBER_READS ? await listedByAccount(this.runtime, region) : undefined;
    const toRelease = ids.filter(
      (id) => desiredStatusOf(listed?.get(id)?.relationshipStatus) !== statusOnDelete,
    );
    // From the listing: one write each, one re-listing to verify. Not listed as Enabled or Paused
    // (or no listing, for a small map): released on its own, GetMember deciding.
    const targets = listedTargets(toRelease, listed, () => statusOnDelete);
    const fromListing = new Set(targets.map((t) => t.accountId));
    const alone = toRelease.filter((id) => !fromListing.has(id));
    const progress = this.runtime.progress(region, "released", toRelease.length);
    const members = new RegionMembers(this.runtime, progress);
    const [written, single] = await Promise.all([
      members.releaseListed(state, targets, ids.length),
      members.each(alone, (id) => members.release(state, id)),
    ]).finally(() => progress.finish());
    const failures = [...written, ...single];
    if (failures.length > 0)
      throw new Error(
        `Deleting the Macie members held in ${region}: ${failures.length} of ${toRelease.length} could not be set to ` +
          `${statusOnDelete}, so the resource stays in the state; run the command again to finish. ${shown(failures)}`,
      );
  }

  /**
   * Sets the pending members and releases the dropped ones; returns the state to record. Throws a
   * partial failure (with that state and `provider`, the serialized provider the inputs carry) when
   * some could not be done: Pulumi records it and fails.
   */
  private async apply(
    inputs: RegionInputs,
    before: RecordedMembers,
    administratorAccountId: string,
    provider: unknown,
    id: string = inputs.region,
  ): Promise<RegionOutputs> {
    const { region, statusOnDelete } = inputs;
    const recorded = startingPoint(inputs, before);
    const toSet = Object.keys(inputs.members).filter(
      (a) => inputs.pending === undefined || a in inputs.pending,
    );
    const left = Object.keys(before).filter((a) => !(a in inputs.members));
    const dropped = new Set(inputs.dropped ?? []);
    const state = {
      region,
      statusOnDelete,
      administratorAccountId,
      listedAt: inputs.listedAt,
      members: recorded,
      __stack: typeof inputs.__stack === "string" ? inputs.__stack : undefined,
    };
    // Pending members are set from the program's listing (one write each, one re-listing to verify);
    // without a listing (`pending` not given), each is read and set on its own.
    const pending = inputs.pending;
    const listed =
      pending &&
      new Map(Object.entries(pending).map(([a, s]) => [a, { accountId: a, relationshipStatus: s }]));
    const targets = listedTargets(toSet, listed, (a) => inputs.members[a]);
    const fromListing = new Set(targets.map((t) => t.accountId));
    const alone = [...toSet.filter((a) => !fromListing.has(a)), ...left];
    const progress = this.runtime.progress(region, "set", toSet.length + left.length);
    const members = new RegionMembers(this.runtime, progress);
    const [written, single] = await Promise.all([
      members.setListed(state, targets, Object.keys(inputs.members).length),
      members.each(alone, async (accountId) => {
        const desired = inputs.members[accountId] as DesiredStatus | undefined;
        if (desired !== undefined) await members.set(state, accountId, desired);
        else if (dropped.has(accountId)) await members.release(state, accountId);
        else await members.confirmUnlisted(state, accountId);
      }),
    ]).finally(() => progress.finish());
    const failures = [...written, ...single];
    const outs: RegionOutputs = compact({ ...state, members: sortedByAccount(recorded) });
    if (failures.length === 0) return outs;
    const message =
      `Setting the Macie members held in ${region}: ${failures.length} of ${toSet.length + left.length} members ` +
      `could not be set or released. The state records the others as done and these as Macie last showed them; ` +
      `run \`pulumi up\` again to finish. ${shown(failures)}`;
    throw partialFailure(message, id, outs, provider);
  }
}

/**
 * The members of `ids` the listing shows as Enabled or Paused and not yet at their status to be,
 * as targets to write from that listing; none without a listing.
 */
function listedTargets(
  ids: readonly string[],
  listed: ReadonlyMap<string, MemberView> | undefined,
  desiredOf: (accountId: string) => DesiredStatus,
): ListedTarget[] {
  if (listed === undefined) return [];
  return ids.flatMap((accountId) => {
    const member = listed.get(accountId);
    const current = desiredStatusOf(member?.relationshipStatus);
    const desired = desiredOf(accountId);
    return member !== undefined && current !== undefined && current !== desired
      ? [{ accountId, desired, listed: member }]
      : [];
  });
}

function shown(failures: string[]): string {
  return firstOf(failures, FAILURES_SHOWN, " | ");
}
