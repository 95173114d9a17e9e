// STS as the SDK's credential providers call it: the awsQuery protocol (a form body with
// Action=...) in, XML out. AssumeRole hands out emulated temporary credentials for the roles the
// emulator is told about (any role when told of none), checking the external id a role demands.
import type * as http from "node:http";
import type { Counters } from "./counters";
import { requestId, sendText } from "./http-io";

/** A role STS may hand out, and the external id it demands (if any). */
export interface RoleOptions {
  externalId?: string;
}

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

export class StsService {
  constructor(
    private readonly roles: () => Record<string, RoleOptions> | undefined,
    private readonly counters: () => Counters,
  ) {}

  answer(body: string, res: http.ServerResponse): void {
    const form = new URLSearchParams(body);
    if (form.get("Action") !== "AssumeRole")
      return sendStsError(res, 400, "InvalidAction", "only AssumeRole is emulated");
    this.assumeRole(form, res);
  }

  private assumeRole(form: URLSearchParams, res: http.ServerResponse): void {
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    const externalId = form.get("ExternalId") ?? undefined;
    const roles = this.roles();
    const role = roles ? roles[roleArn] : {};
    const ok = role !== undefined && (role.externalId === undefined || role.externalId === externalId);
    const calls = this.counters().assumeRole;
    calls.push({ roleArn, sessionName, externalId: externalId !== undefined, ok });
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
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials>` +
        `<AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>emulated-secret-${n}</SecretAccessKey>` +
        `<SessionToken>emulated-session-token-${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>${xml(roleArn.replace(":role/", ":assumed-role/"))}/${xml(sessionName)}</Arn>` +
        `<AssumedRoleId>AROAEMULATED:${xml(sessionName)}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>` +
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
