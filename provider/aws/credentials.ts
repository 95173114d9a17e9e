// Credentials: the AWS SDK's own providers, never hand-written ones. The calls' own credentials
// (the source) are the SDK's default chain (env, shared config and SSO, web identity), or what
// the stack config names — Pulumi's aws:accessKey/aws:secretKey, or aws:profile through the SDK's
// fromIni — and on top of them the role chain, each link the SDK's assume-role provider with the
// link before as its master credentials. External ids and keys come from the stack config the
// engine hands to `configure`, and never reach state, logs or error messages.
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from "@smithy/core";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { sts as stsModel } from "../../model/api-model";
import type { CredentialSource } from "../config/aws-config";
import type { RoleToAssume } from "../config/role";
import { modelCheck } from "./model-check";

/** Static credentials, or the SDK's provider of them; undefined means the SDK's default chain. */
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Where and how STS is called for the roles: the caller's own credentials, endpoint, HTTP bounds. */
export interface StsOptions {
  /** undefined: the SDK's default chain. */
  source?: Credentials;
  endpoint?: string;
  requestHandler?: object;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
}

/** The STS client configuration every provider here hands the SDK for its own STS calls. */
function stsClientConfig(region: string, sts: Omit<StsOptions, "source">): Record<string, unknown> {
  return {
    region,
    ...(sts.endpoint ? { endpoint: sts.endpoint } : {}),
    ...(sts.requestHandler ? { requestHandler: sts.requestHandler } : {}),
    ...(sts.useFipsEndpoint ? { useFipsEndpoint: true } : {}),
    ...(sts.useDualstackEndpoint ? { useDualstackEndpoint: true } : {}),
  };
}

/**
 * The calls' own credentials as the stack config names them: static keys, else the profile (the
 * SDK's fromIni, which also follows the profile's role_arn, SSO and credential_process), else the
 * SDK's default chain reading the named files; undefined when the config names none of these.
 */
export function sourceCredentials(
  source: CredentialSource,
  region: string,
  sts: Omit<StsOptions, "source"> = {},
): Credentials | undefined {
  if (source.keys) {
    const { accessKeyId, secretAccessKey, sessionToken } = source.keys;
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  const files = {
    ...(source.credentialsFile ? { filepath: source.credentialsFile } : {}),
    ...(source.configFile ? { configFilepath: source.configFile } : {}),
  };
  const clientConfig = stsClientConfig(region, sts);
  if (source.profile) return fromIni({ profile: source.profile, ...files, clientConfig });
  if (files.filepath || files.configFilepath) return fromNodeProviderChain({ ...files, clientConfig });
  return undefined;
}

/** The SDK's assume-role credential provider for `role`, refreshed by the SDK before expiry. */
export function assumeRoleCredentials(
  role: RoleToAssume,
  region: string,
  sts: StsOptions = {},
): AwsCredentialIdentityProvider {
  return fromTemporaryCredentials({
    params: {
      RoleArn: role.roleArn,
      ExternalId: role.externalId,
      RoleSessionName: role.sessionName,
      ...(role.durationSeconds !== undefined ? { DurationSeconds: role.durationSeconds } : {}),
      ...(role.policy !== undefined ? { Policy: role.policy } : {}),
      ...(role.policyArns ? { PolicyArns: role.policyArns.map((arn) => ({ arn })) } : {}),
      ...(role.sourceIdentity !== undefined ? { SourceIdentity: role.sourceIdentity } : {}),
      ...(role.tags ? { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
      ...(role.transitiveTagKeys ? { TransitiveTagKeys: role.transitiveTagKeys } : {}),
    },
    masterCredentials: sts.source,
    clientPlugins: [modelCheck(stsModel)],
    clientConfig: stsClientConfig(region, sts),
  });
}

/**
 * The credentials every call is signed with: `sts.source`, then each role of `roles` assumed with
 * the credentials before it. Each link's STS client keeps the link before it until it nears expiry;
 * the result is kept the same way (the SDK's own memoization, as a client does), so the Macie and
 * STS clients that share it cost one AssumeRole per link until the last session nears expiry.
 */
export function chainCredentials(
  roles: readonly RoleToAssume[],
  region: string,
  sts: StsOptions = {},
): Credentials | undefined {
  let credentials = sts.source;
  for (const role of roles)
    credentials = assumeRoleCredentials(role, region, { ...sts, source: credentials });
  if (typeof credentials !== "function") return credentials;
  return memoizeIdentityProvider(credentials, isIdentityExpired, doesIdentityRequireRefresh);
}
