// AWS access, built once from the configuration: clients (one per region, sharing a rate limiter),
// the clock, the settings, and who the caller is. The only place a client is made (in the manner
// of terraform-provider-aws's `ResourceWithConfigure`). The program side (the policy's listing) and
// the preflight use it as it is; the provider host adds one run's state (lifecycle/runtime.ts).
// Tests build their own the same way, with an emulator's endpoint and dummy credentials.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { sts as stsModel } from "../../model/api-model";
import { systemClock, type Clock } from "../config/clock";
import type { AccountGuard, ProviderConfig } from "../config/config";
import type { ProviderSettings } from "../config/settings";
import { newMacieClient, socketBounds, type MacieClient } from "./client";
import { chainCredentials, sourceCredentials, type Credentials } from "./credentials";
import { MalformedAnswerError } from "./errors";
import { modelCheck } from "./model-check";
import { rateCapOf, sharedRateLimiter } from "./rate-limit";
import { RetryBudget } from "./retry";

export interface AwsAccess {
  readonly settings: ProviderSettings;
  readonly clock: Clock;
  /** The region of a resource that names none (aws:region, AWS_REGION, AWS_DEFAULT_REGION). */
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
  /**
   * Credentials for every call (the roles' source when roles are assumed), before what the stack
   * config names (aws:accessKey…, aws:profile). @defaultValue the SDK's default chain
   */
  credentials?: Credentials;
}

/** AWS access for `config`: clients made on first use, cached by everything that tells them apart. */
export function createAwsAccess(config: ProviderConfig, options: AwsAccessOptions = {}): AwsAccess {
  const clock = options.clock ?? systemClock;
  const { settings } = config;
  const cap = rateCapOf(settings);
  const requestTimeoutMs = settings.requestTimeoutSeconds * 1000;
  const clients = new Map<string, ReturnType<typeof newMacieClient>>();
  const callers = new Map<string, Promise<string>>();
  const chains = new Map<string, Credentials | undefined>();
  /**
   * The credentials of calls in `region`: one source and role chain per STS region (aws:stsRegion,
   * else the call's), shared by its Macie client and the caller's question.
   */
  const credentialsFor = (region: string) => {
    const stsRegion = config.stsRegion ?? region;
    if (!chains.has(stsRegion)) {
      const sts = {
        endpoint: config.stsEndpoint,
        requestHandler: socketBounds(requestTimeoutMs),
        useFipsEndpoint: config.useFipsEndpoint,
        useDualstackEndpoint: config.useDualstackEndpoint,
      };
      const source = options.credentials ?? sourceCredentials(config.source, stsRegion, sts);
      chains.set(stsRegion, chainCredentials(config.roles, stsRegion, { ...sts, source }));
    }
    return chains.get(stsRegion);
  };
  const clientFor = (region: string) => {
    const key = clientKey(region, config);
    let client = clients.get(key);
    if (!client) {
      client = newMacieClient({
        region,
        endpoint: config.endpoint,
        useFipsEndpoint: config.useFipsEndpoint,
        useDualstackEndpoint: config.useDualstackEndpoint,
        credentials: credentialsFor(region),
        rateLimiter: sharedRateLimiter(cap, clock),
        requestTimeoutMs,
      });
      if (config.accounts) {
        const accounts = config.accounts;
        client.middlewareStack.add(
          (next) => async (args) => {
            refuseAccount(await callerAccount(region), region, accounts);
            return next(args);
          },
          { step: "initialize", name: "macieMemberStatusAccountGuard", priority: "high" },
        );
      }
      clients.set(key, client);
    }
    return client;
  };

  const callerAccount = (region: string) => {
    let caller = callers.get(region);
    if (!caller) {
      caller = askCaller(region, config, credentialsFor(region), clock);
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

/**
 * Pulumi's aws:allowedAccountIds / aws:forbiddenAccountIds, as pulumi-aws applies them: a call from
 * an account the stack config rules out is not sent. Thrown before the first Macie call of a region.
 */
export class AccountGuardError extends Error {
  override readonly name = "AccountGuardError";
}

function refuseAccount(account: string, region: string, accounts: AccountGuard): void {
  const { allowed, forbidden } = accounts;
  if (allowed && !allowed.includes(account)) {
    throw new AccountGuardError(
      `the credentials in use in ${region} are account ${account}, which Pulumi config aws:allowedAccountIds ` +
        `(${allowed.join(", ")}) does not list: nothing was sent to Macie. Check the credentials ` +
        `(AWS_PROFILE, aws:profile, aws:assumeRoles, macie:roleArn) or the list.`,
    );
  }
  if (forbidden?.includes(account)) {
    throw new AccountGuardError(
      `the credentials in use in ${region} are account ${account}, which Pulumi config aws:forbiddenAccountIds ` +
        `lists: nothing was sent to Macie. Check the credentials (AWS_PROFILE, aws:profile, aws:assumeRoles, macie:roleArn).`,
    );
  }
}

/** What makes two clients differ: region, endpoints, credentials, roles, rate ceiling, timeout. */
export function clientKey(region: string, config: ProviderConfig): string {
  const { settings } = config;
  return JSON.stringify([
    region,
    config.endpoint ?? null,
    config.stsEndpoint ?? null,
    config.stsRegion ?? null,
    config.useFipsEndpoint ?? null,
    config.useDualstackEndpoint ?? null,
    config.source,
    config.roles.map((role) => [role.roleArn, role.sessionName]),
    config.accounts ?? null,
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
  credentials: Credentials | undefined,
  clock: Clock,
): Promise<string> {
  const { settings } = config;
  const requestTimeoutMs = settings.requestTimeoutSeconds * 1000;
  const requestHandler = socketBounds(requestTimeoutMs);
  const sts = new STSClient({
    region: config.stsRegion ?? region,
    ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
    ...(config.useFipsEndpoint ? { useFipsEndpoint: true } : {}),
    ...(config.useDualstackEndpoint ? { useDualstackEndpoint: true } : {}),
    credentials,
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
