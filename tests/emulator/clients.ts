// Support for the emulator's own tests: an emulator per suite (not the run's shared one, so a
// suite may hold connections or stop it), real SDK clients configured explicitly (endpoint,
// region, dummy credentials, timeouts) so nothing is read from or written to process.env, and the
// control API both in process and over HTTP, so every hostile mode is tested through both.
import { Macie2Client } from "@aws-sdk/client-macie2";
import {
  MacieEmulator,
  type CallerIdentity,
  type CallerOptions,
  type Counters,
  type Fault,
  type NewEmulatorOptions,
  type NonMemberAnswer,
} from "../../emulator/emulator";

/** Static dummy keys; by default every key belongs to the administrator. */
export const ADMIN_KEYS = {
  accessKeyId: "AKIAEMUTESTADMIN0001",
  secretAccessKey: "emulator-test-secret-admin",
};
export const OTHER_KEYS = {
  accessKeyId: "AKIAEMUTESTOTHER0002",
  secretAccessKey: "emulator-test-secret-other",
};

export interface ClientOptions {
  region?: string;
  credentials?: NonNullable<ConstructorParameters<typeof Macie2Client>[0]>["credentials"];
  /** Gives up on a call after 300 ms without an answer (requestTimeout) or without a byte (socketTimeout). */
  impatient?: boolean;
}

/** A Macie2 client for the emulator at `url`: one attempt, so every call the test makes is one call. */
export function macie(url: string, options: ClientOptions = {}): Macie2Client {
  return new Macie2Client({
    endpoint: url,
    region: options.region ?? "us-east-1",
    credentials: options.credentials ?? ADMIN_KEYS,
    maxAttempts: 1,
    requestHandler: options.impatient
      ? { requestTimeout: 300, throwOnRequestTimeout: true, socketTimeout: 300 }
      : { requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
}

/** A started emulator of the suite's own (on `port`, 0: any free one); stop it in `after`. */
export async function ownEmulator(options: NewEmulatorOptions = {}, port = 0): Promise<MacieEmulator> {
  const emu = new MacieEmulator(options);
  await emu.start(port);
  return emu;
}

/** The control calls the hostile tests switch modes with, the same in process and over HTTP. */
export interface Control {
  addFault(fault: Fault): Promise<void>;
  clearFaults(): Promise<void>;
  release(): Promise<number>;
  setReadLag(lagMs: number): Promise<void>;
  setNonMemberAnswer(answer: NonMemberAnswer | undefined): Promise<void>;
  setCallers(options: CallerOptions): Promise<void>;
  checkSignatures(secrets: Record<string, string> | undefined): Promise<void>;
  setStatus(accountId: string, relationshipStatus: string): Promise<void>;
  counts(): Promise<Counters>;
}

export function inProcess(emu: MacieEmulator): Control {
  // A throw becomes a rejection, as it does over HTTP.
  const later = <T>(f: () => T) => Promise.resolve().then(f);
  return {
    addFault: (fault) => later(() => emu.addFault(fault)),
    clearFaults: () => later(() => emu.clearFaults()),
    release: () => later(() => emu.release()),
    setReadLag: (lagMs) => later(() => emu.setReadLag(lagMs)),
    setNonMemberAnswer: (answer) => later(() => emu.setNonMemberAnswer(answer)),
    setCallers: (options) => later(() => emu.setCallers(options)),
    checkSignatures: (secrets) => later(() => emu.checkSignatures(secrets)),
    setStatus: (accountId, status) => later(() => emu.setStatus(accountId, status)),
    counts: () => later(() => emu.counts),
  };
}

export function overHttp(emu: MacieEmulator): Control {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emu.url}/__control/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} /__control/${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    addFault: (fault) => call("POST", "faults", fault),
    clearFaults: () => call("DELETE", "faults"),
    release: async () => (await call<{ released: number }>("POST", "release")).released,
    setReadLag: (lagMs) => call("POST", "read-lag", { lagMs }),
    setNonMemberAnswer: (answer) => call("POST", "non-member", { answer: answer ?? null }),
    setCallers: (options) => call("POST", "callers", options),
    checkSignatures: (secrets) => call("POST", "signatures", { secrets: secrets ?? null }),
    setStatus: (accountId, relationshipStatus) => call("POST", "status", { accountId, relationshipStatus }),
    counts: () => call<Counters>("GET", "counters"),
  };
}

/** Both ways of driving the emulator, for `for (const [via, controlOf] of CONTROLS)` suites. */
export const CONTROLS: readonly [string, (emu: MacieEmulator) => Control][] = [
  ["in process", inProcess],
  ["over HTTP", overHttp],
];

/** "pending" when `promise` has neither resolved nor rejected after `ms`. */
export async function stillPending(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  const outcome = await Promise.race([
    promise.then(
      () => "settled",
      () => "settled",
    ),
    new Promise((resolve) => setTimeout(() => resolve(pending), ms)),
  ]);
  return outcome === pending;
}

/** Waits until `check` is true, polling; fails after `ms` (a generous bound, not a timing assert). */
export async function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** STS GetCallerIdentity as the SDK sends it (awsQuery), signed by `accessKeyId`; what it answers. */
export async function callerIdentity(url: string, accessKeyId: string): Promise<CallerIdentity> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261127/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: "Action=GetCallerIdentity&Version=2011-06-15",
  });
  const xml = await res.text();
  if (res.status !== 200) throw new Error(`GetCallerIdentity: ${res.status} ${xml}`);
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? "";
  return { account: tag("Account"), arn: tag("Arn"), userId: tag("UserId") };
}
