// MacieMemberStatus: the public resource class (type pulumi-nodejs:dynamic/macie:MemberStatus).
import * as pulumi from "@pulumi/pulumi";
import { settingsFromConfig, type ProgramSettings } from "./settings";
import { shimProvider } from "./shim";
import type { DesiredStatus, StatusOnDelete } from "./types";
import { regionFromEnv } from "./validate";

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

// One shim per distinct settings: Pulumi caches serialization per provider object, so 10,000
// resources share one serialization instead of running the closure serializer 10,000 times.
const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

function sharedShim(settings: ProgramSettings): pulumi.dynamic.ResourceProvider {
  const key = JSON.stringify(settings);
  let shim = shims.get(key);
  if (!shim) {
    shim = shimProvider(settings);
    shims.set(key, shim);
  }
  return shim;
}

export class MacieMemberStatus extends pulumi.dynamic.Resource {
  declare public readonly accountId: pulumi.Output<string>;
  /** Observed after refresh: undefined when the member is neither Enabled nor Paused. */
  declare public readonly status: pulumi.Output<DesiredStatus | undefined>;
  declare public readonly region: pulumi.Output<string>;
  declare public readonly statusOnDelete: pulumi.Output<StatusOnDelete>;
  /** Macie's raw relationship status: Enabled, Paused, Invited, … */
  declare public readonly relationshipStatus: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string | undefined>;
  declare public readonly administratorAccountId: pulumi.Output<string | undefined>;
  declare public readonly email: pulumi.Output<string | undefined>;
  declare public readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: MacieMemberStatusArgs, opts?: pulumi.CustomResourceOptions) {
    const settings = settingsFromConfig((key) => new pulumi.Config("macie").get(key));
    const region = args.region ?? new pulumi.Config("aws").get("region") ?? regionFromEnv(process.env);
    super(
      sharedShim(settings),
      name,
      {
        accountId: args.accountId,
        status: args.status,
        region,
        statusOnDelete: args.statusOnDelete,
        relationshipStatus: undefined,
        arn: undefined,
        administratorAccountId: undefined,
        email: undefined,
        updatedAt: undefined,
      },
      opts,
      "macie",
      "MemberStatus",
    );
  }
}
