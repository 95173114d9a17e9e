// A local Macie2 members API for tests, the demo and benchmarks: Node's `http` only. It answers the
// paths and verbs @aws-sdk/client-macie2 sends (GetMember: GET /members/{id}; UpdateMemberSession:
// PATCH /macie/members/{id}; ListMembers: GET /members), with restJson1 errors (x-amzn-ErrorType +
// {"message"}), and refuses requests without a SigV4 Authorization header. Members live per region,
// taken from the signature's credential scope, as Macie keeps them per region.
//
// A control API (in process, and over HTTP under /__control) seeds members, changes a status out of
// band (drift), queues faults, sets a rate limit, a busy window after each change and latency, and
// counts calls per operation.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type Operation = "GetMember" | "UpdateMemberSession" | "ListMembers";
export const OPERATIONS: readonly Operation[] = ["GetMember", "UpdateMemberSession", "ListMembers"];

export interface MemberRecord {
  accountId: string;
  relationshipStatus: string;
  email: string;
  administratorAccountId: string;
  invitedAt: string;
  updatedAt: string;
  tags: Record<string, string>;
}

export interface SeedMember {
  accountId: string;
  relationshipStatus?: string;
  region?: string;
  email?: string;
}

/**
 * A fault answers the next `times` calls of `operation` (or of any operation):
 * an HTTP error, extra latency, or a dropped connection before or after the write is applied.
 */
export type FaultKind = "403" | "409" | "429" | "500" | "503" | "latency" | "drop-before" | "drop-after";
export interface Fault {
  kind: FaultKind;
  operation?: Operation;
  times?: number;
  latencyMs?: number;
  accountId?: string;
}

export interface RateLimit {
  /** Calls per second, sustained. */
  ratePerSecond: number;
  /** Calls that may go through at once. */
  burst: number;
}

/** A role STS may hand out, and the external id it demands (if any). */
export interface RoleOptions {
  externalId?: string;
}

export interface EmulatorOptions {
  /** Roles AssumeRole accepts, by ARN; any role when left out. */
  roles?: Record<string, RoleOptions>;
  adminAccountId?: string;
  defaultRegion?: string;
  rateLimit?: RateLimit;
  busyWindowMs?: number;
  latencyMs?: number;
}

export interface OperationCounts {
  calls: number;
  /** Answers by HTTP status, e.g. {"200": 3, "429": 1}; dropped connections count under "dropped". */
  answers: Record<string, number>;
}

export interface Counters {
  operations: Record<Operation, OperationCounts>;
  /** UpdateMemberSession calls that changed a status. */
  writesApplied: number;
  /** The same, per "region/accountId". */
  writesByMember: Record<string, number>;
  throttled: number;
  unsigned: number;
  /** Calls per client, by the pulumi-macie-member-status/<version> token of the user agent ("other" without one). */
  clients: Record<string, number>;
  /** Macie calls per signing access key id. */
  accessKeys: Record<string, number>;
  /** STS AssumeRole calls, with whether an external id came (its value is not kept). */
  assumeRole: { roleArn: string; sessionName: string; externalId: boolean; ok: boolean }[];
}

const STATUS_FOR_ERROR: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  MissingAuthenticationTokenException: 403,
};

const ACCOUNT_ID = /^[0-9]{12}$/;
const CHANGEABLE: Record<string, string> = { ENABLED: "Enabled", PAUSED: "Paused" };
const PAGE_MAX = 50;

class ApiError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

function emptyCounters(): Counters {
  const operations = Object.fromEntries(OPERATIONS.map((op) => [op, { calls: 0, answers: {} }])) as Record<
    Operation,
    OperationCounts
  >;
  return {
    operations,
    writesApplied: 0,
    writesByMember: {},
    throttled: 0,
    unsigned: 0,
    clients: {},
    accessKeys: {},
    assumeRole: [],
  };
}

export class MacieEmulator {
  private server: http.Server | undefined;
  private readonly regions = new Map<string, Map<string, MemberRecord>>();
  private readonly busyUntil = new Map<string, number>();
  private faults: (Fault & { left: number })[] = [];
  private counters = emptyCounters();
  private tokens = 0;
  private tokensAt = 0;
  private options: Required<Omit<EmulatorOptions, "rateLimit" | "roles">> & {
    rateLimit?: RateLimit;
    roles?: Record<string, RoleOptions>;
  };

  constructor(options: EmulatorOptions = {}) {
    this.options = {
      adminAccountId: options.adminAccountId ?? "999999999999",
      defaultRegion: options.defaultRegion ?? "us-east-1",
      busyWindowMs: options.busyWindowMs ?? 0,
      latencyMs: options.latencyMs ?? 0,
      rateLimit: options.rateLimit,
      roles: options.roles,
    };
    this.resetBucket();
  }

  /** Starts listening on 127.0.0.1 (port 0: any free port). */
  async start(port = 0): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    return this.url;
  }

  get url(): string {
    if (!this.server) throw new Error("the emulator is not started");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- control API -------------------------------------------------------------------------

  /** Forgets members, faults, counters and busy windows; keeps the options unless given new ones. */
  reset(options?: EmulatorOptions): void {
    this.regions.clear();
    this.busyUntil.clear();
    this.faults = [];
    this.counters = emptyCounters();
    if (options) this.configure(options);
    this.resetBucket();
  }

  configure(options: EmulatorOptions): void {
    this.options = { ...this.options, ...options };
    if ("rateLimit" in options) this.resetBucket();
  }

  seed(members: SeedMember[]): void {
    const now = new Date().toISOString();
    for (const m of members) {
      if (!ACCOUNT_ID.test(m.accountId))
        throw new Error(`seed: accountId ${JSON.stringify(m.accountId)} is not 12 digits`);
      this.membersOf(m.region ?? this.options.defaultRegion).set(m.accountId, {
        accountId: m.accountId,
        relationshipStatus: m.relationshipStatus ?? "Enabled",
        email: m.email ?? `${m.accountId}@example.com`,
        administratorAccountId: this.options.adminAccountId,
        invitedAt: now,
        updatedAt: now,
        tags: {},
      });
    }
  }

  /** Changes a member's relationship status out of band, as a person in the console would. */
  setStatus(accountId: string, relationshipStatus: string, region = this.options.defaultRegion): void {
    const member = this.membersOf(region).get(accountId);
    if (!member) throw new Error(`setStatus: no member ${accountId} in ${region}`);
    member.relationshipStatus = relationshipStatus;
    member.updatedAt = new Date().toISOString();
    // A change made elsewhere keeps Macie busy just like one made through the API.
    if (this.options.busyWindowMs > 0)
      this.busyUntil.set(memberKey(region, accountId), Date.now() + this.options.busyWindowMs);
  }

  /** Drops a member, as DeleteMember would. */
  remove(accountId: string, region = this.options.defaultRegion): void {
    this.membersOf(region).delete(accountId);
  }

  member(accountId: string, region = this.options.defaultRegion): MemberRecord | undefined {
    const m = this.membersOf(region).get(accountId);
    return m && { ...m };
  }

  statuses(region = this.options.defaultRegion): Record<string, string> {
    return Object.fromEntries(
      [...this.membersOf(region).values()].map((m) => [m.accountId, m.relationshipStatus]),
    );
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  get counts(): Counters {
    return structuredClone(this.counters);
  }

  calls(operation: Operation): number {
    return this.counters.operations[operation].calls;
  }

  // ---- request handling --------------------------------------------------------------------

  private membersOf(region: string): Map<string, MemberRecord> {
    let members = this.regions.get(region);
    if (!members) {
      members = new Map();
      this.regions.set(region, members);
    }
    return members;
  }

  private resetBucket(): void {
    this.tokens = this.options.rateLimit?.burst ?? 0;
    this.tokensAt = Date.now();
  }

  /** Token bucket: true when the call may go through. */
  private takeToken(): boolean {
    const limit = this.options.rateLimit;
    if (!limit) return true;
    const now = Date.now();
    this.tokens = Math.min(limit.burst, this.tokens + ((now - this.tokensAt) / 1000) * limit.ratePerSecond);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith("/__control/")) return this.control(req.method ?? "GET", url, body, res);
      if (signatureOf(req.headers.authorization)?.service === "sts") return this.sts(body, res);
      await this.api(req, url, body, res);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError("InternalServerException", String(error));
      sendError(res, e);
    }
  }

  private route(method: string, path: string): { operation: Operation; id?: string } | undefined {
    let m: RegExpExecArray | null;
    if (method === "GET" && (m = /^\/members\/([^/]+)$/.exec(path)))
      return { operation: "GetMember", id: decodeURIComponent(m[1]) };
    if (method === "PATCH" && (m = /^\/macie\/members\/([^/]+)$/.exec(path)))
      return { operation: "UpdateMemberSession", id: decodeURIComponent(m[1]) };
    if (method === "GET" && path === "/members") return { operation: "ListMembers" };
    return undefined;
  }

  private async api(
    req: http.IncomingMessage,
    url: URL,
    body: string,
    res: http.ServerResponse,
  ): Promise<void> {
    const route = this.route(req.method ?? "GET", url.pathname);
    if (!route) throw new ApiError("ValidationException", `No operation for ${req.method} ${url.pathname}`);
    const counts = this.counters.operations[route.operation];
    counts.calls += 1;
    const client =
      /pulumi-macie-member-status\/\S+/.exec(String(req.headers["user-agent"] ?? ""))?.[0] ?? "other";
    this.counters.clients[client] = (this.counters.clients[client] ?? 0) + 1;
    const answer = (key: string) => (counts.answers[key] = (counts.answers[key] ?? 0) + 1);

    const signature = signatureOf(req.headers.authorization);
    const region = signature?.region;
    if (signature) {
      this.counters.accessKeys[signature.accessKeyId] =
        (this.counters.accessKeys[signature.accessKeyId] ?? 0) + 1;
    }
    if (!region) {
      this.counters.unsigned += 1;
      answer("403");
      throw new ApiError(
        "MissingAuthenticationTokenException",
        "Missing Authentication Token: no SigV4 Authorization header",
      );
    }
    if (this.options.latencyMs > 0) await delay(this.options.latencyMs);

    const fault = this.takeFault(route.operation, route.id);
    if (fault?.kind === "latency") await delay(fault.latencyMs ?? 1000);
    if (fault?.kind === "drop-before") {
      answer("dropped");
      req.socket.destroy();
      return;
    }
    if (fault && /^[0-9]+$/.test(fault.kind)) {
      answer(fault.kind);
      if (fault.kind === "429") this.counters.throttled += 1;
      throw faultError(fault.kind);
    }
    if (!this.takeToken()) {
      answer("429");
      this.counters.throttled += 1;
      throw new ApiError("ThrottlingException", "Rate exceeded");
    }

    try {
      const result = this.operate(route.operation, route.id, region, url, body);
      if (fault?.kind === "drop-after") {
        answer("dropped");
        req.socket.destroy();
        return;
      }
      answer("200");
      sendJson(res, 200, result);
    } catch (error) {
      if (error instanceof ApiError) answer(String(STATUS_FOR_ERROR[error.errorType] ?? 500));
      throw error;
    }
  }

  private takeFault(operation: Operation, accountId: string | undefined): Fault | undefined {
    const index = this.faults.findIndex(
      (f) => (!f.operation || f.operation === operation) && (!f.accountId || f.accountId === accountId),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.left -= 1;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private operate(
    operation: Operation,
    id: string | undefined,
    region: string,
    url: URL,
    body: string,
  ): unknown {
    switch (operation) {
      case "GetMember":
        return this.getMember(validId(id), region);
      case "UpdateMemberSession":
        return this.updateMemberSession(validId(id), region, body);
      case "ListMembers":
        return this.listMembers(region, url);
    }
  }

  private getMember(id: string, region: string): unknown {
    const member = this.membersOf(region).get(id);
    if (!member)
      throw new ApiError(
        "ResourceNotFoundException",
        "The request failed because the specified resource wasn't found.",
      );
    return this.view(member, region);
  }

  private updateMemberSession(id: string, region: string, body: string): unknown {
    const parsed = parseJson(body);
    const status = parsed.status;
    if (typeof status !== "string" || !(status in CHANGEABLE)) {
      throw new ApiError(
        "ValidationException",
        `status must be ENABLED or PAUSED; got ${JSON.stringify(status)}`,
      );
    }
    const extra = Object.keys(parsed).filter((k) => k !== "status");
    if (extra.length > 0) throw new ApiError("ValidationException", `unexpected fields: ${extra.join(", ")}`);
    const member = this.membersOf(region).get(id);
    if (!member || member.relationshipStatus === "Removed" || member.relationshipStatus === "Resigned") {
      throw new ApiError(
        "ValidationException",
        "The request failed because the account is not associated with your account.",
      );
    }
    if (!Object.values(CHANGEABLE).includes(member.relationshipStatus)) {
      throw new ApiError(
        "ValidationException",
        `The request failed because the member account's relationship status is ${member.relationshipStatus}.`,
      );
    }
    const key = memberKey(region, id);
    const now = Date.now();
    if ((this.busyUntil.get(key) ?? 0) > now) {
      throw new ApiError(
        "ConflictException",
        "The request failed because the member account is being updated.",
      );
    }
    if (member.relationshipStatus !== CHANGEABLE[status]) {
      member.relationshipStatus = CHANGEABLE[status];
      member.updatedAt = new Date(now).toISOString();
      this.counters.writesApplied += 1;
      this.counters.writesByMember[key] = (this.counters.writesByMember[key] ?? 0) + 1;
      if (this.options.busyWindowMs > 0) this.busyUntil.set(key, now + this.options.busyWindowMs);
    }
    return {};
  }

  private listMembers(region: string, url: URL): unknown {
    const maxRaw = url.searchParams.get("maxResults");
    const maxResults = maxRaw === null ? PAGE_MAX : Number(maxRaw);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > PAGE_MAX) {
      throw new ApiError("ValidationException", `maxResults must be 1-${PAGE_MAX}`);
    }
    const onlyAssociated = url.searchParams.get("onlyAssociated") !== "false";
    const all = [...this.membersOf(region).values()]
      .filter((m) => !onlyAssociated || ["Enabled", "Paused"].includes(m.relationshipStatus))
      .sort((a, b) => a.accountId.localeCompare(b.accountId));
    const start = Number(url.searchParams.get("nextToken") ?? "0");
    if (!Number.isInteger(start) || start < 0)
      throw new ApiError("ValidationException", "nextToken is not valid");
    const page = all.slice(start, start + maxResults);
    const next = start + maxResults < all.length ? String(start + maxResults) : undefined;
    return { members: page.map((m) => this.view(m, region)), ...(next ? { nextToken: next } : {}) };
  }

  private view(member: MemberRecord, region: string): Record<string, unknown> {
    return {
      accountId: member.accountId,
      administratorAccountId: member.administratorAccountId,
      masterAccountId: member.administratorAccountId,
      arn: `arn:aws:macie2:${region}:${member.administratorAccountId}:member/${member.accountId}`,
      email: member.email,
      invitedAt: member.invitedAt,
      relationshipStatus: member.relationshipStatus,
      tags: member.tags,
      updatedAt: member.updatedAt,
    };
  }

  // ---- STS (awsQuery protocol: form body in, XML out) ----------------------------------------

  private sts(body: string, res: http.ServerResponse): void {
    const form = new URLSearchParams(body);
    if (form.get("Action") !== "AssumeRole")
      return sendStsError(res, 400, "InvalidAction", "only AssumeRole is emulated");
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    const externalId = form.get("ExternalId") ?? undefined;
    const role = this.options.roles ? this.options.roles[roleArn] : {};
    const ok = role !== undefined && (role.externalId === undefined || role.externalId === externalId);
    this.counters.assumeRole.push({ roleArn, sessionName, externalId: externalId !== undefined, ok });
    if (!ok) {
      return sendStsError(
        res,
        403,
        "AccessDenied",
        `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const n = this.counters.assumeRole.length;
    const accessKeyId = `ASIAEMULATED${String(n).padStart(8, "0")}`;
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    const xml =
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
      `<AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>emulated-secret-${n}</SecretAccessKey>` +
      `<SessionToken>emulated-session-token-${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<AssumedRoleUser><Arn>${roleArn.replace(":role/", ":assumed-role/")}/${sessionName}</Arn>` +
      `<AssumedRoleId>AROAEMULATED:${sessionName}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>` +
      `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
    res.writeHead(200, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml) });
    res.end(xml);
  }

  // ---- control API over HTTP ---------------------------------------------------------------

  private control(method: string, url: URL, body: string, res: http.ServerResponse): void {
    const parsed = body ? parseJson(body) : {};
    const what = `${method} ${url.pathname}`;
    switch (what) {
      case "POST /__control/reset":
        this.reset(parsed);
        break;
      case "POST /__control/configure":
        this.configure(parsed);
        break;
      case "POST /__control/members":
        this.seed((parsed as { members: SeedMember[] }).members);
        break;
      case "POST /__control/status": {
        const p = parsed as { accountId: string; relationshipStatus: string; region?: string };
        this.setStatus(p.accountId, p.relationshipStatus, p.region);
        break;
      }
      case "POST /__control/faults":
        this.addFault(parsed as unknown as Fault);
        break;
      case "GET /__control/counters":
        return sendJson(res, 200, this.counts);
      case "GET /__control/members":
        return sendJson(res, 200, this.statuses(url.searchParams.get("region") ?? undefined));
      default:
        throw new ApiError("ValidationException", `unknown control call ${what}`);
    }
    sendJson(res, 200, { ok: true });
  }
}

export function memberKey(region: string, accountId: string): string {
  return `${region}/${accountId}`;
}

/** The SigV4 credential scope: Credential=AKID/20261126/us-east-1/macie2/aws4_request. */
function signatureOf(
  authorization: string | undefined,
): { accessKeyId: string; region: string; service: string } | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/[0-9]{8}\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request/.exec(
    authorization ?? "",
  );
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}

function validId(id: string | undefined): string {
  if (!id || !ACCOUNT_ID.test(id))
    throw new ApiError("ValidationException", `id must be a 12-digit account id; got ${JSON.stringify(id)}`);
  return id;
}

function faultError(kind: string): ApiError {
  switch (kind) {
    case "403":
      return new ApiError(
        "AccessDeniedException",
        "User is not authorized to perform this action on this member account.",
      );
    case "409":
      return new ApiError(
        "ConflictException",
        "The request failed because the member account is being updated.",
      );
    case "429":
      return new ApiError("ThrottlingException", "Rate exceeded");
    case "503":
      return new ApiError("ServiceUnavailableException", "Service unavailable");
    default:
      return new ApiError("InternalServerException", "Internal server error");
  }
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || "{}");
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new ApiError("ValidationException", "The request body is not a JSON object.");
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": requestId(),
  });
  res.end(text);
}

function sendStsError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const xml =
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`;
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml) });
  res.end(xml);
}

function sendError(res: http.ServerResponse, error: ApiError): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify({ message: error.message });
  res.writeHead(STATUS_FOR_ERROR[error.errorType] ?? 500, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-amzn-errortype": error.errorType,
    "x-amzn-requestid": requestId(),
  });
  res.end(text);
}

let requests = 0;
function requestId(): string {
  requests += 1;
  return `emu-${process.pid}-${requests}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
