// A local Macie2 members API for tests, the demo, benchmarks and users' own tests: Node's `http`
// only. MacieEmulator is the façade: it composes the members model (members.ts), the three
// operations (operations.ts) behind the request pipeline (macie-api.ts), queued faults
// (faults.ts), the rate limit (rate-limit.ts), STS (sts.ts) and the HTTP control API
// (control.ts), and owns their settings and counters. Its methods are the in-process control API.
//
// What it answers and how to drive it: emulator/README.md.
import type * as http from "node:http";
import { answerControl } from "./control";
import { emptyCounters, type Counters } from "./counters";
import { ApiError } from "./errors";
import type { Fault } from "./faults";
import { FaultQueue } from "./faults";
import { readBody, sendError } from "./http-io";
import { signatureOf } from "./identity";
import { MacieApi } from "./macie-api";
import { MemberStore, type MemberRecord, type SeedMember } from "./members";
import { MemberOperations } from "./operations";
import { defaultSettings, type EmulatorOptions, type Settings } from "./options";
import { TokenBucket } from "./rate-limit";
import type { Operation } from "./routes";
import { EmulatorServer } from "./server";
import { StsService } from "./sts";

// The names other code imports from here.
export { OPERATIONS, type Operation } from "./routes";
export { memberKey, type MemberRecord, type SeedMember } from "./members";
export type { Fault, FaultKind } from "./faults";
export type { RateLimit } from "./rate-limit";
export type { RoleOptions } from "./sts";
export type { EmulatorOptions } from "./options";
export type { Counters, OperationCounts } from "./counters";

export class MacieEmulator {
  private readonly server = new EmulatorServer();
  private settings: Settings;
  private counters = emptyCounters();
  private readonly store: MemberStore;
  private readonly faults = new FaultQueue();
  private readonly bucket: TokenBucket;
  private readonly api: MacieApi;
  private readonly sts: StsService;

  constructor(options: EmulatorOptions = {}) {
    this.settings = defaultSettings(options);
    this.bucket = new TokenBucket(this.settings.rateLimit);
    this.store = new MemberStore(() => this.settings);
    this.api = new MacieApi({
      operations: new MemberOperations(this.store, () => this.counters),
      faults: this.faults,
      bucket: this.bucket,
      counters: () => this.counters,
      latencyMs: () => this.settings.latencyMs,
    });
    this.sts = new StsService(
      () => this.settings.roles,
      () => this.counters,
    );
  }

  /** Starts listening on 127.0.0.1 (port 0: any free port). */
  start(port = 0): Promise<string> {
    return this.server.start((req, res) => void this.handle(req, res), port);
  }

  get url(): string {
    return this.server.url;
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  // ---- control API -------------------------------------------------------------------------

  /** Forgets members, faults, counters and busy windows; keeps the options unless given new ones. */
  reset(options?: EmulatorOptions): void {
    this.store.clear();
    this.faults.clear();
    this.counters = emptyCounters();
    if (options) this.configure(options);
    this.bucket.reset(this.settings.rateLimit);
  }

  configure(options: EmulatorOptions): void {
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

  statuses(region = this.settings.defaultRegion): Record<string, string> {
    return Object.fromEntries(this.store.list(region).map((m) => [m.accountId, m.relationshipStatus]));
  }

  addFault(fault: Fault): void {
    this.faults.add(fault);
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
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith("/__control/"))
        return answerControl(this, req.method ?? "GET", url, body, res);
      if (signatureOf(req.headers.authorization)?.service === "sts") return this.sts.answer(body, res);
      await this.api.answer(req, url, body, res);
    } catch (error) {
      sendError(
        res,
        error instanceof ApiError ? error : new ApiError("InternalServerException", String(error)),
      );
    }
  }
}
