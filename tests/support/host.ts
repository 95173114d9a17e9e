// Pulumi's dynamic-provider host, started from a program directory where this package is
// installed (linked), talking to the run's emulator with dummy credentials.
import { DynamicProviderHost, REPO_ROOT } from "../../harness/host";
import { programDirectory } from "../../harness/program";
import { DUMMY_CREDENTIALS, runningEmulator } from "./emulator";

export interface StartedHost {
  host: DynamicProviderHost;
  stop(): Promise<void>;
}

/** A host with `env` added to its environment, configured with `config` (the stack's config). */
export async function startHost(
  env: NodeJS.ProcessEnv = {},
  config: Record<string, string> = {},
): Promise<StartedHost> {
  const emu = await runningEmulator();
  const program = programDirectory(REPO_ROOT);
  const host = await DynamicProviderHost.start({
    cwd: program.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: emu.url,
      AWS_ENDPOINT_URL_STS: emu.url,
      MACIE_MEMBER_STATUS_WAIT_TIMEOUT_SECONDS: "5",
      ...env,
    },
  });
  // As the engine does before anything else: hand the provider the stack's config.
  await host.configure(config);
  return {
    host,
    stop: async () => {
      await host.stop();
      program.remove();
    },
  };
}
