// One Macie2 client per region (and rate ceiling) per process: clients hold connection pools,
// resolved credentials and the shared rate limiter, so 10,000 resources in one region share one.
// Endpoint and credentials come from the SDK's standard sources (env, shared config/SSO, web
// identity, AWS_ENDPOINT_URL_MACIE2).
import { Macie2Client } from "@aws-sdk/client-macie2";
import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import { assumeRoleCredentials, type RoleToAssume } from "./credentials";
import { sharedRateLimiter, type RateCap } from "./rate-limit";

// The package's own package.json, by name (listed in its exports), so it is the installed one.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON read at run time, not compiled in
const { version } = require("pulumi-macie-member-status/package.json") as { version: string };

const clients = new Map<string, Macie2Client>();

/** The process's client for `region` (rate ceiling, role), made on first use. */
export function macieClient(region: string, cap?: RateCap, role?: RoleToAssume): Macie2Client {
  const key = [
    region,
    cap ? `${cap.ratePerSecond}/${cap.burst}` : "adaptive",
    role?.roleArn,
    role?.sessionName,
  ].join("|");
  let client = clients.get(key);
  if (!client) {
    client = newMacieClient(region, cap, role);
    clients.set(key, client);
  }
  return client;
}

/** A new client with its own limiter and connection pool; endpoint and credentials as of now. */
export function newMacieClient(region: string, cap?: RateCap, role?: RoleToAssume): Macie2Client {
  return new Macie2Client({
    region,
    // undefined: the SDK's default chain.
    credentials: role ? assumeRoleCredentials(role, region) : undefined,
    // Retries are ours (retry.ts): the SDK's would re-send a write without reading back first.
    // Its adaptive strategy with a single attempt keeps only what we want of it: the shared
    // client-side rate limiter, slowed down by every 429 any resource sees.
    maxAttempts: 1,
    retryStrategy: new AdaptiveRetryStrategy(1, { rateLimiter: sharedRateLimiter(cap) }),
    // A hung connection becomes a retryable timeout instead of a stuck `pulumi up`.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // Names this package and its version in every request, for AWS-side troubleshooting.
    customUserAgent: `pulumi-macie-member-status/${version}`,
  });
}
