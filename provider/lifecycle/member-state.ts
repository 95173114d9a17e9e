// What a MacieMemberStatus records: its outputs and the inputs a refresh hands back, built from what
// Macie showed — pure functions, table-tested beside the provider (as region-state.ts is for a region).
import { compact } from "../member/compact";
import type { MemberView } from "../member/member";
import { desiredStatusOf } from "../member/relationship";
import { STACK_KEY, type MemberStatusOutputs, type ObservedInputs } from "../member/types";
import { accountIdIsSecret, SECRET_ACCOUNT_FLAG } from "../member/secret-flag";

type Props = Record<string, unknown>;

/** The state: inputs with the observed status, and what Macie reports. Undefined fields are left out. */
export function outputsOf(inputs: ObservedInputs, member: MemberView): MemberStatusOutputs {
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

/** The inputs a refresh hands back, so a refreshed state diffs against the program as it should. */
export function observedInputsOf(outs: MemberStatusOutputs): ObservedInputs {
  return compact({
    accountId: outs.accountId,
    region: outs.region,
    statusOnDelete: outs.statusOnDelete,
    status: outs.status,
  });
}

/** `value` with the secret-account flag and the stack's name of `props` carried over (left out when not set). */
export function flagged<T extends object>(value: T, props: Props): T {
  const { [SECRET_ACCOUNT_FLAG]: _dropped, [STACK_KEY]: _stack, ...rest } = value as Props;
  return {
    ...rest,
    ...(accountIdIsSecret(props) ? { [SECRET_ACCOUNT_FLAG]: true } : {}),
    ...(typeof props[STACK_KEY] === "string" ? { [STACK_KEY]: props[STACK_KEY] } : {}),
  } as T;
}
