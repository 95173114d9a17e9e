// Credentials: the AWS SDK's default chain (env, shared config and SSO, web identity), or, for
// pipelines that run in another account, a role assumed with STS through the SDK's own provider.
// The external id is a secret: it comes from the stack config the engine hands to `configure`,
// and never reaches state, logs or error messages.
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { sts as stsModel } from "../../model/api-model";
import { modelCheck } from "./model-check";

export interface RoleToAssume {
  roleArn: string;
  externalId?: string;
  sessionName: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** Static credentials, or the SDK's provider of them; undefined means the SDK's default chain. */
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** macie:roleArn, macie:externalId, macie:sessionName (read by bare key); throws on bad values, naming the key. */
export function roleFromConfig(get: (key: string) => string | undefined): RoleToAssume | undefined {
  const roleArn = get("roleArn");
  const externalId = get("externalId");
  const sessionName = get("sessionName") ?? "pulumi-macie-member-status";
  if (roleArn === undefined) {
    if (externalId !== undefined)
      throw new Error("Pulumi config macie:externalId is set but macie:roleArn is not");
    return undefined;
  }
  if (!ROLE_ARN.test(roleArn)) {
    throw new Error(
      `Pulumi config macie:roleArn must be an IAM role ARN like "arn:aws:iam::123456789012:role/macie-admin"; got ${JSON.stringify(roleArn)}`,
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw new Error(
      `Pulumi config macie:sessionName must be 2-64 characters of letters, digits and +=,.@_-; got ${JSON.stringify(sessionName)}`,
    );
  }
  // The value itself is never shown.
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new Error(
      "Pulumi config macie:externalId must be 2-1224 characters of letters, digits and +=,.@:/_-",
    );
  }
  return { roleArn, externalId, sessionName };
}

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
