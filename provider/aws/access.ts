// AWS access, built once from the configuration: clients (one per region, sharing a rate limiter),
// the clock, the settings, and who the caller is. The only place a client is made (in the manner
// of terraform-provider-aws's `ResourceWithConfigure`). The program side (the policy's listing) and
// the preflight use it as it is; the provider host adds one run's state (lifecycle/runtime.ts).
// Tests build their own the same way, with an emulator's endpoint and dummy credentials.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { sts as stsModel } from "../../model/api-model";
import { systemClock, type Clock } from "../config/clock";
import type { ProviderConfig } from "../config/config";
import type { ProviderSettings } from "../config/settings";
import { newMacieClient, socketBounds, type MacieClient } from "./client";
import { assumeRoleCredentials, type Credentials } from "./credentials";
import { MalformedAnswerError } from "./errors";
import { modelCheck } from "./model-check";
import { rateCapOf, sharedRateLimiter } from "./rate-limit";
import { RetryBudget } from "./retry";

export interface AwsAccess {
  readonly settings: ProviderSettings;
  readonly clock: Clock;
  /** The region of a resource that names none (AWS_REGION / AWS_DEFAULT_REGION). */
  readonly defaultRegion?: string;
  /** The Macie2 client for `region`: one per region for the access's life. */
  clientFor(region: string): MacieClient;
  /** The AWS account the calls are made as (STS GetCallerIdentity), asked once per region. */
  callerAccount(region: string): Promise<string>;
  /** Closes every client's connections. */
  destroy(): void;
}

export interface AwsAccessOptions {
  /** @defaultValue the system clock */
  clock?: Clock;
  /** Credentials for every call (the role's source when one is assumed). @defaultValue the SDK's default chain */
  credentials?: Credentials;
}

/** AWS access for `config`: clients made on first use, cached by everything that tells them apart. */
export function createAwsAccess(config: ProviderConfig, options: AwsAccessOptions = {}): AwsAccess {
  const clock = options.clock ?? systemClock;
  const { settings, role } = config;
  const cap = rateCapOf(settings);
  const requestTimeoutMs = settings.requestTimeoutSeconds * 1000;
  const clients = new Map<string, ReturnType<typeof newMacieClient>>();
  const callers = new Map<string, Promise<string>>();
  const clientFor = (region: string) => {
    const key = clientKey(region, config);
    let client = clients.get(key);
    if (!client) {
      client = newMacieClient({
        region,
        endpoint: config.endpoint,
        stsEndpoint: config.stsEndpoint,
        credentials: options.credentials,
        role,
        rateLimiter: sharedRateLimiter(cap, clock),
        requestTimeoutMs,
      });
      clients.set(key, client);
    }
    return client;
  };

  const callerAccount = (region: string) => {
    let caller = callers.get(region);
    if (!caller) {
      caller = askCaller(region, config, options.credentials, clock);
      // A failed question is asked again next time rather than remembered.
      caller.catch(() => callers.delete(region));
      callers.set(region, caller);
    }
    return caller;
  };

  return {
    settings,
    clock,
    defaultRegion: config.defaultRegion,
    clientFor,
    callerAccount,
    destroy: () => {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}

/** What makes two clients differ: region, endpoint, role, rate ceiling. */
export function clientKey(region: string, config: ProviderConfig): string {
  const { settings, role } = config;
  return JSON.stringify([
    region,
    config.endpoint ?? null,
    config.stsEndpoint ?? null,
    role?.roleArn ?? null,
    role?.sessionName ?? null,
    settings.requestsPerSecond,
    settings.requestBurst,
    settings.requestTimeoutSeconds,
  ]);
}

/**
 * Who the caller is (STS GetCallerIdentity), under the same retry policy and error format as
 * Macie's calls: a MacieOperationError naming the operation, attempts, the AWS error and a hint.
 */
async function askCaller(
  region: string,
  config: ProviderConfig,
  source: Credentials | undefined,
  clock: Clock,
): Promise<string> {
  const { settings } = config;
  const requestTimeoutMs = settings.requestTimeoutSeconds * 1000;
  const requestHandler = socketBounds(requestTimeoutMs);
  const sts = new STSClient({
    region,
    ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
    credentials: config.role
      ? assumeRoleCredentials(config.role, region, { source, endpoint: config.stsEndpoint, requestHandler })
      : source,
    requestHandler,
    // Retries are the budget's below: the SDK's would retry a host that does not exist.
    maxAttempts: 1,
  });
  sts.middlewareStack.use(modelCheck(stsModel));
  const budget = new RetryBudget({ region, subject: "the caller" }, settings, clock);
  try {
    return await budget.run("GetCallerIdentity", async () => {
      const answer = await sts.send(new GetCallerIdentityCommand({}), {
        abortSignal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!answer.Account) throw new MalformedAnswerError("GetCallerIdentity", "named no account", answer);
      return answer.Account;
    });
  } finally {
    sts.destroy();
  }
}
