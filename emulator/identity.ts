// Who is calling. The SigV4 Authorization header names the access key, the region and the service
// (Credential=AKID/20261126/us-east-1/macie2/aws4_request); Macie keeps members per region, so the
// region of the signature is the region of the call. Each access key belongs to an AWS account:
// the administrator's unless told otherwise, the role's for keys AssumeRole handed out. With
// caller checks on, Macie answers any other account as it answers a stranger.
import { ACCOUNT_ID } from "./members";

export interface Signature {
  accessKeyId: string;
  region: string;
  service: string;
}

export function signatureOf(authorization: string | undefined): Signature | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/[0-9]{8}\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request/.exec(
    authorization ?? "",
  );
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}

/** What STS GetCallerIdentity answers. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface CallerOptions {
  /** Access key id → the 12-digit AWS account it belongs to; keys not listed: see Callers. */
  accounts?: Record<string, string>;
  /**
   * Answer Macie calls from any account but the administrator as Macie answers a stranger: the
   * non-member answer (default 404) for GetMember and UpdateMemberSession, an empty ListMembers.
   * @defaultValue true
   */
  enforce?: boolean;
}

export class Callers {
  private accounts = new Map<string, string>();
  private enforce = false;
  /** Keys AssumeRole handed out, with the role session they stand for. Kept across resets, like real keys. */
  private readonly issued = new Map<string, CallerIdentity>();

  /** Replaces the key → account map and turns caller checks on (unless `enforce: false`). */
  set(options: CallerOptions): void {
    const accounts = options.accounts ?? {};
    if (typeof accounts !== "object" || accounts === null) throw new Error("accounts must be an object");
    for (const [key, account] of Object.entries(accounts)) {
      if (typeof account !== "string" || !ACCOUNT_ID.test(account))
        throw new Error(`accounts.${key} must be a 12-digit account id; got ${JSON.stringify(account)}`);
    }
    if (options.enforce !== undefined && typeof options.enforce !== "boolean")
      throw new Error(`enforce must be true or false; got ${JSON.stringify(options.enforce)}`);
    this.accounts = new Map(Object.entries(accounts));
    this.enforce = options.enforce ?? true;
  }

  /** Every key the administrator's again, checks off. */
  clear(): void {
    this.accounts.clear();
    this.enforce = false;
  }

  /** Records credentials AssumeRole handed out for a session of `roleArn`. */
  issue(accessKeyId: string, roleArn: string, sessionName: string, fallbackAccount: string): CallerIdentity {
    const m = /^arn:(aws[a-z-]*):iam::([0-9]{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    const [partition, account, roleName] = m ? [m[1], m[2], m[3]] : ["aws", fallbackAccount, roleArn];
    const identity = {
      account,
      arn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      userId: `AROAEMULATED:${sessionName}`,
    };
    this.issued.set(accessKeyId, identity);
    return identity;
  }

  /** Who `accessKeyId` is: as set(), else the role session it was issued for, else the administrator. */
  identityOf(accessKeyId: string, adminAccountId: string): CallerIdentity {
    const account = this.accounts.get(accessKeyId);
    if (account === undefined) {
      const issued = this.issued.get(accessKeyId);
      if (issued) return issued;
    }
    const owner = account ?? adminAccountId;
    return { account: owner, arn: `arn:aws:iam::${owner}:user/emulated`, userId: `AIDAEMULATED${owner}` };
  }

  /** True when checks are on and the key's account is not the administrator. */
  isStranger(accessKeyId: string, adminAccountId: string): boolean {
    return this.enforce && this.identityOf(accessKeyId, adminAccountId).account !== adminAccountId;
  }
}
