// Every request this package builds is checked against AWS's published API model (model/) before
// it is sent: a request the model refuses (a ListMembers page of 50 where the model allows 25, a
// status Macie has no value for) fails here, naming the member and the constraint, with nothing
// sent — a bug of ours surfaces as a clear error in the first test or run, not as a
// ValidationException from a real account in the middle of an `up`. It runs first (initialize
// step), so the rate limiter, credentials and retries never see such a request.
import type {
  InitializeHandlerOptions,
  InitializeMiddleware,
  MetadataBearer,
  Pluggable,
} from "@smithy/types";
import { operationOf, type ServiceModel } from "../../model/api-model";
import { validationMessage, violationsOf, type Violation } from "../../model/constraints";

/** A request that breaks the model; never sent, never retried. */
export class RequestModelError extends Error {
  override readonly name = "RequestModelError";
  constructor(
    readonly operation: string,
    readonly violations: readonly Violation[],
    service: string,
  ) {
    super(
      `${operation} request breaks ${service}'s published API model: ${validationMessage(violations)}. ` +
        `Nothing was sent. This is a bug in pulumi-macie-member-status: please report it.`,
    );
  }
}

const STEP: InitializeHandlerOptions & { priority: "high" } = {
  step: "initialize",
  name: "macieMemberStatusModelCheck",
  priority: "high",
  // The SDK's assume-role provider applies its clientPlugins to its STS client on every refresh:
  // a second add of the same name would throw "Duplicate middleware name" when credentials renew.
  override: true,
};

/** The plugin that adds the check to a client of `service` (Macie2 or STS). */
export function modelCheck(service: ServiceModel): Pluggable<object, MetadataBearer> {
  return { applyToStack: (stack) => stack.add(checkRequests(service), STEP) };
}

/** Throws RequestModelError for a request whose input breaks the model; passes it on otherwise. */
export function checkRequest(service: ServiceModel, operation: string, input: unknown): void {
  const shape = operationOf(service, operation).input?.shape;
  const violations = shape ? violationsOf(service, shape, input) : [];
  if (violations.length > 0) throw new RequestModelError(operation, violations, service.metadata.serviceId);
}

function checkRequests(service: ServiceModel): InitializeMiddleware<object, MetadataBearer> {
  // async, so a refusal is a rejected promise like every other failure of `send`, never a throw.
  return (next, context) => async (args) => {
    checkRequest(service, (context.commandName ?? "").replace(/Command$/, ""), args.input);
    return next(args);
  };
}
