// The dynamic provider's lifecycle, row by row as DESIGN.md states it:
//   check  – validate, fill defaults; no AWS calls
//   diff   – status/statusOnDelete → update, accountId/region → replace; no AWS calls
//   create – converge to `status` (reads first, writes only when needed)
//   read   – GetMember; observed status, or gone
//   update – converge to the new `status`
//   delete – converge to `statusOnDelete` unless UNCHANGED; a member that is gone is deleted
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Clock } from "./clock";
import { converge } from "./converge";
import { readMember, type MacieClient, type MemberContext, type MemberView } from "./member";
import { desiredStatusOf, isGoneStatus } from "./relationship";
import { RetryBudget } from "./retry";
import type { ProviderSettings } from "./settings";
import { DEFAULT_STATUS_ON_DELETE, type MemberStatusOutputs, type ObservedInputs } from "./types";
import { checkInputs, isUnknown, requireValidInputs, type CheckResult, type InputName } from "./validate";

/** read's answer: empty when the member is gone. */
export interface MemberReadResult extends dynamic.ReadResult {
  id?: string;
  props?: MemberStatusOutputs;
  inputs?: ObservedInputs;
}

export interface ProviderDeps {
  clientFor(region: string): MacieClient;
  clock: Clock;
  settings: ProviderSettings;
  env: NodeJS.ProcessEnv;
}

type Props = Record<string, unknown>;

const REPLACE_ON_CHANGE: readonly InputName[] = ["accountId", "region"];
const UPDATE_ON_CHANGE: readonly InputName[] = ["status", "statusOnDelete"];
const DELETE_NEEDS: readonly InputName[] = ["accountId", "region", "statusOnDelete"];

const DELETE_ADVICE =
  'To delete the resource without touching the member, set statusOnDelete to "UNCHANGED" and run `pulumi up` ' +
  "first, or use the retainOnDelete resource option.";

export class MemberStatusProvider implements dynamic.ResourceProvider {
  constructor(private readonly deps: ProviderDeps) {}

  check(_olds: Props, news: Props): Promise<CheckResult> {
    return Promise.resolve(checkInputs(news, this.deps.env));
  }

  diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const withDefaults = (props: Props): Props => ({
      ...props,
      statusOnDelete: props.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE,
    });
    const before = withDefaults(olds);
    const after = withDefaults(news);
    const differs = (name: InputName) => isUnknown(after[name]) || before[name] !== after[name];
    const replaces = REPLACE_ON_CHANGE.filter(differs);
    const updates = UPDATE_ON_CHANGE.filter(differs);
    return Promise.resolve({ changes: replaces.length + updates.length > 0, replaces });
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    const inputs = requireValidInputs(props, this.deps.env);
    const ctx = this.context(inputs.accountId, inputs.region);
    const member = await converge(ctx, { desired: inputs.status, goneMeans: "error" });
    return { id: inputs.accountId, outs: outputsOf(inputs, member) };
  }

  async read(id: string, props: Props): Promise<MemberReadResult> {
    const { region, statusOnDelete } = requireValidInputs(props, this.deps.env, ["region", "statusOnDelete"]);
    const { accountId } = requireValidInputs({ accountId: id }, this.deps.env, ["accountId"]);
    const member = await readMember(this.context(accountId, region));
    if (member === undefined || isGoneStatus(member.relationshipStatus)) return {};
    const outs = outputsOf({ accountId, region, statusOnDelete }, member);
    return { id, props: outs, inputs: observedInputsOf(outs) };
  }

  async update(_id: string, _olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const inputs = requireValidInputs(news, this.deps.env);
    const ctx = this.context(inputs.accountId, inputs.region);
    const member = await converge(ctx, { desired: inputs.status, goneMeans: "error" });
    return { outs: outputsOf(inputs, member) };
  }

  async delete(_id: string, props: Props): Promise<void> {
    const inputs = requireValidInputs(props, this.deps.env, DELETE_NEEDS);
    if (inputs.statusOnDelete === "UNCHANGED") return;
    const ctx = this.context(inputs.accountId, inputs.region);
    await converge(ctx, { desired: inputs.statusOnDelete, goneMeans: "done", advice: DELETE_ADVICE });
  }

  private context(accountId: string, region: string): MemberContext {
    const { clock, settings } = this.deps;
    return {
      client: this.deps.clientFor(region),
      accountId,
      region,
      clock,
      budget: new RetryBudget({ accountId, region }, settings, clock),
      waitTimeoutSeconds: settings.waitTimeoutSeconds,
    };
  }
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
