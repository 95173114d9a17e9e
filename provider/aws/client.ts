// How a Macie2 client is made: region, endpoint, credentials, our rate limiter, our timeouts. AWS
// access (access.ts) decides how many there are and who shares them; nothing else builds one.
import { Macie2Client } from "@aws-sdk/client-macie2";
import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import type { RateLimiter } from "@smithy/core/retry";
import type { FinalizeRequestMiddleware, MetadataBearer } from "@smithy/types";
import { macie2 } from "../../model/api-model";
import type { Credentials } from "./credentials";
import { modelCheck } from "./model-check";

// The package's own package.json, by name (listed in its exports), so it is the installed one.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON read at run time, not compiled in
const { version } = require("pulumi-macie-member-status/package.json") as { version: string };

/** What the rules need of a Macie2 client: `send` (tests hand in a mocked one). */
export type MacieClient = Pick<Macie2Client, "send">;

export interface ClientOptions {
  region: string;
  /** undefined: the SDK's endpoint resolution. */
  endpoint?: string;
  /** The SDK's endpoint variants (aws:useFipsEndpoint, aws:useDualstackEndpoint). */
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** Every call's credentials, roles already assumed (credentials.ts); undefined: the SDK's default chain. */
  credentials?: Credentials;
  rateLimiter: RateLimiter;
  requestTimeoutMs: number;
}

/** A client with its own connection pool, drawing from `rateLimiter`, every call bounded in time. */
export function newMacieClient(options: ClientOptions): Macie2Client {
  const { region, endpoint, credentials, requestTimeoutMs } = options;
  const client = new Macie2Client({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(options.useFipsEndpoint ? { useFipsEndpoint: true } : {}),
    ...(options.useDualstackEndpoint ? { useDualstackEndpoint: true } : {}),
    credentials,
    // Retries are ours (retry.ts): the SDK's would re-send a write without reading back first.
    // Its adaptive strategy with a single attempt keeps only what we want of it: the shared
    // client-side rate limiter, slowed down by every 429 any resource sees.
    maxAttempts: 1,
    retryStrategy: new AdaptiveRetryStrategy(1, { rateLimiter: options.rateLimiter }),
    requestHandler: socketBounds(requestTimeoutMs),
    // Names this package and its version in every request, for AWS-side troubleshooting.
    customUserAgent: `pulumi-macie-member-status/${version}`,
    // Resolve the middleware stack once per command type instead of on every call (sorting ~20
    // middlewares a call was a tenth of the provider's CPU at 10,000 members). Safe because the
    // stack is complete when this function returns: nothing is added after the first call. The
    // cache serves only sends without options: a send(command, { abortSignal }) would turn it off.
    cacheMiddleware: true,
  });
  client.middlewareStack.use(modelCheck(macie2));
  client.middlewareStack.addRelativeTo(deadline(requestTimeoutMs), {
    relation: "after",
    toMiddleware: "retryMiddleware",
    name: "macieMemberStatusDeadline",
  });
  return client;
}

/**
 * The HTTP handler's own bounds. Without `throwOnRequestTimeout` the SDK only logs a warning when
 * `requestTimeout` passes, and without `socketTimeout` a server that sends headers and then
 * stalls is waited for for ever. They tear the socket down; `deadline` guarantees the bound.
 */
export function socketBounds(requestTimeoutMs: number): {
  connectionTimeout: number;
  requestTimeout: number;
  throwOnRequestTimeout: true;
  socketTimeout: number;
} {
  return {
    connectionTimeout: Math.min(5_000, requestTimeoutMs),
    requestTimeout: requestTimeoutMs,
    throwOnRequestTimeout: true,
    socketTimeout: requestTimeoutMs,
  };
}

/**
 * A hard bound on one attempt, from after the rate limiter let it go (queueing there is not a
 * hung call) through signing, credentials, sending and reading the whole answer. It fails as a
 * TimeoutError, which the retry policy treats as transient, naming the endpoint and the bound.
 */
function deadline(ms: number): FinalizeRequestMiddleware<object, MetadataBearer> {
  return (next) => (args) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(endpointOf(args.request), ms)), ms);
    });
    return Promise.race([next(args), expired]).finally(() => clearTimeout(timer));
  };
}

function endpointOf(request: unknown): string {
  const r = request as { protocol?: string; hostname?: string; port?: number } | undefined;
  if (!r?.hostname) return "the Macie endpoint";
  return `${r.protocol ?? "https:"}//${r.hostname}${r.port ? `:${r.port}` : ""}`;
}

export function timeoutError(endpoint: string, ms: number): Error {
  return Object.assign(
    new Error(
      `no complete answer from ${endpoint} within ${ms / 1000} s (requestTimeoutSeconds); the call was abandoned`,
    ),
    { name: "TimeoutError", code: "ETIMEDOUT" },
  );
}
