// The control API over HTTP, under /__control/: MacieEmulator's in-process control methods for
// tests and tools in another process (the CLI's users). Bodies are JSON; a call answers
// {"ok": true} or the data it asks for; a bad call answers 400 with the restJson1 error shape and
// a message that names the field. The table in emulator/README.md lists them all.
import type * as http from "node:http";
import type { MacieEmulator } from "./emulator";
import { ApiError, validationError } from "./errors";
import type { Fault } from "./faults";
import { parseJson, sendJson } from "./http-io";
import type { SeedMember } from "./members";
import { checkNonMemberAnswer } from "./non-member";

type Body = Record<string, unknown>;
/** A control call: what it answers (undefined: {"ok": true}). */
type ControlCall = (emu: MacieEmulator, body: Body, url: URL) => unknown;

const CALLS: Record<string, ControlCall> = {
  "POST /__control/reset": (emu, body) => emu.reset(body),
  "POST /__control/configure": (emu, body) => emu.configure(body),
  "POST /__control/members": (emu, body) => emu.seed(field(body, "members", "array") as SeedMember[]),
  "GET /__control/members": (emu, _body, url) => emu.statuses(url.searchParams.get("region") ?? undefined),
  "POST /__control/status": (emu, body) =>
    emu.setStatus(
      field(body, "accountId", "string") as string,
      field(body, "relationshipStatus", "string") as string,
      optional(body, "region", "string") as string | undefined,
    ),
  "POST /__control/remove": (emu, body) =>
    emu.remove(
      field(body, "accountId", "string") as string,
      optional(body, "region", "string") as string | undefined,
    ),
  "POST /__control/faults": (emu, body) => emu.addFault(body as unknown as Fault),
  "DELETE /__control/faults": (emu) => emu.clearFaults(),
  "POST /__control/release": (emu) => ({ released: emu.release() }),
  "POST /__control/read-lag": (emu, body) => emu.setReadLag(field(body, "lagMs", "number") as number),
  "POST /__control/non-member": (emu, body) =>
    emu.setNonMemberAnswer(
      body.answer === undefined || body.answer === null ? undefined : checkNonMemberAnswer(body.answer),
    ),
  "POST /__control/callers": (emu, body) => emu.setCallers(body),
  "GET /__control/counters": (emu) => emu.counts,
};

export function answerControl(
  emu: MacieEmulator,
  method: string,
  url: URL,
  body: string,
  res: http.ServerResponse,
): void {
  const what = `${method} ${url.pathname}`;
  const call = CALLS[what];
  if (!call) throw validationError(`unknown control call ${what}; see emulator/README.md`);
  let result: unknown;
  try {
    result = call(emu, body ? parseJson(body) : {}, url);
  } catch (error) {
    // The in-process methods throw plain errors for bad arguments: over HTTP that is a 400.
    throw error instanceof ApiError ? error : validationError(`${what}: ${(error as Error).message}`);
  }
  sendJson(res, 200, result ?? { ok: true });
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

function optional(body: Body, name: string, type: "string" | "number"): unknown {
  return body[name] === undefined ? undefined : field(body, name, type);
}
