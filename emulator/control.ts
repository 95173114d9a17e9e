// The control API over HTTP, under /__control/: the in-process control methods of MacieEmulator for
// tests and tools in another process (the CLI's users). Bodies are JSON; answers {"ok": true} or
// the data asked for; a bad call answers 400 with the restJson1 error shape.
import type * as http from "node:http";
import type { MacieEmulator } from "./emulator";
import { validationError } from "./errors";
import type { Fault } from "./faults";
import { parseJson, sendJson } from "./http-io";
import type { SeedMember } from "./members";

export function answerControl(
  emu: MacieEmulator,
  method: string,
  url: URL,
  body: string,
  res: http.ServerResponse,
): void {
  const parsed = body ? parseJson(body) : {};
  const what = `${method} ${url.pathname}`;
  switch (what) {
    case "POST /__control/reset":
      emu.reset(parsed);
      break;
    case "POST /__control/configure":
      emu.configure(parsed);
      break;
    case "POST /__control/members":
      emu.seed((parsed as { members: SeedMember[] }).members);
      break;
    case "POST /__control/status": {
      const p = parsed as { accountId: string; relationshipStatus: string; region?: string };
      emu.setStatus(p.accountId, p.relationshipStatus, p.region);
      break;
    }
    case "POST /__control/faults":
      emu.addFault(parsed as unknown as Fault);
      break;
    case "GET /__control/counters":
      return sendJson(res, 200, emu.counts);
    case "GET /__control/members":
      return sendJson(res, 200, emu.statuses(url.searchParams.get("region") ?? undefined));
    default:
      throw validationError(`unknown control call ${what}`);
  }
  sendJson(res, 200, { ok: true });
}
