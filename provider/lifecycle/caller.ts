// Who is calling: the administrator a new state records, and the check that lets a "gone" answer
// be trusted (docs/ARCHITECTURE.md, Invariants: "gone" is trusted only from the same administrator).
import { MacieOperationError, MemberStateError } from "../aws/errors";
import type { MemberContext } from "../member/member";
import type { Runtime } from "./runtime";

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
