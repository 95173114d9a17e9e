// How Macie says "this account is no longer your member". It does not always answer 404: the
// answers below were gathered by terraform-provider-aws (internal/service/macie2/member.go). For
// read and delete they mean the resource is gone; for create and update they are plain errors.
// This is the one place that list lives.

interface GoneAnswer {
  errorName: string;
  messageContains?: string;
}

const GONE_ANSWERS: readonly GoneAnswer[] = [
  { errorName: "ResourceNotFoundException" },
  { errorName: "ValidationException", messageContains: "account is not associated with your account" },
  { errorName: "ValidationException", messageContains: "not an associated member of account" },
  { errorName: "ConflictException", messageContains: "member accounts are associated with your account" },
  { errorName: "AccessDeniedException", messageContains: "Macie is not enabled" },
];

/** Relationship statuses that mean the account has left the organization's Macie. */
export const GONE_RELATIONSHIP_STATUSES: readonly string[] = ["Removed", "Resigned"];

export function isMemberGoneError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const message = error.message.toLowerCase();
  return GONE_ANSWERS.some(
    (answer) =>
      error.name === answer.errorName &&
      (answer.messageContains === undefined || message.includes(answer.messageContains.toLowerCase())),
  );
}
