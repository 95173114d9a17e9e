// restJson1 errors as Macie sends them: an HTTP status, the x-amzn-ErrorType header the SDK turns
// into a typed exception, and a {"message"} body. The handlers throw ApiError; http-io sends it.

export class ApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_FOR_ERROR[this.errorType] ?? 500;
  }
}

const STATUS_FOR_ERROR: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
};

export function validationError(message: string): ApiError {
  return new ApiError("ValidationException", message);
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
