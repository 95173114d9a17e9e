// The roles to assume for every call, in order (a chain: each assumed with the one before): either
// macie:roleArn (with macie:externalId, macie:sessionName), or Pulumi's own aws:assumeRoles /
// aws:assumeRole (aws-config.ts), read and checked with the rest of the configuration;
// aws/credentials.ts turns them into the SDK's assume-role providers. The external id is a secret:
// its value is never shown in a message.

export interface RoleToAssume {
  roleArn: string;
  externalId?: string;
  sessionName: string;
  /** STS DurationSeconds; undefined: STS's default (one hour). */
  durationSeconds?: number;
  /** An inline session policy (JSON), which narrows what the session may do. */
  policy?: string;
  /** Managed session policies' ARNs, which narrow what the session may do. */
  policyArns?: string[];
  sourceIdentity?: string;
  /** Session tags. */
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
}

/** The session name when none is configured. */
export const DEFAULT_SESSION_NAME = "pulumi-macie-member-status";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** The config keys a role's fields came from, for messages: `macie:roleArn`, `aws:assumeRoles[1].roleArn`. */
export interface RoleKeys {
  roleArn: string;
  externalId: string;
  sessionName: string;
}

/** Throws, naming the key, for a role ARN, session name or external id (value never shown) STS would refuse. */
export function checkRole(role: RoleToAssume, keys: RoleKeys): void {
  if (!ROLE_ARN.test(role.roleArn)) {
    throw new Error(
      `Pulumi config ${keys.roleArn} must be an IAM role ARN like "arn:aws:iam::123456789012:role/macie-admin"; got ${JSON.stringify(role.roleArn)}`,
    );
  }
  if (!SESSION_NAME.test(role.sessionName)) {
    throw new Error(
      `Pulumi config ${keys.sessionName} must be 2-64 characters of letters, digits and +=,.@_-; got ${JSON.stringify(role.sessionName)}`,
    );
  }
  // The value itself is never shown.
  if (role.externalId !== undefined && !EXTERNAL_ID.test(role.externalId)) {
    throw new Error(
      `Pulumi config ${keys.externalId} must be 2-1224 characters of letters, digits and +=,.@:/_-`,
    );
  }
}

/** macie:roleArn, macie:externalId, macie:sessionName (read by bare key); throws on bad values, naming the key. */
export function roleFromConfig(get: (key: string) => string | undefined): RoleToAssume | undefined {
  const roleArn = get("roleArn");
  const externalId = get("externalId");
  const sessionName = get("sessionName") ?? DEFAULT_SESSION_NAME;
  if (roleArn === undefined) {
    if (externalId !== undefined)
      throw new Error("Pulumi config macie:externalId is set but macie:roleArn is not");
    return undefined;
  }
  const role = { roleArn, externalId, sessionName };
  checkRole(role, {
    roleArn: "macie:roleArn",
    externalId: "macie:externalId",
    sessionName: "macie:sessionName",
  });
  return role;
}
