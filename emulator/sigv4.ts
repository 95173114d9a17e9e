// SigV4 signature checks, when turned on: the emulator recomputes the signature of each request
// from the secret it knows for the access key and compares. Off by default (any signature passes),
// because the point is usually the members API, not the keys. The canonical request follows the
// SDK's own signer (@smithy/signature-v4): double-encoded path, sorted escaped query, the signed
// headers trimmed, the payload's SHA-256.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type * as http from "node:http";

export type SignatureVerdict = "ok" | "unknown-key" | "mismatch" | "malformed";

/** The secrets signatures are checked against; no checks until told the secrets. */
export class Signatures {
  private secrets: Map<string, string> | undefined;
  /** Secrets of the keys AssumeRole handed out: known to the emulator, as to STS. */
  private readonly issued = new Map<string, string>();

  /** Checks every signature against these secrets (access key id → secret); undefined: no checks. */
  check(secrets: Record<string, string> | undefined): void {
    if (secrets !== undefined && (typeof secrets !== "object" || secrets === null || Array.isArray(secrets)))
      throw new Error(`secrets must be an object of access key id → secret; got ${JSON.stringify(secrets)}`);
    for (const [key, secret] of Object.entries(secrets ?? {})) {
      if (typeof secret !== "string") throw new Error(`secrets.${key} must be a string`);
    }
    this.secrets = secrets && new Map(Object.entries(secrets));
  }

  issue(accessKeyId: string, secret: string): void {
    this.issued.set(accessKeyId, secret);
  }

  /** "ok" when checks are off. */
  verify(req: http.IncomingMessage, body: Buffer): SignatureVerdict {
    const secrets = this.secrets;
    if (!secrets) return "ok";
    return verifySignature(req, body, (key) => secrets.get(key) ?? this.issued.get(key));
  }
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([0-9]{8})\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Whether `req` is signed by the secret `secretOf` knows for its access key. */
export function verifySignature(
  req: http.IncomingMessage,
  body: Buffer,
  secretOf: (accessKeyId: string) => string | undefined,
): SignatureVerdict {
  const m = AUTHORIZATION.exec(req.headers.authorization ?? "");
  const amzDate = req.headers["x-amz-date"];
  if (!m || typeof amzDate !== "string") return "malformed";
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  const secret = secretOf(accessKeyId);
  if (secret === undefined) return "unknown-key";
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    sha256(canonicalRequest(req, signedHeaders, body)),
  ].join("\n");
  let key = hmac(`AWS4${secret}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(signature, "hex")) ? "ok" : "mismatch";
}

function canonicalRequest(req: http.IncomingMessage, signedHeaders: string, body: Buffer): string {
  const url = new URL(req.url ?? "/", "http://emulator");
  const headers = signedHeaders.split(";").map((name) => `${name}:${headerValue(req, name)}`);
  const payloadHash = req.headers["x-amz-content-sha256"];
  return [
    req.method ?? "GET",
    canonicalPath(url.pathname),
    canonicalQuery(url.searchParams),
    ...headers,
    "",
    signedHeaders,
    typeof payloadHash === "string" ? payloadHash : sha256(body),
  ].join("\n");
}

/** The path as sent, normalized and escaped once more: SigV4 double-encodes paths (but S3's). */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`;
  return escapeUri(normalized).replace(/%2F/g, "/");
}

/** Escaped pairs sorted by key, then by value (the SDK sorts a repeated key's values). */
function canonicalQuery(params: URLSearchParams): string {
  const pairs = [...params.entries()].map(([key, value]) => [escapeUri(key), escapeUri(value)]);
  pairs.sort(([k1, v1], [k2, v2]) => (k1 === k2 ? compare(v1, v2) : compare(k1, k2)));
  return pairs.map(([key, value]) => `${key}=${value}`).join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerValue(req: http.IncomingMessage, name: string): string {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return text
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** RFC 3986 escaping, as the SDK's escapeUri. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
