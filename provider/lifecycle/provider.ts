// The dynamic provider's lifecycle, row by row as docs/ARCHITECTURE.md states it:
//   check  – validate, fill defaults; no AWS calls
//   diff   – status/statusOnDelete → update, accountId/region → replace; no AWS calls
//   create – converge to `status` (reads first, writes only when needed)
//   read   – GetMember, or the region's shared ListMembers scan in a big refresh; observed status, or gone (only as the administrator state recorded)
//   update – converge to the new `status`; a change of statusOnDelete alone makes no AWS call
//   delete – converge to `statusOnDelete` unless UNCHANGED; a member that is gone is deleted, and
//            so is one AWS has suspended (nothing can be written to it)
// Everything from the outside world (clients, clock, settings) comes in one Runtime (runtime.ts).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { converge } from "../member/converge";
import { MacieOperationError, MemberStateError } from "../aws/errors";
import { readMember, type MemberContext, type MemberView } from "../member/member";
import { unconvergedError } from "../member/outcome";
import { desiredStatusOf, isGoneStatus, SUSPENDED_STATUSES } from "../member/relationship";
import { RetryBudget } from "../aws/retry";
import type { LimitInForce } from "../member/change-limit";
import type { Runtime } from "./runtime";
import {
  DEFAULT_STATUS_ON_DELETE,
  STACK_KEY,
  type DesiredStatus,
  type MemberStatusOutputs,
  type ObservedInputs,
} from "../member/types";
import {
  checkInputs,
  isUnknown,
  requireValidInputs,
  accountIdIsSecret,
  SECRET_ACCOUNT_FLAG,
  type CheckResult,
  type InputName,
} from "../member/validate";

/** read's answer: empty when the member is gone. */
export interface MemberReadResult extends dynamic.ReadResult {
  id?: string;
  props?: MemberStatusOutputs;
  inputs?: ObservedInputs;
}

type Props = Record<string, unknown>;

const ALL: readonly InputName[] = ["accountId", "status", "region", "statusOnDelete"];
const REPLACE_ON_CHANGE: readonly InputName[] = ["accountId", "region"];
const UPDATE_ON_CHANGE: readonly InputName[] = ["status", "statusOnDelete"];

const DELETE_ADVICE =
  'To delete the resource without touching the member, set statusOnDelete to "UNCHANGED" and run `pulumi up` ' +
  "first, or use the retainOnDelete resource option.";

export class MemberStatusProvider implements dynamic.ResourceProvider {
  constructor(private readonly runtime: Runtime) {}

  check(_olds: Props, news: Props): Promise<CheckResult> {
    const result = checkInputs(news, this.runtime.defaultRegion);
    const { accountId, region } = result.inputs;
    const failed = result.failures.some((f) => f.property === "accountId" || f.property === "region");
    if (!failed && typeof accountId === "string" && typeof region === "string")
      this.runtime.handover.claim(region, accountId);
    return Promise.resolve(result);
  }

  diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const before = withDefaults(olds);
    const after = withDefaults(news);
    const differs = (name: InputName) => isUnknown(after[name]) || before[name] !== after[name];
    const replaces = REPLACE_ON_CHANGE.filter(differs);
    const updates = UPDATE_ON_CHANGE.filter(differs);
    return Promise.resolve({ changes: replaces.length + updates.length > 0, replaces });
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    const inputs = this.inputs(props, ALL);
    const member = await this.converged(inputs, inputs.status);
    return { id: inputs.accountId, outs: flagged(outputsOf(inputs, member), props) };
  }

  async read(id: string, props: Props): Promise<MemberReadResult> {
    const { region, statusOnDelete } = this.inputs(props, ["region", "statusOnDelete"]);
    const { accountId } = this.inputs({ accountId: id }, ["accountId"]);
    const ctx = this.context(accountId, region);
    // Served from the region's shared scan when there is one (snapshot semantics, member-scan.ts);
    // anything the scan does not list as a present member — gone included — is read with GetMember.
    const member = (await this.runtime.scans.lookup(region, accountId)) ?? (await readMember(ctx));
    if (member === undefined || isGoneStatus(member.relationshipStatus)) {
      await this.confirmGone(ctx, props, "refresh would drop it from the state");
      return {};
    }
    const outs = flagged(outputsOf({ accountId, region, statusOnDelete }, member), props);
    return { id, props: outs, inputs: flagged(observedInputsOf(outs), props) };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const inputs = this.inputs(news, ALL);
    const recorded = flagged(
      { ...olds, __provider: news.__provider, statusOnDelete: inputs.statusOnDelete },
      news,
    );
    // Only what changed is acted on: a new statusOnDelete alone is recorded without a call.
    if (olds.status === inputs.status) return { outs: recorded };
    try {
      const member = await this.converged(inputs, inputs.status);
      return { outs: flagged(outputsOf(inputs, member), news) };
    } catch (error) {
      // The status cannot be set (e.g. AccountSuspended), but a new statusOnDelete — the way out
      // the error advises — is still recorded, as a partial failure, when nothing was written.
      if (olds.statusOnDelete !== inputs.statusOnDelete && writesOf(error) === 0)
        throw Object.assign(error as Error, {
          id,
          properties: recorded,
          reasons: [(error as Error).message],
        });
      throw error;
    }
  }

  /**
   * `letGoOfBlocked`: a member in any relationship status nothing can be written to (Invited,
   * Created, …) ends the delete without a write, as AccountSuspended always does. A policy lets go
   * of such members (it does not manage them); a resource of its own says why it cannot.
   */
  async delete(_id: string, props: Props, options: { letGoOfBlocked?: boolean } = {}): Promise<void> {
    const inputs = this.inputs(props, ["accountId", "region", "statusOnDelete"]);
    if (inputs.statusOnDelete === "UNCHANGED") return;
    // Declared again this run by another resource (renamed, moved into a policy): that one holds it now.
    if (this.runtime.handover.isClaimed(inputs.region, inputs.accountId)) return;
    // The limit the stack has now, not the one a plain destroy's configure recorded (stack-config.ts).
    const inForce = this.runtime.limitForDelete(props[STACK_KEY]);
    const ctx = memberContext(this.runtime, inputs.accountId, inputs.region, inForce);
    const result = await converge(ctx, inputs.statusOnDelete);
    if (result.kind === "converged") return;
    if (result.kind === "gone" && result.writes === 0) {
      await this.confirmGone(ctx, props, `delete would leave it without setting ${inputs.statusOnDelete}`);
      return;
    }
    if (result.kind === "gone") return; // a write was answered "not associated": it left meanwhile
    if (
      result.kind === "blocked" &&
      (options.letGoOfBlocked || SUSPENDED_STATUSES.includes(result.member.relationshipStatus))
    )
      return;
    throw unconvergedError(result, {
      ...this.request(inputs.accountId, inputs.region),
      desired: inputs.statusOnDelete,
      advice: DELETE_ADVICE,
    });
  }

  private async converged(
    inputs: { accountId: string; region: string },
    desired: DesiredStatus,
  ): Promise<MemberView> {
    const result = await converge(this.context(inputs.accountId, inputs.region), desired);
    if (result.kind === "converged") return result.member;
    throw unconvergedError(result, { ...this.request(inputs.accountId, inputs.region), desired });
  }

  private confirmGone(ctx: MemberContext, props: Props, consequence: string): Promise<void> {
    return confirmGone(this.runtime, ctx, props.administratorAccountId, consequence);
  }

  private inputs<N extends InputName>(props: Props, names: readonly N[]) {
    return requireValidInputs(props, this.runtime.defaultRegion, names);
  }

  private request(accountId: string, region: string) {
    return { accountId, region, waitTimeoutSeconds: this.runtime.settings.waitTimeoutSeconds };
  }

  private context(accountId: string, region: string): MemberContext {
    return memberContext(this.runtime, accountId, region);
  }
}

/**
 * "Gone" is trusted only from the administrator that state recorded (`recorded`; nothing recorded:
 * trusted): a stranger's credentials (a wrong AWS_PROFILE or role) get the same not-found answers
 * for every member. Throws, naming both accounts, when the caller is another account.
 */
export async function confirmGone(
  runtime: Pick<Runtime, "callerAccount">,
  member: Pick<MemberContext, "accountId" | "region">,
  recorded: unknown,
  consequence: string,
): Promise<void> {
  if (typeof recorded !== "string") return;
  const caller = await callerAccountFor(
    runtime,
    `Macie member account ${member.accountId} in ${member.region}`,
    member.region,
  );
  if (caller === recorded) return;
  throw new MemberStateError(
    `Macie answered that account ${member.accountId} is not a member in ${member.region}, but the call was made as ` +
      `account ${caller} while the state records administrator account ${recorded}, so ${consequence} ` +
      `on the word of another account. Check the credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID, macie:roleArn). ` +
      `Nothing was written and the state is left as it was.`,
  );
}

/**
 * The caller's account (STS), its failure tagged with the phase like every Macie failure: asking who
 * the caller is comes before anything is written.
 */
export async function callerAccountFor(
  runtime: Pick<Runtime, "callerAccount">,
  about: string,
  region: string,
): Promise<string> {
  try {
    return await runtime.callerAccount(region);
  } catch (error) {
    if (error instanceof MacieOperationError)
      throw error.inPhase(`Confirming the caller's account for ${about}`, 0, "Nothing was written.");
    throw error;
  }
}

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

/** `value` with the secret-account flag and the stack's name of `props` carried over (left out when not set). */
function flagged<T extends object>(value: T, props: Props): T {
  const { [SECRET_ACCOUNT_FLAG]: _dropped, [STACK_KEY]: _stack, ...rest } = value as Props;
  return {
    ...rest,
    ...(accountIdIsSecret(props) ? { [SECRET_ACCOUNT_FLAG]: true } : {}),
    ...(typeof props[STACK_KEY] === "string" ? { [STACK_KEY]: props[STACK_KEY] } : {}),
  } as T;
}

/** How many writes a failed operation had sent, as its error says; unknown counts as some. */
function writesOf(error: unknown): number {
  const writes = (error as { writesSent?: unknown } | undefined)?.writesSent;
  return typeof writes === "number" ? writes : Infinity;
}

function withDefaults(props: Props): Props {
  return { ...props, statusOnDelete: props.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE };
}

/** The state: inputs with the observed status, and what Macie reports. Undefined fields are left out. */
function outputsOf(inputs: ObservedInputs, member: MemberView): MemberStatusOutputs {
  return compact({
    accountId: inputs.accountId,
    region: inputs.region,
    statusOnDelete: inputs.statusOnDelete,
    status: desiredStatusOf(member.relationshipStatus),
    relationshipStatus: member.relationshipStatus,
    arn: member.arn,
    administratorAccountId: member.administratorAccountId,
    email: member.email,
    updatedAt: member.updatedAt,
  });
}

function observedInputsOf(outs: MemberStatusOutputs): ObservedInputs {
  return compact({
    accountId: outs.accountId,
    region: outs.region,
    statusOnDelete: outs.statusOnDelete,
    status: outs.status,
  });
}

/** Drops undefined fields: protobuf's Struct cannot carry them, and state should not show them. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
