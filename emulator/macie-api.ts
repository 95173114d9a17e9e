// One Macie call from arrival to answer, in the order Macie would meet it: count it, check the
// signature, read the request by Macie's API model (a request that breaks it is a 400 naming each
// violation), wait out latency, play a queued fault, take a rate-limit token, turn away strangers,
// answer from the members model, and deliver the answer (or spoil it, as a fault says). Every call
// is counted once, under its answer.
import type * as http from "node:http";
import { tally, type Counters } from "./counters";
import { macie2, operationOf } from "../model/api-model";
import { violationsOf } from "../model/constraints";
import { decodeRestJson } from "../model/wire";
import { ApiError, badSignature, modelViolation, throttled, validationError } from "./errors";
import { faultError, type Fault, type FaultQueue } from "./faults";
import { sendMalformed, type HeldConnections } from "./hostile";
import { delay, sendJson } from "./http-io";
import { signatureOf, type Callers, type Signature } from "./identity";
import { nonMemberError, type NonMemberAnswer } from "./non-member";
import type { Answer, Call, MemberOperations } from "./operations";
import type { TokenBucket } from "./rate-limit";
import { route, type Route } from "./routes";
import type { Signatures } from "./sigv4";

export interface MacieApiParts {
  operations: MemberOperations;
  faults: FaultQueue;
  bucket: TokenBucket;
  held: HeldConnections;
  callers: Callers;
  signatures: Signatures;
  counters: () => Counters;
  latencyMs: () => number;
  adminAccountId: () => string;
  nonMemberAnswer: () => NonMemberAnswer | undefined;
}

/** Counts the call's answer under `key`. */
type Answered = (key: string) => void;

export class MacieApi {
  constructor(private readonly parts: MacieApiParts) {}

  async answer(req: http.IncomingMessage, url: URL, raw: Buffer, res: http.ServerResponse): Promise<void> {
    const found = route(req.method ?? "GET", url.pathname);
    if (!found) throw validationError(`No operation for ${req.method} ${url.pathname}`);
    const counters = this.parts.counters();
    const counts = counters.operations[found.operation];
    counts.calls += 1;
    const answered: Answered = (key) => tally(counts.answers, key);
    tally(counters.clients, clientOf(req));

    const signature = this.signed(req, raw, counters, answered);
    const input = this.decoded(found, req, url, raw, counters, answered);
    const latencyMs = this.parts.latencyMs();
    if (latencyMs > 0) await delay(latencyMs);

    const fault = this.parts.faults.take(found.operation, found.labels.id);
    if (fault?.kind === "latency") await delay(fault.latencyMs ?? 1000);
    if (this.spoiledBefore(fault, req, res, answered)) return;
    const error = fault && faultError(fault.kind);
    if (error) {
      answered(String(error.status));
      if (error.status === 429) counters.throttled += 1;
      throw error;
    }
    if (!this.parts.bucket.take()) {
      answered("429");
      counters.throttled += 1;
      throw throttled();
    }

    const call: Call = { operation: found.operation, region: signature.region, input };
    if (this.parts.callers.isStranger(signature.accessKeyId, this.parts.adminAccountId())) {
      answered("stranger");
      return this.answerStranger(call, res);
    }
    let result: Answer;
    try {
      result = this.parts.operations.answer(call);
    } catch (error) {
      if (error instanceof ApiError) answered(String(error.status));
      throw error;
    }
    this.deliver(fault, call, result, req, res, answered);
  }

  /** The call's signature, or a 403 thrown (counted): none, or (checks on) one that does not check out. */
  private signed(req: http.IncomingMessage, raw: Buffer, counters: Counters, answered: Answered): Signature {
    const signature = signatureOf(req.headers.authorization);
    if (signature) {
      tally(counters.accessKeys, signature.accessKeyId);
      const verdict = this.parts.signatures.verify(req, raw);
      if (verdict === "ok") return signature;
      counters.badSignatures += 1;
      answered("403");
      throw badSignature(verdict);
    }
    counters.unsigned += 1;
    answered("403");
    throw new ApiError(
      "MissingAuthenticationTokenException",
      "Missing Authentication Token: no SigV4 Authorization header",
    );
  }

  /**
   * The operation's input, read from where Macie's model binds each member (path, query, body)
   * and checked against the model's constraints; a 400 ValidationException thrown (and counted,
   * in `modelViolations` too) for a request that breaks them, as Macie refuses it.
   */
  private decoded(
    found: Route,
    req: http.IncomingMessage,
    url: URL,
    raw: Buffer,
    counters: Counters,
    answered: Answered,
  ): Record<string, unknown> {
    const operation = operationOf(macie2, found.operation);
    const wire = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    const { input, violations } = decodeRestJson(macie2, operation, found.labels, {
      ...wire,
      body: raw.toString("utf8"),
    });
    violations.push(...violationsOf(macie2, operation.input!.shape, input));
    if (violations.length === 0) return input;
    const error = modelViolation(violations);
    counters.modelViolations.push({ operation: found.operation, message: error.message });
    answered("400");
    throw error;
  }

  /** Faults that end the call before it is applied: true when one did. */
  private spoiledBefore(
    fault: Fault | undefined,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    answered: Answered,
  ): boolean {
    if (fault?.kind === "drop-before") {
      answered("dropped");
      req.socket.destroy();
      return true;
    }
    if (fault?.kind === "hold-before") {
      answered("held");
      this.parts.held.hold(res);
      return true;
    }
    return false;
  }

  /** A stranger sees no members: the non-member answer for one, an empty list for all. */
  private answerStranger(call: Call, res: http.ServerResponse): void {
    if (call.operation === "ListMembers") return sendJson(res, 200, { members: [] });
    throw nonMemberError(this.parts.nonMemberAnswer() ?? "not-found");
  }

  /** Sends the applied call's answer, or spoils it the way the fault says. */
  private deliver(
    fault: Fault | undefined,
    call: Call,
    result: Answer,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    answered: Answered,
  ): void {
    switch (fault?.kind) {
      case "drop-after":
        answered("dropped");
        return void req.socket.destroy();
      case "hold-after":
        answered("held");
        return this.parts.held.hold(res);
      case "stall":
        answered("stalled");
        return this.parts.held.stall(res, result.body);
      case "malformed":
        answered("malformed");
        return sendMalformed(res, call.operation, fault.body ?? "empty-object", result.body);
      case "cut-short": {
        answered("cut-short");
        const { nextToken: _dropped, ...page } = result.body;
        return sendJson(res, 200, page);
      }
      case "omit-member":
      case "duplicate-member":
        answered(fault.kind);
        return sendJson(res, 200, { ...result.body, members: spoiled(fault.kind, result.body.members) });
      case "repeat-token":
        answered("repeat-token");
        return sendJson(res, 200, {
          ...result.body,
          nextToken: typeof call.input.nextToken === "string" ? call.input.nextToken : "0",
        });
    }
    answered(result.stale ? "stale" : "200");
    sendJson(res, 200, result.body);
  }
}

/** A page's members without its last one, or with its first one named again at the end. */
function spoiled(kind: "omit-member" | "duplicate-member", members: unknown): unknown[] {
  const list = Array.isArray(members) ? (members as unknown[]) : [];
  return kind === "omit-member" ? list.slice(0, -1) : [...list, ...list.slice(0, 1)];
}

/** The pulumi-macie-member-status/<version> token of the user agent, or "other". */
function clientOf(req: http.IncomingMessage): string {
  return /pulumi-macie-member-status\/\S+/.exec(String(req.headers["user-agent"] ?? ""))?.[0] ?? "other";
}
