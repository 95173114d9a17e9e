// restJson1 errors as Macie sends them: an HTTP status, the x-amzn-ErrorType header the SDK turns
// into a typed exception, and a {"message"} body. The handlers throw ApiError; http-io sends it.
// The status of each Macie error comes from Macie's API model (model/macie2.json); the few errors
// AWS's front door answers before a request reaches Macie (signatures, 503) are not in the model.
import { errorStatusOf, macie2 } from "../model/api-model";
import { validationMessage, type Violation } from "../model/constraints";

export class ApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatusOf(macie2, this.errorType) ?? FRONT_DOOR_STATUS[this.errorType] ?? 500;
  }
}

/** Answered by AWS's request handling before Macie: not in Macie's model. */
const FRONT_DOOR_STATUS: Record<string, number> = {
  ServiceUnavailableException: 503,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  // The control API's own refusals (control.ts): not AWS errors at all.
  UnsupportedMediaTypeException: 415,
  ForbiddenHostException: 403,
};

export function validationError(message: string): ApiError {
  return new ApiError("ValidationException", message);
}

/** How Macie refuses a request that breaks its model: 400, each violation named. */
export function modelViolation(violations: readonly Violation[]): ApiError {
  return validationError(validationMessage(violations));
}

/** Macie's answer to a write while the member is still changing (the busy window, a 409 fault). */
export function memberBusy(): ApiError {
  return new ApiError("ConflictException", "The request failed because the member account is being updated.");
}

export function throttled(): ApiError {
  return new ApiError("ThrottlingException", "Rate exceeded");
}

export function notFound(): ApiError {
  return new ApiError(
    "ResourceNotFoundException",
    "The request failed because the specified resource wasn't found.",
  );
}

export function notAssociated(): ApiError {
  return validationError("The request failed because the account is not associated with your account.");
}

/** How AWS refuses a request whose signature does not check out (signature checks on). */
export function badSignature(verdict: "unknown-key" | "mismatch" | "malformed"): ApiError {
  switch (verdict) {
    case "unknown-key":
      return new ApiError(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    case "mismatch":
      return new ApiError(
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      );
    case "malformed":
      return new ApiError(
        "IncompleteSignatureException",
        "The request signature does not conform to AWS standards.",
      );
  }
}
