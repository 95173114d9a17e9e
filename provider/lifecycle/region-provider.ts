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
import { converge } from "../member/converge";
import { listMembers, type ListedMember } from "../member/discover";
import { readMember, type MemberView } from "../member/member";
import { GET_MEMBER_READS } from "./member-scan";
import { unconvergedError } from "../member/outcome";
import { eachAtOnce } from "./pool";
import { callerAccountFor, confirmGone, memberContext, MemberStatusProvider } from "./provider";
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
  /** Releases a member exactly as deleting its own MacieMemberStatus would. */
  private readonly single: MemberStatusProvider;

  constructor(private readonly runtime: Runtime) {
    this.single = new MemberStatusProvider(runtime);
  }

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
        ? await listRegion(this.runtime, region)
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
    const listed = ids.length > GET_MEMBER_READS ? await listRegion(this.runtime, region) : undefined;
    const toRelease = ids.filter(
      (id) => desiredStatusOf(listed?.get(id)?.relationshipStatus) !== statusOnDelete,
    );
    const failures = await this.each(toRelease, (id) => this.release(state, id));
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
    const failures = await this.each([...toSet, ...left], async (accountId) => {
      const desired = inputs.members[accountId] as DesiredStatus | undefined;
      if (desired !== undefined) await this.set(state, accountId, desired);
      else if (dropped.has(accountId)) await this.release(state, accountId);
      else await this.confirmUnlisted(state, accountId);
    });
    const outs: RegionOutputs = compact({ ...state, members: sortedByAccount(recorded) });
    if (failures.length === 0) return outs;
    const message =
      `Setting the Macie members held in ${region}: ${failures.length} of ${toSet.length + left.length} members ` +
      `could not be set or released. The state records the others as done and these as Macie last showed them; ` +
      `run \`pulumi up\` again to finish. ${shown(failures)}`;
    throw partialFailure(message, id, provider === undefined ? outs : { ...outs, __provider: provider });
  }

  /** Converges one member to `desired`; `state.members` records what came of it. */
  private async set(state: RegionOutputs, accountId: string, desired: DesiredStatus): Promise<void> {
    const { region } = state;
    const result = await converge(memberContext(this.runtime, accountId, region), desired);
    if (result.kind === "converged") {
      state.members[accountId] = desired;
      return;
    }
    if (result.kind === "gone") {
      // It left the organization since the program listed it: nothing to hold.
      if (result.writes === 0) await this.dropGone(state, accountId);
      else delete state.members[accountId];
      return;
    }
    state.members[accountId] = recordedStatusOf(result.member.relationshipStatus);
    const { waitTimeoutSeconds } = this.runtime.settings;
    throw unconvergedError(result, { accountId, region, desired, waitTimeoutSeconds });
  }

  /** Drops a member Macie calls gone, once the caller is confirmed as the recorded administrator. */
  private async dropGone(state: RegionOutputs, accountId: string): Promise<void> {
    const { region, administratorAccountId } = state;
    await confirmGone(this.runtime, { accountId, region }, administratorAccountId, "it would be dropped");
    delete state.members[accountId];
  }

  /**
   * A member of the map that the program's listing no longer names, though the program did not drop
   * it: a cut-short or lacking page looks just like this, so it is read, never written. Gone (under
   * the administrator check) or in a status the policy skips → dropped from the map; still Enabled or
   * Paused → kept as Macie shows it, and the update fails, since the listing it came from was not whole.
   */
  private async confirmUnlisted(state: RegionOutputs, accountId: string): Promise<void> {
    const { region } = state;
    if (this.runtime.handover.isClaimed(region, accountId)) {
      delete state.members[accountId]; // another declaration of this run holds it
      return;
    }
    const member = await readMember(memberContext(this.runtime, accountId, region));
    if (member === undefined || isGoneStatus(member.relationshipStatus))
      return this.dropGone(state, accountId);
    const status = desiredStatusOf(member.relationshipStatus);
    if (status === undefined) {
      delete state.members[accountId]; // Invited, suspended…: the policy skips it, as it would if listed
      return;
    }
    state.members[accountId] = status;
    throw new Error(
      `Macie member account ${accountId} in ${region} was missing from the program's listing, yet GetMember shows it ` +
        `${member.relationshipStatus}: the listing was not whole (a page cut short or lacking members). It is kept as ` +
        `${status} and nothing was written to it (statusOnDelete was not applied); run \`pulumi up\` again.`,
    );
  }

  /** Leaves one member as statusOnDelete says, exactly as deleting its own MacieMemberStatus would. */
  private async release(
    state: Omit<RegionOutputs, "members"> & { members: RecordedMembers },
    accountId: string,
  ) {
    const { region, statusOnDelete, administratorAccountId, __stack } = state;
    // A member the policy no longer manages because Macie lists it as Invited (removed, then invited
    // again) or the like is let go without a write, as the policy skips such members.
    await this.single.delete(
      accountId,
      { accountId, region, statusOnDelete, administratorAccountId, __stack },
      { letGoOfBlocked: true },
    );
    delete state.members[accountId];
  }

  /** Runs `task` for each account, `membersAtOnce` at a time; the failures, each as "account: message". */
  private async each(ids: string[], task: (accountId: string) => Promise<void>): Promise<string[]> {
    const failures: string[] = [];
    await eachAtOnce(ids, this.runtime.settings.membersAtOnce, async (accountId) => {
      try {
        await task(accountId);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    });
    return failures;
  }
}

async function listRegion(runtime: Runtime, region: string): Promise<Map<string, ListedMember>> {
  const { members } = await listMembers(runtime, region);
  return new Map(members.map((m) => [m.accountId, m]));
}

/**
 * An error the dynamic-provider host reports as ErrorResourceInitFailed: the engine records
 * `properties` as the resource's state and shows `reasons` (the message alone would be lost).
 * The host adds `__provider` to every result but this one: `properties` must carry it, or the
 * next refresh or delete of the resource cannot load the provider ("code must be a string").
 */
export function partialFailure(message: string, id: string, properties: object): Error {
  return Object.assign(new Error(message), { id, properties, reasons: [message] });
}

function shown(failures: string[]): string {
  const more = failures.length > FAILURES_SHOWN ? ` … and ${failures.length - FAILURES_SHOWN} more.` : "";
  return failures.slice(0, FAILURES_SHOWN).join(" | ") + more;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
