// One Macie2 emulator for the whole test run. The provider's clients are made once per region per
// process and read AWS_ENDPOINT_URL_MACIE2 when they are made, so the endpoint must not move.
import { MacieEmulator } from "../../emulator/emulator";

export const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATORDUMMYKEY1",
  AWS_SECRET_ACCESS_KEY: "emulator/dummy/secret/key/DO-NOT-LEAK-1234",
};

let shared: Promise<MacieEmulator> | undefined;

/** The run's emulator as it is; AWS_ENDPOINT_URL_MACIE2 and dummy credentials point at it. */
export function runningEmulator(): Promise<MacieEmulator> {
  shared ??= (async () => {
    const emu = new MacieEmulator();
    const url = await emu.start();
    Object.assign(process.env, DUMMY_CREDENTIALS, { AWS_ENDPOINT_URL_MACIE2: url });
    delete process.env.AWS_PROFILE;
    return emu;
  })();
  return shared;
}

/** The run's emulator, reset to empty. */
export async function emulator(): Promise<MacieEmulator> {
  const emu = await runningEmulator();
  emu.reset({ rateLimit: undefined, busyWindowMs: 0, latencyMs: 0, roles: undefined });
  return emu;
}

export async function stopEmulator(): Promise<void> {
  if (shared) await (await shared).stop();
  shared = undefined;
}
