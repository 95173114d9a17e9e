// Emulators for tests, and what a provider or program needs to talk to one: its endpoint in an
// environment of their own, and dummy credentials, handed in, never written to `process.env`.
// Each runtime carries its own endpoint, so several emulators can serve one process side by side.
// A test may run the shared emulator on its own manual clock (emulator({ clock })) and hand the same
// clock to its runtimes: then backoffs and waits pass at once, and both sides agree on how long they lasted.
import { realTime } from "../../emulator/clock";
import { MacieEmulator, type EmulatorClock } from "../../emulator/emulator";
import type { Clock } from "../../provider/config/clock";
import { NO_CONFIG, readProviderConfig, type Environment } from "../../provider/config/config";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../provider/lifecycle/runtime";
import type { ProviderSettings } from "../../provider/config/settings";

/** Dummy credentials as environment variables, for child processes (the host, the CLI). */
export const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATORDUMMYKEY1",
  AWS_SECRET_ACCESS_KEY: "emulator/dummy/secret/key/DO-NOT-LEAK-1234",
};

/** The same credentials as the SDK takes them, for runtimes in this process. */
export const DUMMY_IDENTITY = {
  accessKeyId: DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
};

let shared: Promise<MacieEmulator> | undefined;

/** The shared emulator's time: real, or the clock of the test that asked for one (until useRealTime). */
let time: EmulatorClock = realTime;
const sharedClock: EmulatorClock = { now: () => time.now() };

/** The run's shared emulator as it is. */
export function runningEmulator(): Promise<MacieEmulator> {
  shared ??= (async () => {
    const emu = new MacieEmulator({ clock: sharedClock });
    await emu.start();
    return emu;
  })();
  return shared;
}

/** The run's shared emulator if a test has started it (undefined otherwise: nothing is started). */
export function sharedEmulator(): Promise<MacieEmulator | undefined> {
  return shared ?? Promise.resolve(undefined);
}

/**
 * The run's emulator, reset to empty, on real time or on `clock` (busy windows, read lag, rate
 * limit): the root hooks put it back on real time after each test.
 */
export async function emulator(options: { clock?: EmulatorClock } = {}): Promise<MacieEmulator> {
  const emu = await runningEmulator();
  time = options.clock ?? realTime;
  // After the switch: the reset refills the rate limit's bucket as of the clock now in use.
  emu.reset({ rateLimit: undefined, busyWindowMs: 0, latencyMs: 0, roles: undefined });
  return emu;
}

/** Puts the shared emulator back on real time (busy windows and lags begun on another clock end). */
export function useRealTime(): void {
  time = realTime;
}

export async function stopEmulator(): Promise<void> {
  if (shared) await (await shared).stop();
  shared = undefined;
}

/** The environment that points the SDK (Macie2 and STS) at `emu`. */
/** The environment a CLI run needs to call `emu`: dummy credentials and both endpoints. */
export function cliEnvOn(emu: MacieEmulator): NodeJS.ProcessEnv {
  return { ...DUMMY_CREDENTIALS, ...emulatorEnv(emu) };
}

export function emulatorEnv(emu: MacieEmulator): Environment {
  return { AWS_ENDPOINT_URL_MACIE2: emu.url, AWS_ENDPOINT_URL_STS: emu.url };
}

/** What a program run in this process needs to list members on `emu` (on `clock`: real time by default). */
export function programOn(emu: MacieEmulator, clock?: Clock): { env: Environment; runtime: RuntimeOptions } {
  return { env: emulatorEnv(emu), runtime: { credentials: DUMMY_IDENTITY, ...(clock ? { clock } : {}) } };
}

/** A runtime on `emu` with the default settings, changed by `settings`. */
export function emulatorRuntime(
  emu: MacieEmulator,
  settings: Partial<ProviderSettings> = {},
  options: RuntimeOptions = {},
): Runtime {
  const config = readProviderConfig(NO_CONFIG, emulatorEnv(emu));
  return createRuntime(
    { ...config, settings: { ...config.settings, ...settings } },
    { credentials: DUMMY_IDENTITY, ...options },
  );
}

/** The Macie calls an emulator has answered, by what they do: ListMembers, GetMember, UpdateMemberSession. */
export interface MacieCalls {
  list: number;
  get: number;
  update: number;
}

/** `emu`'s Macie calls so far, or since `before` (a count taken earlier). */
export function macieCalls(
  emu: MacieEmulator,
  before: MacieCalls = { list: 0, get: 0, update: 0 },
): MacieCalls {
  return {
    list: emu.calls("ListMembers") - before.list,
    get: emu.calls("GetMember") - before.get,
    update: emu.calls("UpdateMemberSession") - before.update,
  };
}
