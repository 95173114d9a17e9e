// Answers that go wrong on the wire: a connection held open with no answer, an answer that stalls
// after its headers, and 200s whose body is not what the operation promises. Held connections
// are kept here so release(), reset() and stop() can end them at once.
import type * as http from "node:http";
import type { MalformedBody } from "./faults";
import { sendText } from "./http-io";
import type { Operation } from "./routes";

export class HeldConnections {
  private readonly held = new Set<http.ServerResponse>();

  /** Never answers `res`: the connection stays open until the client gives up or release(). */
  hold(res: http.ServerResponse): void {
    this.held.add(res);
    res.once("close", () => this.held.delete(res));
  }

  /** Sends the status line, the headers and half of `body`, then holds the rest back for ever. */
  stall(res: http.ServerResponse, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    this.hold(res);
  }

  /** Ends every held connection; how many there were. */
  release(): number {
    const count = this.held.size;
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
    return count;
  }
}

const HTML_PAGE =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>" +
  "<body><h1>502 Bad Gateway</h1><p>The proxy could not reach the service.</p></body></html>\n";

/** A 200 whose body is malformed the way `kind` says, for the answer `body` would have been. */
export function sendMalformed(
  res: http.ServerResponse,
  operation: Operation,
  kind: MalformedBody,
  body: Record<string, unknown>,
): void {
  switch (kind) {
    case "empty-object":
      return sendText(res, 200, "application/json", "{}");
    case "empty":
      return sendText(res, 200, "application/json", "");
    case "truncated": {
      const text = JSON.stringify(body);
      return sendText(res, 200, "application/json", text.slice(0, Math.floor(text.length / 2)));
    }
    case "html":
      return sendText(res, 200, "text/html", HTML_PAGE);
    case "missing-fields":
      return sendText(res, 200, "application/json", JSON.stringify(withoutStatus(operation, body)));
  }
}

/** The answer with one relationshipStatus left out: GetMember's, or the last member's of a page. */
function withoutStatus(operation: Operation, body: Record<string, unknown>): Record<string, unknown> {
  if (operation === "GetMember") return omitStatus(body);
  if (operation === "ListMembers" && Array.isArray(body.members) && body.members.length > 0) {
    const members = body.members as Record<string, unknown>[];
    return { ...body, members: [...members.slice(0, -1), omitStatus(members[members.length - 1])] };
  }
  return {};
}

function omitStatus(member: Record<string, unknown>): Record<string, unknown> {
  const { relationshipStatus: _omitted, ...rest } = member;
  return rest;
}
