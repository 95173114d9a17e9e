// Reading request bodies and writing answers: JSON for Macie (restJson1), XML for STS (awsQuery).
// Every answer carries a request id the SDK surfaces as $metadata.requestId.
import type * as http from "node:http";
import { ApiError, validationError } from "./errors";

/** The raw body (signatures are over its bytes). */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A JSON object, or a 400: Macie refuses any other body the same way. */
export function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || "{}");
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw validationError("The request body is not a JSON object.");
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  sendText(res, status, "application/json", JSON.stringify(value));
}

export function sendText(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": requestId(),
    ...headers,
  });
  res.end(text);
}

/** The restJson1 error shape; nothing when an answer has already started (a fault cut it short). */
export function sendError(res: http.ServerResponse, error: ApiError): void {
  if (res.headersSent || res.destroyed) return;
  sendText(res, error.status, "application/json", JSON.stringify({ message: error.message }), {
    "x-amzn-errortype": error.errorType,
  });
}

let requests = 0;
export function requestId(): string {
  requests += 1;
  return `emu-${process.pid}-${requests}`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
