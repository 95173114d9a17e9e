import { RetryBudget } from "../aws/retry";
import type { LimitInForce } from "../member/change-limit";
import type { MemberContext } from "../member/member";
import type { DesiredStatus } from "../member/types";
import type { Runtime } from "./runtime";

/** What the converge loop needs for one member: its client, a retry budget of its own, the run's change count. */
export function memberContext(
  runtime: Runtime,
  accountId: string,
  region: string,
  inForce?: LimitInForce,
): MemberContext {
  const { clock, settings, changes } = runtime;
  return {
    client: runtime.clientFor(region),
    accountId,
    region,
    clock,
    budget: new RetryBudget({ accountId, region }, settings, clock),
    waitTimeoutSeconds: settings.waitTimeoutSeconds,
    changes: inForce
      ? { take: (r: string, a: string, desired: DesiredStatus) => changes.take(r, a, desired, inForce) }
      : changes,
  };
}
