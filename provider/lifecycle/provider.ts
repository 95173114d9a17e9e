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
import { readMember, type MemberView } from "../member/member";
import { unconvergedError } from "../member/outcome";
import { isGoneStatus } from "../member/relationship";
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
  type CheckResult,
  type InputName,
} from "../member/validate";
import { confirmGone } from "./caller";
import { memberContext } from "./member-context";
import { flagged, observedInputsOf, outputsOf } from "./member-state";
import { withState } from "./partial-failure";
import { release } from "./release";
import type { Runtime } from "./runtime";

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
        throw withState(error as Error, id, recorded);
      throw error;
    }
  }

  async delete(_id: string, props: Props): Promise<void> {
    const inputs = this.inputs(props, ["accountId", "region", "statusOnDelete"]);
    const { administratorAccountId, [STACK_KEY]: stack } = props;
    await release(this.runtime, { ...inputs, administratorAccountId, stack }, { advice: DELETE_ADVICE });
  }

  private async converged(
    inputs: { accountId: string; region: string },
    desired: DesiredStatus,
  ): Promise<MemberView> {
    const result = await converge(this.context(inputs.accountId, inputs.region), desired);
    if (result.kind === "converged") return result.member;
    throw unconvergedError(result, { ...this.request(inputs.accountId, inputs.region), desired });
  }

  private confirmGone(member: { accountId: string; region: string }, props: Props, consequence: string) {
    return confirmGone(this.runtime, member, props.administratorAccountId, consequence);
  }

  private inputs<N extends InputName>(props: Props, names: readonly N[]) {
    return requireValidInputs(props, this.runtime.defaultRegion, names);
  }

  private request(accountId: string, region: string) {
    return { accountId, region, waitTimeoutSeconds: this.runtime.settings.waitTimeoutSeconds };
  }

  private context(accountId: string, region: string) {
    return memberContext(this.runtime, accountId, region);
  }
}

/** How many writes a failed operation had sent, as its error says; unknown counts as some. */
function writesOf(error: unknown): number {
  const writes = (error as { writesSent?: unknown } | undefined)?.writesSent;
  return typeof writes === "number" ? writes : Infinity;
}

function withDefaults(props: Props): Props {
  return { ...props, statusOnDelete: props.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE };
}
