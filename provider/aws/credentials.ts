// Credentials: the AWS SDK's default chain (env, shared config and SSO, web identity), or, for
// pipelines that run in another account, a role assumed with STS through the SDK's own provider.
// The external id is a secret: it comes from the stack config the engine hands to `configure`,
// and never reaches state, logs or error messages.
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { sts as stsModel } from "../../model/api-model";
import type { RoleToAssume } from "../config/role";
import { modelCheck } from "./model-check";

/** Static credentials, or the SDK's provider of them; undefined means the SDK's default chain. */
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Where and how STS is called for the role: the caller's own credentials, endpoint, HTTP bounds. */
export interface StsOptions {
  /** undefined: the SDK's default chain. */
  source?: Credentials;
  endpoint?: string;
  requestHandler?: object;
}

/** The SDK's assume-role credential provider for `role`, refreshed by the SDK before expiry. */
export function assumeRoleCredentials(
  role: RoleToAssume,
  region: string,
  sts: StsOptions = {},
): AwsCredentialIdentityProvider {
  return fromTemporaryCredentials({
    params: { RoleArn: role.roleArn, ExternalId: role.externalId, RoleSessionName: role.sessionName },
    masterCredentials: sts.source,
    clientPlugins: [modelCheck(stsModel)],
    clientConfig: {
      region,
      ...(sts.endpoint ? { endpoint: sts.endpoint } : {}),
      ...(sts.requestHandler ? { requestHandler: sts.requestHandler } : {}),
    },
  });
}
