// The state of a policy region (MacieMemberStatusRegion), as pure functions: what is recorded,
// read back leniently, compared and sorted. No AWS calls and no engine: region-provider.ts is the
// lifecycle that uses them.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isMap, type RegionInputs } from "../member/region-inputs";
import { desiredStatusOf } from "../member/relationship";
import { DEFAULT_STATUS_ON_DELETE, type RecordedMembers, type StatusOnDelete } from "../member/types";
import { ACCOUNT_ID, checkRegion } from "../member/validate";

type Props = Record<string, unknown>;

/** What the state holds. */
export interface RegionOutputs {
  region: string;
  members: RecordedMembers;
  statusOnDelete: StatusOnDelete;
  /** The account the members were managed as: "gone" is trusted only from it. */
  administratorAccountId?: string;
  /** The program's listing the last create or update acted on (its `pending`). */
  listedAt?: string;
  /** The stack's name, as the program gave it: deletes read the stack's current change limit. */
  __stack?: string;
}

/**
 * read's answer: the state as observed, and no inputs. The engine then keeps the last `up`'s inputs,
 * and diff compares the observed map (the state) with them: a refresh without drift is quiet.
 */
export interface RegionReadResult extends dynamic.ReadResult {
  id: string;
  props: RegionOutputs;
}

/**
 * The members as recorded before anything is sent: every member the listing showed at its
 * declared status as that; a pending one as listed until it is set; the dropped ones as they were.
 */
export function startingPoint(inputs: RegionInputs, before: RecordedMembers): RecordedMembers {
  const recorded = { ...before };
  for (const [accountId, desired] of Object.entries(inputs.members)) {
    if (inputs.pending === undefined) continue; // every member is read and set
    const listed = inputs.pending[accountId];
    recorded[accountId] = listed === undefined ? desired : recordedStatusOf(listed);
  }
  return recorded;
}

/** ENABLED / PAUSED for Enabled / Paused; any other relationship status as it is. */
export function recordedStatusOf(relationshipStatus: string): string {
  return desiredStatusOf(relationshipStatus) ?? relationshipStatus;
}

/** The state as recorded, read leniently (a refresh may have recorded any relationship status). */
export function stateOf(props: Props): RegionOutputs {
  const why = checkRegion(props.region);
  if (why) throw new Error(`MacieMemberStatusPolicy region: invalid state: ${why}`);
  const statusOnDelete = (props.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE) as StatusOnDelete;
  const { administratorAccountId: admin, listedAt } = props;
  return {
    region: props.region as string,
    members: recordedOf(props.members),
    statusOnDelete,
    administratorAccountId: typeof admin === "string" ? admin : undefined,
    listedAt: typeof listedAt === "string" ? listedAt : undefined,
    __stack: typeof props.__stack === "string" ? props.__stack : undefined,
  };
}

export function recordedOf(value: unknown): RecordedMembers {
  if (!isMap(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (e): e is [string, string] => ACCOUNT_ID.test(e[0]) && typeof e[1] === "string",
    ),
  );
}

/**
 * The pending list comes from the listing the state says was acted on: the engine's diff after a
 * refresh (the observed state against the inputs of the last `up`), not a new program run.
 */
export function actedOn(olds: Props, news: Props): boolean {
  return typeof news.listedAt === "string" && news.listedAt === olds.listedAt;
}

export function sameMembers(before: RecordedMembers, after: unknown): boolean {
  if (!isMap(after)) return false;
  const keys = Object.keys(after);
  return keys.length === Object.keys(before).length && keys.every((k) => before[k] === after[k]);
}

/** Sorted, so the state reads (and diffs) the same whatever order the calls finished in. */
export function sortedByAccount(members: RecordedMembers): RecordedMembers {
  return Object.fromEntries(Object.entries(members).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
