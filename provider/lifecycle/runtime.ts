// The runtime: everything the lifecycle needs from the outside world, built once from the
// configuration and handed to the provider and the policy's listing — clients (one per region,
// sharing a rate limiter), the clock, the settings, who the caller is, and the run's change count. The only place a client
// is made (in the manner of terraform-provider-aws's `ResourceWithConfigure`); tests build their
// own runtime the same way, with an emulator's endpoint and dummy credentials.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { sts as stsModel } from "../../model/api-model";
import { ChangeLimit } from "../member/change-limit";
import { newMacieClient, socketBounds } from "../aws/client";
import { systemClock, type Clock } from "../config/clock";
import type { ProviderConfig } from "../config/config";
import type { Credentials } from "../aws/credentials";
import { Handover } from "./handover";
import { assumeRoleCredentials } from "../aws/credentials";
import type { MacieClient } from "../member/member";
import { MemberScans } from "./member-scan";
import { MalformedAnswerError } from "../aws/errors";
import { modelCheck } from "../aws/model-check";
import { sharedRateLimiter } from "../aws/rate-limit";
import { RetryBudget } from "../aws/retry";
import { rateCapOf, type ProviderSettings } from "../config/settings";
import type { LimitInForce } from "./stack-config";

export interface Runtime {
  readonly settings: ProviderSettings;
  readonly clock: Clock;
  /** The region of a resource that names none (AWS_REGION / AWS_DEFAULT_REGION). */
  readonly defaultRegion?: string;
  /** The Macie2 client for `region`: one per region for the runtime's life. */
  clientFor(region: string): MacieClient;
  /** The AWS account the calls are made as (STS GetCallerIdentity), asked once per region. */
  callerAccount(region: string): Promise<string>;
  /**
   * The members this run has changed, per region, against macie:maxChangesPerRun: one count for
   * the runtime's life, which in the provider host is the run's (one host process per `pulumi up`).
   */
  readonly changes: ChangeLimit;
  /**
   * Refresh's shared ListMembers scans, one per region for the runtime's life (member-scan.ts):
   * in the provider host, one per `pulumi refresh`. Only `read` uses them.
   */
  readonly scans: MemberScans;
  /** Members declared by a check of this run, which a release leaves as they are (handover.ts). */
  readonly handover: Handover;
  /**
   * The limit a delete of a resource recorded in `stack` obeys: the stack's current one where the
   * provider host can read it (stack-config.ts); undefined: the configured one.
   */
  limitForDelete(stack: unknown): LimitInForce | undefined;
  /** Closes every client's connections. */
  destroy(): void;
}

export interface RuntimeOptions {
  /** @defaultValue the system clock */
  clock?: Clock;
  /** Credentials for every call (the role's source when one is assumed). @defaultValue the SDK's default chain */
  credentials?: Credentials;
  /** The stack's current change limit for deletes (host.ts reads it). @defaultValue the configured limit */
  limitForDelete?: (stack: unknown) => LimitInForce;
}

/** The runtime for `config`: clients made on first use, cached by everything that tells them apart. */
export function createRuntime(config: ProviderConfig, options: RuntimeOptions = {}): Runtime {
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
    changes: new ChangeLimit(settings.maxChangesPerRun),
    scans: new MemberScans({ clientFor, settings, clock }),
    handover: new Handover(),
    limitForDelete: (stack) => options.limitForDelete?.(stack),
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
