// The control API over HTTP, under /__control/: MacieEmulator's in-process control methods for
// tests and tools in another process (the CLI's users). Bodies are JSON; a call answers
// {"ok": true} or the data it asks for; a bad call answers 400 with the restJson1 error shape and
// a message that names the field. CONTROL_CALLS is the one list: the router, `--help` and the
// table in emulator/README.md (checked by a test) all come from it.
import type * as http from "node:http";
import type { MacieEmulator } from "./emulator";
import { ApiError, validationError } from "./errors";
import type { Fault } from "./faults";
import { parseJson, sendJson } from "./http-io";
import type { SeedMember } from "./members";
import { checkNonMemberAnswer } from "./non-member";

type Body = Record<string, unknown>;

export interface ControlCall {
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** The JSON body (or query) it takes, as documentation. */
  takes: string;
  /** What it does, and what it answers when that is not {"ok": true}. */
  effect: string;
  /** Runs the call; its result is the answer (undefined: {"ok": true}). */
  run: (emu: MacieEmulator, body: Body, url: URL) => unknown;
}

export const CONTROL_CALLS: readonly ControlCall[] = [
  {
    method: "POST",
    path: "/__control/reset",
    takes: "EmulatorOptions (optional)",
    effect: "forgets members, faults, counters, busy windows and hostile modes; ends held connections",
    run: (emu, body) => emu.reset(body),
  },
  {
    method: "POST",
    path: "/__control/configure",
    takes: "EmulatorOptions",
    effect:
      "changes the given options only (adminAccountId, defaultRegion, rateLimit, busyWindowMs, latencyMs, roles)",
    run: (emu, body) => emu.configure(body),
  },
  {
    method: "POST",
    path: "/__control/members",
    takes: '{"members": [{"accountId", "relationshipStatus"?, "region"?, "email"?}]}',
    effect: "seeds members (default status Enabled, default region the emulator's)",
    run: (emu, body) => emu.seed(field(body, "members", "array") as SeedMember[]),
  },
  {
    method: "GET",
    path: "/__control/members",
    takes: "?region=R (optional)",
    effect: 'answers {"<accountId>": "<relationshipStatus>"} for the region, as it truly is (no read lag)',
    run: (emu, _body, url) => emu.statuses(url.searchParams.get("region") ?? undefined),
  },
  {
    method: "POST",
    path: "/__control/status",
    takes: '{"accountId", "relationshipStatus", "region"?}',
    effect: "changes a status out of band (drift); starts the busy window and the read lag like a write",
    run: (emu, body) =>
      emu.setStatus(text(body, "accountId"), text(body, "relationshipStatus"), optionalText(body, "region")),
  },
  {
    method: "POST",
    path: "/__control/remove",
    takes: '{"accountId", "region"?}',
    effect: "drops a member, as DeleteMember would",
    run: (emu, body) => emu.remove(text(body, "accountId"), optionalText(body, "region")),
  },
  {
    method: "POST",
    path: "/__control/faults",
    takes: 'Fault: {"kind", "operation"?, "times"?, "after"?, "accountId"?, "latencyMs"?, "body"?}',
    effect: "queues a fault (kinds below)",
    run: (emu, body) => emu.addFault(body as unknown as Fault),
  },
  {
    method: "DELETE",
    path: "/__control/faults",
    takes: "-",
    effect: "drops every queued fault",
    run: (emu) => emu.clearFaults(),
  },
  {
    method: "POST",
    path: "/__control/release",
    takes: "-",
    effect: 'ends every held or stalled connection; answers {"released": N}',
    run: (emu) => ({ released: emu.release() }),
  },
  {
    method: "POST",
    path: "/__control/read-lag",
    takes: '{"lagMs": N}',
    effect: "eventual consistency: reads show the status from before a change for N ms (0: off)",
    run: (emu, body) => emu.setReadLag(field(body, "lagMs", "number") as number),
  },
  {
    method: "POST",
    path: "/__control/non-member",
    takes: '{"answer": "not-found" | "not-associated" | "not-enabled" | "associated-conflict" | null}',
    effect: "what unknown members and strangers are answered (null: the defaults)",
    run: (emu, body) =>
      emu.setNonMemberAnswer(
        body.answer === undefined || body.answer === null ? undefined : checkNonMemberAnswer(body.answer),
      ),
  },
  {
    method: "POST",
    path: "/__control/callers",
    takes: '{"accounts"?: {"<accessKeyId>": "<account>"}, "enforce"?: true}',
    effect: "maps access keys to accounts and turns caller checks on (enforce: false: map only)",
    run: (emu, body) => emu.setCallers(body),
  },
  {
    method: "POST",
    path: "/__control/signatures",
    takes: '{"secrets": {"<accessKeyId>": "<secret>"} | null}',
    effect: "checks every SigV4 signature against these secrets (null: off; only presence is required)",
    run: (emu, body) =>
      emu.checkSignatures(
        body.secrets === null || body.secrets === undefined
          ? undefined
          : (body.secrets as Record<string, string>),
      ),
  },
  {
    method: "GET",
    path: "/__control/counters",
    takes: "-",
    effect:
      "answers the Counters: calls and answers per operation, writes, throttles, keys, STS calls, requests refused by the API model",
    run: (emu) => emu.counts,
  },
];

/** What a control call is answered from: its method, URL and headers. */
export interface ControlRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
}

export function answerControl(
  emu: MacieEmulator,
  request: ControlRequest,
  body: string,
  res: http.ServerResponse,
): void {
  const { method, url } = request;
  refuseFromBrowsers(request);
  const call = CONTROL_CALLS.find((c) => c.method === method && c.path === url.pathname);
  const what = `${method} ${url.pathname}`;
  if (!call) throw validationError(`unknown control call ${what}; see macie-emulator --help`);
  let result: unknown;
  try {
    result = call.run(emu, body ? parseJson(body) : {}, url);
  } catch (error) {
    // The in-process methods throw plain errors for bad arguments: over HTTP that is a 400.
    throw error instanceof ApiError ? error : validationError(`${what}: ${(error as Error).message}`);
  }
  sendJson(res, 200, result ?? { ok: true });
}

/** Host names that reach this machine only: the emulator listens on 127.0.0.1. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?$/i;

/**
 * A web page the developer has open can send requests to 127.0.0.1 too. It cannot send a JSON
 * content type without a CORS preflight (which the emulator never grants), and it cannot make
 * its browser send a loopback Host for a name it resolves to 127.0.0.1 (DNS rebinding). So every
 * control call needs a loopback Host, and every call that changes something a JSON content type.
 */
function refuseFromBrowsers({ method, headers }: ControlRequest): void {
  const host = headers.host ?? "";
  if (!LOOPBACK_HOST.test(host))
    throw new ApiError(
      "ForbiddenHostException",
      `the control API answers only requests for a loopback host (127.0.0.1, localhost, [::1]); got Host ${JSON.stringify(host.slice(0, 100))}`,
    );
  const type = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (method !== "GET" && type !== "application/json")
    throw new ApiError(
      "UnsupportedMediaTypeException",
      `${method} control calls need the header content-type: application/json (curl: -H 'content-type: application/json'); got ${JSON.stringify(type || "none")}`,
    );
}

function field(body: Body, name: string, type: "string" | "number" | "array"): unknown {
  const value = body[name];
  const ok = type === "array" ? Array.isArray(value) : typeof value === type;
  if (!ok)
    throw new Error(
      `${name} must be ${type === "array" ? "an array" : `a ${type}`}; got ${JSON.stringify(value)}`,
    );
  return value;
}

function text(body: Body, name: string): string {
  return field(body, name, "string") as string;
}

function optionalText(body: Body, name: string): string | undefined {
  return body[name] === undefined ? undefined : text(body, name);
}
