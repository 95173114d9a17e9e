// A local Macie2 members API for tests, the demo, benchmarks and users' own tests: Node's `http`
// only. MacieEmulator is the façade: it composes the members model with its read lag
// (members.ts), the three operations (operations.ts) behind the request pipeline (macie-api.ts),
// queued faults (faults.ts) and the answers they spoil (hostile.ts), Macie's non-member answers
// (non-member.ts), the rate limit (rate-limit.ts), caller accounts (identity.ts), signature checks
// (sigv4.ts), STS (sts.ts) and the HTTP control API (control.ts), and owns their settings, counters
// and clock (clock.ts). Its methods are the in-process control API; hostile modes last until reset().
//
// What it answers and how to drive it: emulator/README.md.
import type * as http from "node:http";
import { realTime } from "./clock";
import { answerControl } from "./control";
import { emptyCounters, type Counters } from "./counters";
import { ApiError } from "./errors";
import { FaultQueue, type Fault } from "./faults";
import { HeldConnections } from "./hostile";
import { readBody, sendError } from "./http-io";
import { Callers, signatureOf, type CallerIdentity, type CallerOptions } from "./identity";
import { MacieApi } from "./macie-api";
import { MemberStore, type MemberRecord, type SeedMember } from "./members";
import { checkNonMemberAnswer, type NonMemberAnswer } from "./non-member";
import { MemberOperations } from "./operations";
import {
  checkOptions,
  defaultSettings,
  type EmulatorOptions,
  type NewEmulatorOptions,
  type Settings,
} from "./options";
import { TokenBucket } from "./rate-limit";
import type { Operation } from "./routes";
import { EmulatorServer } from "./server";
import { Signatures } from "./sigv4";
import { StsService } from "./sts";

// The names other code imports from here.
export { OPERATIONS, type Operation } from "./routes";
export { memberKey, type MemberRecord, type SeedMember } from "./members";
export type { Fault, FaultKind, MalformedBody } from "./faults";
export type { NonMemberAnswer } from "./non-member";
export type { CallerIdentity, CallerOptions } from "./identity";
export type { RateLimit } from "./rate-limit";
export type { RoleOptions } from "./sts";
export type { EmulatorOptions, NewEmulatorOptions } from "./options";
export type { EmulatorClock } from "./clock";
export type { Counters, OperationCounts } from "./counters";

export class MacieEmulator {
  private readonly server = new EmulatorServer();
  private settings: Settings;
  private counters = emptyCounters();
  private readonly store: MemberStore;
  private readonly faults = new FaultQueue();
  private readonly held = new HeldConnections();
  private readonly callers = new Callers();
  private readonly signatures = new Signatures();
  private nonMember: NonMemberAnswer | undefined;
  private readonly bucket: TokenBucket;
  private readonly api: MacieApi;
  private readonly sts: StsService;

  constructor({ clock = realTime, ...options }: NewEmulatorOptions = {}) {
    checkOptions(options);
    this.settings = defaultSettings(options);
    this.bucket = new TokenBucket(this.settings.rateLimit, clock);
    this.store = new MemberStore(() => this.settings, clock);
    const counters = () => this.counters;
    const adminAccountId = () => this.settings.adminAccountId;
    const nonMemberAnswer = () => this.nonMember;
    this.api = new MacieApi({
      operations: new MemberOperations({ store: this.store, counters, nonMemberAnswer }),
      faults: this.faults,
      bucket: this.bucket,
      held: this.held,
      callers: this.callers,
      signatures: this.signatures,
      counters,
      latencyMs: () => this.settings.latencyMs,
      adminAccountId,
      nonMemberAnswer,
    });
    this.sts = new StsService({
      roles: () => this.settings.roles,
      adminAccountId,
      callers: this.callers,
      signatures: this.signatures,
      counters,
    });
  }

  /** Starts listening on 127.0.0.1 (port 0: any free port). */
  start(port = 0): Promise<string> {
    return this.server.start((req, res) => void this.handle(req, res), port);
  }

  get url(): string {
    return this.server.url;
  }

  /** Stops listening and ends every connection, held ones included; resolves once the port is free. */
  async stop(): Promise<void> {
    this.held.release();
    await this.server.stop();
  }

  // ---- control API -------------------------------------------------------------------------

  /**
   * Forgets members, faults, counters, busy windows and every hostile mode (read lag, non-member
   * answer, caller and signature checks), and ends held connections; keeps the options unless
   * given new ones.
   */
  reset(options?: EmulatorOptions): void {
    this.store.clear();
    this.faults.clear();
    this.held.release();
    this.callers.clear();
    this.signatures.check(undefined);
    this.nonMember = undefined;
    this.counters = emptyCounters();
    if (options) this.configure(options);
    this.bucket.reset(this.settings.rateLimit);
  }

  /** Changes the given options only; throws, naming the field, for a bad one. */
  configure(options: EmulatorOptions): void {
    checkOptions(options);
    this.settings = { ...this.settings, ...options };
    if ("rateLimit" in options) this.bucket.reset(this.settings.rateLimit);
  }

  seed(members: SeedMember[]): void {
    this.store.seed(members);
  }

  /** Changes a member's relationship status out of band, as a person in the console would. */
  setStatus(accountId: string, relationshipStatus: string, region = this.settings.defaultRegion): void {
    this.store.setStatus(region, accountId, relationshipStatus);
  }

  /** Drops a member, as DeleteMember would. */
  remove(accountId: string, region = this.settings.defaultRegion): void {
    this.store.remove(region, accountId);
  }

  member(accountId: string, region = this.settings.defaultRegion): MemberRecord | undefined {
    const m = this.store.get(region, accountId);
    return m && { ...m };
  }

  /** The regions that have members, sorted. */
  regions(): string[] {
    return this.store.regions();
  }

  get adminAccountId(): string {
    return this.settings.adminAccountId;
  }

  statuses(region = this.settings.defaultRegion): Record<string, string> {
    return Object.fromEntries(this.store.list(region).map((m) => [m.accountId, m.relationshipStatus]));
  }

  /** Queues a fault (see FaultKind); throws, naming the field, for one that is not valid. */
  addFault(fault: Fault): void {
    this.faults.add(fault);
  }

  /** Drops every queued fault (connections already held stay held: see release). */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Ends every held or stalled connection now; how many there were. */
  release(): number {
    return this.held.release();
  }

  /**
   * Eventual consistency: for `lagMs` after a status change (a write or setStatus), GetMember and
   * ListMembers still show the status from before it. The change itself is applied at once (writes,
   * the busy window, member() and statuses() see it). 0 turns the lag off.
   */
  setReadLag(lagMs: number): void {
    this.store.setReadLag(lagMs);
  }

  /**
   * What Macie answers for an account that is not a member (to GetMember and UpdateMemberSession)
   * and to a stranger: "not-found" (404), "not-associated" (400), "not-enabled" (403) or
   * "associated-conflict" (409). undefined: GetMember 404 and UpdateMemberSession "not-associated"
   * for unknown members, 404 for strangers.
   */
  setNonMemberAnswer(answer: NonMemberAnswer | undefined): void {
    this.nonMember = answer === undefined ? undefined : checkNonMemberAnswer(answer);
  }

  /**
   * Which AWS account each access key belongs to (keys not listed: the administrator's; keys from
   * AssumeRole: the role's), and turns caller checks on unless `enforce: false`: Macie calls from
   * any account but the administrator then answer as to a stranger. reset() turns them off.
   */
  setCallers(options: CallerOptions): void {
    this.callers.set(options);
  }

  /**
   * Checks every SigV4 signature (Macie and STS) against these secrets, by access key id; keys from
   * AssumeRole are known too. A key not listed answers 403 UnrecognizedClientException, a wrong
   * signature 403 InvalidSignatureException. undefined (and reset()) turns checks off: then any
   * signature passes, only its presence is required.
   */
  checkSignatures(secrets: Record<string, string> | undefined): void {
    this.signatures.check(secrets);
  }

  /** Who STS GetCallerIdentity says the holder of `accessKeyId` is. */
  callerIdentity(accessKeyId: string): CallerIdentity {
    return this.callers.identityOf(accessKeyId, this.settings.adminAccountId);
  }

  get counts(): Counters {
    return structuredClone(this.counters);
  }

  calls(operation: Operation): number {
    return this.counters.operations[operation].calls;
  }

  // ---- requests ----------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith("/__control/"))
        return answerControl(
          this,
          { method: req.method ?? "GET", url, headers: req.headers },
          raw.toString("utf8"),
          res,
        );
      const signature = signatureOf(req.headers.authorization);
      if (signature?.service === "sts") return this.sts.answer(req, raw, signature, res);
      await this.api.answer(req, url, raw, res);
    } catch (error) {
      sendError(
        res,
        error instanceof ApiError ? error : new ApiError("InternalServerException", String(error)),
      );
    }
  }
}
