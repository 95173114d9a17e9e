// MacieMemberStatusRegion: the resource a MacieMemberStatusPolicy declares for each of its regions
// (type pulumi-nodejs:dynamic/macie:MemberStatusRegion). Internal to the policy: its inputs are
// what the policy's listing found, and may change in any 0.x release.
import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "./serialized";
import { STACK_KEY, type DesiredStatus, type RecordedMembers, type StatusOnDelete } from "../member/types";

/** What the policy declares for one region. */
export interface MacieMemberStatusRegionArgs {
  /** The region. Changing it replaces the resource. */
  region: string;
  /** Account id → the status it should have. */
  members: Record<string, DesiredStatus>;
  /** What releasing a member leaves behind. */
  statusOnDelete?: StatusOnDelete;
  /** Members the listing shows at another status than declared → the relationship status listed. */
  pending: Record<string, string>;
  /** When the program listed the members (ISO 8601). */
  listedAt: string;
  /** Accounts dropped on purpose (excluded): the only members that leave the map with a write. */
  dropped: string[];
}

let shim: pulumi.dynamic.ResourceProvider | undefined;

/** The member → status map of one region, as a MacieMemberStatusPolicy holds it. */
export class MacieMemberStatusRegion extends pulumi.dynamic.Resource {
  /** The region whose members this resource holds. */
  declare public readonly region: pulumi.Output<string>;
  /** Account id → ENABLED or PAUSED as last seen or set (after refresh: the relationship status when it is neither). */
  declare public readonly members: pulumi.Output<RecordedMembers>;
  /** What releasing a member leaves behind. */
  declare public readonly statusOnDelete: pulumi.Output<StatusOnDelete>;
  /** The account the members were managed as. */
  declare public readonly administratorAccountId: pulumi.Output<string | undefined>;

  constructor(name: string, args: MacieMemberStatusRegionArgs, opts?: pulumi.CustomResourceOptions) {
    shim ??= shimProvider();
    // The stack's name lets a plain `pulumi destroy` find the stack's current change limit (stack-config.ts).
    const props = { ...args, administratorAccountId: undefined, [STACK_KEY]: pulumi.getStack() };
    super(shim, name, props, opts, "macie", "MemberStatusRegion");
  }
}
