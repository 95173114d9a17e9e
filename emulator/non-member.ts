// How Macie says "this account is not your member". Not always a 404: depending on the account and
// the call, Macie answers one of these (the messages terraform-provider-aws matches in
// internal/service/macie2/member.go). The emulator can give any of them for unknown members, to
// strangers, or once as a fault.
import { ApiError, notAssociated, notFound } from "./errors";

export type NonMemberAnswer = "not-found" | "not-associated" | "not-enabled" | "associated-conflict";
export const NON_MEMBER_ANSWERS: readonly NonMemberAnswer[] = [
  "not-found",
  "not-associated",
  "not-enabled",
  "associated-conflict",
];

export function nonMemberError(answer: NonMemberAnswer): ApiError {
  switch (answer) {
    case "not-found":
      // 404 ResourceNotFoundException
      return notFound();
    case "not-associated":
      // 400 ValidationException
      return notAssociated();
    case "not-enabled":
      return new ApiError(
        "AccessDeniedException",
        "The request failed because Macie is not enabled for your account.",
      );
    case "associated-conflict":
      return new ApiError(
        "ConflictException",
        "The request failed because no member accounts are associated with your account.",
      );
  }
}

export function checkNonMemberAnswer(answer: unknown): NonMemberAnswer {
  if (!NON_MEMBER_ANSWERS.includes(answer as NonMemberAnswer))
    throw new Error(`answer must be one of ${NON_MEMBER_ANSWERS.join(", ")}; got ${JSON.stringify(answer)}`);
  return answer as NonMemberAnswer;
}
