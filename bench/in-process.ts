// The provider in this process, built as the host builds it (real SDK client, shared limiter,
// default settings), against a fresh emulator: for benchmarks that count calls or time one
// lifecycle operation without the gRPC hop.
import { MacieEmulator, type EmulatorOptions } from "../emulator/emulator";
import { NO_CONFIG, readProviderConfig } from "../provider/config/config";
import { MemberStatusProvider } from "../provider/lifecycle/provider";
import { createRuntime } from "../provider/lifecycle/runtime";

/** Dummy keys: the emulator only checks that requests are signed. */
export const BENCH_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIABENCHDUMMY",
  AWS_SECRET_ACCESS_KEY: "bench-dummy",
};

/** The same keys as the SDK takes them, for runtimes in this process. */
export const BENCH_IDENTITY = {
  accessKeyId: BENCH_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: BENCH_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
};

export async function withInProcessProvider<T>(
  options: EmulatorOptions,
  run: (emu: MacieEmulator, provider: MemberStatusProvider) => Promise<T>,
): Promise<T> {
  const emu = new MacieEmulator(options);
  const url = await emu.start();
  // A runtime of its own, pointed at this emulator: nothing of an earlier run is reused.
  const runtime = createRuntime(readProviderConfig(NO_CONFIG, { AWS_ENDPOINT_URL_MACIE2: url }), {
    credentials: BENCH_IDENTITY,
  });
  try {
    return await run(emu, new MemberStatusProvider(runtime));
  } finally {
    runtime.destroy();
    await emu.stop();
  }
}
