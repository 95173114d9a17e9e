// What a converge result that is not "converged" means, in words built from what happened: which
// member, what Macie showed, whether a write was sent, and what the user can do about it.
import { writesSent, type ConvergeResult } from "./converge";
import { describeAwsError, MemberStateError } from "../aws/errors";
import { whatToDo } from "./relationship";
import { settingNames } from "../config/settings";
import type { DesiredStatus } from "./types";

export interface Request {
  accountId: string;
  region: string;
  desired: DesiredStatus;
  waitTimeoutSeconds: number;
  /** Appended to "cannot change" errors, e.g. how to let delete go on. */
  advice?: string;
}

type Unconverged = Exclude<ConvergeResult, { kind: "converged" }>;

export function unconvergedError(result: Unconverged, req: Request): MemberStateError {
  return Object.assign(describe(result, req), { writesSent: result.writes });
}

function describe(result: Unconverged, req: Request): MemberStateError {
  const advice = req.advice ? ` ${req.advice}` : "";
  const done = writesSent(result.writes, result.member?.relationshipStatus);
  switch (result.kind) {
    case "gone":
      return new MemberStateError(`${goneMessage(result, req)} ${done}${advice}`);
    case "blocked":
      return new MemberStateError(
        `Cannot set Macie to ${req.desired} for member account ${req.accountId} in ${req.region}: its relationship ` +
          `status is ${result.member.relationshipStatus}, and only Enabled or Paused members can be changed; ` +
          `${whatToDo(result.member.relationshipStatus)}. ${done}${advice}`,
      );
    case "not-shown": {
      const { member } = result;
      return new MemberStateError(
        `Set Macie to ${req.desired} for member account ${req.accountId} in ${req.region}, but after ${req.waitTimeoutSeconds} s ` +
          `Macie still shows ${member.relationshipStatus}${member.updatedAt ? ` (updated ${member.updatedAt})` : ""}. ` +
          `${done} Run \`pulumi up\` again, or allow a longer wait with ${settingNames("waitTimeoutSeconds")}.`,
      );
    }
  }
}

function goneMessage(result: Extract<ConvergeResult, { kind: "gone" }>, req: Request): string {
  const { member, cause } = result;
  const seen = member ? ` (relationship status ${member.relationshipStatus})` : "";
  const answer = cause ? ` Macie answered ${describeAwsError(cause)}.` : "";
  const todo = member
    ? whatToDo(member.relationshipStatus)
    : "add it as a member (through AWS Organizations or an invitation) first, and check that the region and the administrator account are the right ones";
  return (
    `Account ${req.accountId} is not an associated Macie member of this administrator in ${req.region}${seen}.${answer} ` +
    `To manage its status, ${todo}.`
  );
}
