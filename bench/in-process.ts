// The provider in this process, built as the host builds it (real SDK client, shared limiter,
// default settings), against a fresh emulator: for benchmarks that count calls or time one
// lifecycle operation without the gRPC hop.
import { MacieEmulator, type EmulatorOptions } from "../emulator/emulator";
import { newMacieClient } from "../provider/client";
import { systemClock } from "../provider/clock";
import { MemberStatusProvider } from "../provider/provider";
import { resolveSettings } from "../provider/settings";

/** Dummy keys: the emulator only checks that requests are signed. */
export const BENCH_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIABENCHDUMMY",
  AWS_SECRET_ACCESS_KEY: "bench-dummy",
};

export async function withInProcessProvider<T>(
  options: EmulatorOptions,
  run: (emu: MacieEmulator, provider: MemberStatusProvider) => Promise<T>,
): Promise<T> {
  const emu = new MacieEmulator(options);
  const url = await emu.start();
  const saved = { ...process.env };
  Object.assign(process.env, BENCH_CREDENTIALS, { AWS_ENDPOINT_URL_MACIE2: url });
  // A client of its own (the process-wide one per region would keep an earlier run's endpoint).
  const client = newMacieClient("us-east-1");
  const provider = new MemberStatusProvider({
    clientFor: () => client,
    clock: systemClock,
    settings: resolveSettings({}, {}),
    env: {},
  });
  try {
    return await run(emu, provider);
  } finally {
    process.env = saved;
    client.destroy();
    await emu.stop();
  }
}
