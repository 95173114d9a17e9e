// Mocked clients (aws-sdk-client-mock) replace `send`, so the model check the real clients carry
// (provider/aws/model-check.ts) never runs for them. This does the same for every command a mock
// received: a suite calls it after each test, and a request that breaks Macie's (or STS's)
// published API model fails the test that sent it.
import { macie2, type ServiceModel } from "../../model/api-model";
import { checkRequest } from "../../provider/aws/model-check";

/** What this needs of an aws-sdk-client-mock stub: the commands it received. */
interface Received {
  calls(): { args: readonly unknown[] }[];
}

/** Throws RequestModelError for the first command `stub` received that breaks `service`'s model. */
export function expectRequestsInModel(stub: Received, service: ServiceModel = macie2): void {
  for (const call of stub.calls()) {
    const command = call.args[0] as { constructor: { name: string }; input: unknown };
    checkRequest(service, command.constructor.name.replace(/Command$/, ""), command.input);
  }
}
