// MacieMemberStatus: the public resource class (type pulumi-nodejs:dynamic/macie:MemberStatus).
import * as pulumi from "@pulumi/pulumi";
import { claimMember, refuseExplicitProvider, refuseImport, refuseUnknownArguments } from "./declarations";
import { programConfig, programRegion, promiseLeaksDebugged } from "./program";
import { shimProvider } from "./serialized";
import { stackFramesOff, withCallerFrames } from "./stack-frames";
import { STACK_KEY, type DesiredStatus, type StatusOnDelete } from "../member/types";
import { INPUT_NAMES } from "../member/validate";
import { SECRET_ACCOUNT_FLAG } from "../member/secret-flag";

/** The arguments of {@link MacieMemberStatus}: exactly these; anything else fails the program, naming the closest. */
export interface MacieMemberStatusArgs {
  /** The member's AWS account id: exactly 12 digits. Changing it replaces the resource. */
  accountId: pulumi.Input<string>;
  /** The Macie status the member should have. */
  status: pulumi.Input<DesiredStatus>;
  /** Defaults to config aws:region, then AWS_REGION / AWS_DEFAULT_REGION. Changing it replaces the resource. */
  region?: pulumi.Input<string>;
  /** What delete leaves behind; default ENABLED (Macie's normal state for a member). */
  statusOnDelete?: pulumi.Input<StatusOnDelete>;
}

// One shim for all: Pulumi caches serialization per provider object, so 10,000 resources share
// one serialization instead of running the closure serializer 10,000 times.
let shim: pulumi.dynamic.ResourceProvider | undefined;

/**
 * Holds Amazon Macie ENABLED or PAUSED for one member account in one region, from the delegated
 * Macie administrator account. One `pulumi up` converges it: the member is read first and written
 * only when its status differs; `pulumi refresh` records what Macie really shows (drift).
 *
 * Type token `pulumi-nodejs:dynamic/macie:MemberStatus`; resource id = the account id.
 *
 * @example
 * new MacieMemberStatus("sandbox", { accountId: "111122223333", status: "PAUSED" });
 */
export class MacieMemberStatus extends pulumi.dynamic.Resource {
  /** The member's 12-digit AWS account id (also the resource id). Secret when given as a secret. */
  declare public readonly accountId: pulumi.Output<string>;
  /** Observed after refresh: undefined when the member is neither Enabled nor Paused. */
  declare public readonly status: pulumi.Output<DesiredStatus | undefined>;
  /** The region whose Macie membership this resource holds. */
  declare public readonly region: pulumi.Output<string>;
  /** What delete leaves behind: ENABLED (default), PAUSED or UNCHANGED. */
  declare public readonly statusOnDelete: pulumi.Output<StatusOnDelete>;
  /** Macie's raw relationship status: Enabled, Paused, Invited, … */
  declare public readonly relationshipStatus: pulumi.Output<string>;
  /** The member's ARN in Macie, `arn:aws:macie2:<region>:<administrator>:member/<accountId>`; secret when accountId may be. */
  declare public readonly arn: pulumi.Output<string | undefined>;
  /** The delegated administrator account Macie reports for the member (checked before a member is called gone). */
  declare public readonly administratorAccountId: pulumi.Output<string | undefined>;
  /** The member account's email address, as Macie has it. */
  declare public readonly email: pulumi.Output<string | undefined>;
  /** When Macie last changed the member's relationship status (ISO 8601). */
  declare public readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: MacieMemberStatusArgs, opts?: pulumi.CustomResourceOptions) {
    // Bad macie:* config fails here, at preview, with the key named. The provider reads the same
    // config itself (the engine hands it the stack config), so nothing of it goes into state.
    programConfig();
    refuseUnknownArguments("MacieMemberStatus", name, args, INPUT_NAMES);
    refuseExplicitProvider("MacieMemberStatus", name, opts);
    refuseImport("MacieMemberStatus", name, opts);
    shim ??= shimProvider();
    const region = args.region ?? programRegion();
    claimMember(`MacieMemberStatus ${JSON.stringify(name)}`, args.accountId, region);
    // An accountId given as an Output may be a secret; whether it is resolves later, but resource
    // options are fixed now. So the ARN (which contains the account id) is kept secret whenever
    // it may be, and the provider is told whether to mask the id in its messages.
    const mayBeSecret = typeof args.accountId !== "string";
    // Without stack frames: Pulumi stamps each of this class's promises with one (stack-frames.ts).
    const restoreFrames = stackFramesOff(promiseLeaksDebugged());
    try {
      super(
        shim,
        name,
        {
          accountId: args.accountId,
          // Sent only when the id is a secret (undefined is no property): the provider masks for any value.
          ...(mayBeSecret ? { [SECRET_ACCOUNT_FLAG]: secretFlag(args.accountId) } : {}),
          status: args.status,
          region,
          statusOnDelete: args.statusOnDelete,
          // Lets a plain `pulumi destroy` find the stack's current change limit (stack-config.ts).
          [STACK_KEY]: pulumi.getStack(),
          relationshipStatus: undefined,
          arn: undefined,
          administratorAccountId: undefined,
          email: undefined,
          updatedAt: undefined,
        },
        mayBeSecret ? pulumi.mergeOptions(opts, { additionalSecretOutputs: ["arn"] }) : opts,
        "macie",
        "MemberStatus",
      );
    } catch (error) {
      restoreFrames();
      withCallerFrames(error, MacieMemberStatus);
      throw error;
    } finally {
      restoreFrames();
    }
  }
}

/** true when `accountId` is a secret; undefined (the property is left out) when it is not. */
async function secretFlag(accountId: pulumi.Input<string>): Promise<true | undefined> {
  return (await pulumi.isSecret(pulumi.output(accountId))) ? true : undefined;
}
