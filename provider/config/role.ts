// The role to assume for every call (macie:roleArn, macie:externalId, macie:sessionName), read and
// checked with the rest of the configuration; aws/credentials.ts turns it into the SDK's
// assume-role provider. The external id is a secret: its value is never shown in a message.

export interface RoleToAssume {
  roleArn: string;
  externalId?: string;
  sessionName: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

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
