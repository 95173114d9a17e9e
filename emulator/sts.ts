// STS as the SDK calls it: the awsQuery protocol (a form body with Action=...) in, XML out. Each
// form is read and checked by STS's published API model (model/sts.json): a request that breaks
// it answers 400 ValidationError, as STS does.
// AssumeRole hands out emulated temporary credentials for the roles the emulator is told about
// (any role when told of none), checking the external id a role demands; the keys it hands out
// belong to the role's account. GetCallerIdentity answers the account of the signing key.
import type * as http from "node:http";
import { sts as stsModel } from "../model/api-model";
import { validationMessage, violationsOf, type Violation } from "../model/constraints";
import { decodeQuery } from "../model/wire";
import { tally, type Counters } from "./counters";
import { requestId, sendText } from "./http-io";
import type { Callers, Signature } from "./identity";
import type { Signatures } from "./sigv4";

/** A role STS may hand out, and the external id it demands (if any). */
export interface RoleOptions {
  externalId?: string;
}

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

export interface StsParts {
  roles: () => Record<string, RoleOptions> | undefined;
  adminAccountId: () => string;
  callers: Callers;
  signatures: Signatures;
  counters: () => Counters;
}

/** STS's own codes for a signature that does not check out. */
const BAD_SIGNATURE = {
  "unknown-key": ["InvalidClientTokenId", "The security token included in the request is invalid."],
  mismatch: [
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided.",
  ],
  malformed: ["IncompleteSignature", "The request signature does not conform to AWS standards."],
} as const;

export class StsService {
  constructor(private readonly parts: StsParts) {}

  answer(req: http.IncomingMessage, raw: Buffer, signature: Signature, res: http.ServerResponse): void {
    const form = new URLSearchParams(raw.toString("utf8"));
    const action = form.get("Action") ?? "";
    const counters = this.parts.counters();
    tally(counters.sts, action || "(none)");
    const verdict = this.parts.signatures.verify(req, raw);
    if (verdict !== "ok") {
      counters.badSignatures += 1;
      const [code, message] = BAD_SIGNATURE[verdict];
      return sendStsError(res, 403, code, message);
    }
    if (action !== "AssumeRole" && action !== "GetCallerIdentity")
      return sendStsError(res, 400, "InvalidAction", "only AssumeRole and GetCallerIdentity are emulated");
    const violations = this.violations(action, form);
    if (violations.length > 0) {
      const message = validationMessage(violations);
      counters.modelViolations.push({ operation: action, message });
      return sendStsError(res, 400, "ValidationError", xml(message));
    }
    if (action === "AssumeRole") return this.assumeRole(form, signature, res);
    this.getCallerIdentity(signature, res);
  }

  /** What breaks STS's model in the form, named as STS names members in its messages (roleSessionName). */
  private violations(action: string, form: URLSearchParams): Violation[] {
    const operation = stsModel.operations[action];
    const { input, violations } = decodeQuery(stsModel, operation, form);
    violations.push(...violationsOf(stsModel, operation.input!.shape, input));
    return violations.map((v) => ({
      ...v,
      at: v.at.replace(/(^|\.)([A-Z])/g, (_, dot: string, c: string) => dot + c.toLowerCase()),
    }));
  }

  private getCallerIdentity(signature: Signature, res: http.ServerResponse): void {
    const who = this.parts.callers.identityOf(signature.accessKeyId, this.parts.adminAccountId());
    sendXml(
      res,
      200,
      `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult>` +
        `<Arn>${xml(who.arn)}</Arn><UserId>${xml(who.userId)}</UserId><Account>${who.account}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata>` +
        `</GetCallerIdentityResponse>`,
    );
  }

  private assumeRole(form: URLSearchParams, signature: Signature, res: http.ServerResponse): void {
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    const externalId = form.get("ExternalId") ?? undefined;
    const roles = this.parts.roles();
    const role = roles ? roles[roleArn] : {};
    const ok = role !== undefined && (role.externalId === undefined || role.externalId === externalId);
    const calls = this.parts.counters().assumeRole;
    calls.push({
      roleArn,
      sessionName,
      externalId: externalId !== undefined,
      ok,
      signedBy: signature.accessKeyId,
    });
    if (!ok) {
      return sendStsError(
        res,
        403,
        "AccessDenied",
        `User is not authorized to perform: sts:AssumeRole on resource: ${xml(roleArn)}`,
      );
    }
    // Numbered by the AssumeRole calls since the last reset, so tests can name the key they expect.
    const n = calls.length;
    const accessKeyId = `ASIAEMULATED${String(n).padStart(8, "0")}`;
    const who = this.parts.callers.issue(accessKeyId, roleArn, sessionName, this.parts.adminAccountId());
    this.parts.signatures.issue(accessKeyId, `emulated-secret-${n}`);
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials>` +
        `<AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>emulated-secret-${n}</SecretAccessKey>` +
        `<SessionToken>emulated-session-token-${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>${xml(who.arn)}</Arn>` +
        `<AssumedRoleId>${xml(who.userId)}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>` +
        `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }
}

/** Text as XML character data: what callers sent (role ARN, session name) goes back escaped. */
function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendXml(res: http.ServerResponse, status: number, xml: string): void {
  sendText(res, status, "text/xml", xml);
}

function sendStsError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type>` +
      `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  );
}
