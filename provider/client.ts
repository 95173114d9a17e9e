// One Macie2 client per region per process: clients hold connection pools and resolved
// credentials, so 10,000 resources in one region share one. Endpoint and credentials come from the
// SDK's standard sources (env, shared config/SSO, web identity, AWS_ENDPOINT_URL_MACIE2).
import { Macie2Client } from "@aws-sdk/client-macie2";

// The package's own package.json, by name (listed in its exports), so it is the installed one.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON read at run time, not compiled in
const { version } = require("pulumi-macie-member-status/package.json") as { version: string };

const clients = new Map<string, Macie2Client>();

export function macieClient(region: string): Macie2Client {
  let client = clients.get(region);
  if (!client) {
    client = new Macie2Client({
      region,
      // Retries are ours (retry.ts): the SDK's would re-send a write without reading back first.
      maxAttempts: 1,
      // A hung connection becomes a retryable timeout instead of a stuck `pulumi up`.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      // Names this package and its version in every request, for AWS-side troubleshooting.
      customUserAgent: `pulumi-macie-member-status/${version}`,
    });
    clients.set(region, client);
  }
  return client;
}
