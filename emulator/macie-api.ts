// One Macie call from arrival to answer, in the order Macie would meet it: count it, check the
// signature, wait out latency, play a queued fault, take a rate-limit token, then answer from the
// members model. Every call is counted once under its answer.
import type * as http from "node:http";
import { tally, type Counters } from "./counters";
import { ApiError, throttled, validationError } from "./errors";
import { faultError, isErrorFault, type FaultQueue } from "./faults";
import { delay, sendJson } from "./http-io";
import { signatureOf } from "./identity";
import type { MemberOperations } from "./operations";
import type { TokenBucket } from "./rate-limit";
import { route } from "./routes";

export interface MacieApiParts {
  operations: MemberOperations;
  faults: FaultQueue;
  bucket: TokenBucket;
  counters: () => Counters;
  latencyMs: () => number;
}

export class MacieApi {
  constructor(private readonly parts: MacieApiParts) {}

  async answer(req: http.IncomingMessage, url: URL, body: string, res: http.ServerResponse): Promise<void> {
    const found = route(req.method ?? "GET", url.pathname);
    if (!found) throw validationError(`No operation for ${req.method} ${url.pathname}`);
    const counters = this.parts.counters();
    const counts = counters.operations[found.operation];
    counts.calls += 1;
    const answered = (key: string) => tally(counts.answers, key);
    tally(counters.clients, clientOf(req));

    const signature = signatureOf(req.headers.authorization);
    if (signature) tally(counters.accessKeys, signature.accessKeyId);
    if (!signature) {
      counters.unsigned += 1;
      answered("403");
      throw new ApiError(
        "MissingAuthenticationTokenException",
        "Missing Authentication Token: no SigV4 Authorization header",
      );
    }
    const latencyMs = this.parts.latencyMs();
    if (latencyMs > 0) await delay(latencyMs);

    const fault = this.parts.faults.take(found.operation, found.id);
    if (fault?.kind === "latency") await delay(fault.latencyMs ?? 1000);
    if (fault?.kind === "drop-before") {
      answered("dropped");
      req.socket.destroy();
      return;
    }
    if (fault && isErrorFault(fault)) {
      answered(fault.kind);
      if (fault.kind === "429") counters.throttled += 1;
      throw faultError(fault.kind);
    }
    if (!this.parts.bucket.take()) {
      answered("429");
      counters.throttled += 1;
      throw throttled();
    }

    let result: Record<string, unknown>;
    try {
      result = this.parts.operations.answer({ ...found, region: signature.region, url, body });
    } catch (error) {
      if (error instanceof ApiError) answered(String(error.status));
      throw error;
    }
    if (fault?.kind === "drop-after") {
      answered("dropped");
      req.socket.destroy();
      return;
    }
    answered("200");
    sendJson(res, 200, result);
  }
}

/** The pulumi-macie-member-status/<version> token of the user agent, or "other". */
function clientOf(req: http.IncomingMessage): string {
  return /pulumi-macie-member-status\/\S+/.exec(String(req.headers["user-agent"] ?? ""))?.[0] ?? "other";
}
