// A Macie2 client mocked with aws-sdk-client-mock, a provider wired to it, and a clock on sinon's
// fake timers whose sleeps return at once (and are recorded), so retries never really wait.
import {
  GetMemberCommand,
  Macie2Client,
  Macie2ServiceException,
  UpdateMemberSessionCommand,
  type GetMemberCommandOutput,
  type RelationshipStatus,
} from "@aws-sdk/client-macie2";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import * as sinon from "sinon";
import { ChangeLimit } from "../../provider/member/change-limit";
import type { Clock } from "../../provider/config/clock";
import { NO_CONFIG, readProviderConfig, type Environment } from "../../provider/config/config";
import type { MacieClient } from "../../provider/aws/client";
import { Handover } from "../../provider/lifecycle/handover";
import { MemberScans } from "../../provider/lifecycle/member-scan";
import { MemberStatusProvider } from "../../provider/lifecycle/provider";
import { NO_PROGRESS } from "../../provider/lifecycle/progress";
import type { Runtime } from "../../provider/lifecycle/runtime";
import { resolveSettings, type ProviderSettings } from "../../provider/config/settings";
import { expectRequestsInModel } from "./model-oracle";

export const ACCOUNT = "111122223333";
export const ADMIN = "999988887777";
export const REGION = "us-east-1";

export function memberOutput(relationshipStatus: string): GetMemberCommandOutput {
  return {
    $metadata: { httpStatusCode: 200, requestId: "get-ok" },
    accountId: ACCOUNT,
    administratorAccountId: ADMIN,
    arn: `arn:aws:macie2:${REGION}:${ADMIN}:member/${ACCOUNT}`,
    email: "member@example.com",
    // Any string: the tests also feed statuses the SDK's enum does not list.
    relationshipStatus: relationshipStatus as RelationshipStatus,
    updatedAt: new Date("2026-11-01T00:00:00Z"),
  };
}

type ExceptionClass = new (opts: {
  message: string;
  $metadata: { httpStatusCode?: number; requestId?: string };
}) => Macie2ServiceException;

export function awsError(
  ErrorClass: ExceptionClass,
  message: string,
  httpStatusCode: number,
  requestId = "req-1",
): Macie2ServiceException {
  return new ErrorClass({ message, $metadata: { httpStatusCode, requestId } });
}

/** Errors the network layer raises, as the SDK passes them on. */
export function networkError(code: "ECONNRESET" | "ETIMEDOUT", message = "socket hang up"): Error {
  return Object.assign(new Error(message), { code });
}

export function timeoutError(): Error {
  return Object.assign(new Error("Connection timed out after 30000 ms"), { name: "TimeoutError" });
}

export interface Harness {
  macie: AwsClientStub<Macie2Client>;
  /** The client the mock intercepts, for providers built around it with mockRuntime. */
  client: Macie2Client;
  provider: MemberStatusProvider;
  /** Another provider on the same mock and clock, with other settings or environment. */
  providerWith(settings: Partial<ProviderSettings>, env?: Environment): MemberStatusProvider;
  clock: Clock;
  /** Every sleep the provider asked for, in ms. */
  sleeps: number[];
  settings: ProviderSettings;
  gets(): number;
  updates(): number;
  /** "Get" / "Update", in call order. */
  sequence(): string[];
  /** The statuses UpdateMemberSession was asked to set. */
  written(): string[];
  restore(): void;
}

/**
 * A runtime around `client`: the default region read from `env` as the host reads it, and the
 * caller taken to be the administrator of every member (ADMIN) unless `caller` says otherwise.
 */
export function mockRuntime(
  client: MacieClient,
  clock: Clock,
  settings: ProviderSettings,
  env: Environment = {},
  caller: () => Promise<string> = () => Promise.resolve(ADMIN),
): Runtime {
  return {
    settings,
    clock,
    limitForDelete: () => undefined,
    progress: () => NO_PROGRESS,
    defaultRegion: readProviderConfig(NO_CONFIG, env).defaultRegion,
    clientFor: () => client,
    callerAccount: caller,
    changes: new ChangeLimit(settings.maxChangesPerRun),
    scans: new MemberScans({ clientFor: () => client, settings, clock }),
    handover: new Handover(),
    destroy: () => undefined,
  };
}

export function harness(overrides: Partial<ProviderSettings> = {}, env: Environment = {}): Harness {
  const macie = mockClient(Macie2Client);
  const client = new Macie2Client({ region: REGION });
  const timers = sinon.useFakeTimers({ now: new Date("2026-11-26T00:00:00Z") });
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => Date.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      timers.tick(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  };
  const settings = { ...resolveSettings({}, {}), ...overrides };
  const provider = new MemberStatusProvider(mockRuntime(client, clock, settings, env));
  const providerWith = (more: Partial<ProviderSettings>, moreEnv: Environment = env) =>
    new MemberStatusProvider(mockRuntime(client, clock, { ...settings, ...more }, moreEnv));
  const names = () =>
    macie.calls().map((call) => {
      const command: unknown = call.args[0];
      if (command instanceof GetMemberCommand) return "Get";
      if (command instanceof UpdateMemberSessionCommand) return "Update";
      return "Other";
    });
  return {
    macie,
    client,
    provider,
    providerWith,
    clock,
    sleeps,
    settings,
    gets: () => macie.commandCalls(GetMemberCommand).length,
    updates: () => macie.commandCalls(UpdateMemberSessionCommand).length,
    sequence: names,
    written: () => macie.commandCalls(UpdateMemberSessionCommand).map((c) => String(c.args[0].input.status)),
    // Every command the test sent is checked against Macie's API model before the mock goes.
    restore: () => {
      try {
        expectRequestsInModel(macie);
      } finally {
        timers.restore();
        macie.restore();
      }
    },
  };
}

export const INPUTS = {
  accountId: ACCOUNT,
  status: "PAUSED",
  region: REGION,
  statusOnDelete: "ENABLED",
} as const;
