// Pulumi's dynamic-provider host, started from a program directory where this package is
// installed (linked), talking to the run's emulator with dummy credentials.
import { DynamicProviderHost, REPO_ROOT } from "../../engine/host";
import { programDirectory } from "../../engine/program";
import { DUMMY_CREDENTIALS, runningEmulator } from "./emulator";

export interface StartedHost {
  host: DynamicProviderHost;
  stop(): Promise<void>;
}

export async function startHost(env: NodeJS.ProcessEnv = {}): Promise<StartedHost> {
  const emu = await runningEmulator();
  const program = programDirectory(REPO_ROOT);
  const host = await DynamicProviderHost.start({
    cwd: program.dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: emu.url,
      MACIE_MEMBER_STATUS_WAIT_TIMEOUT_SECONDS: "5",
      ...env,
    },
  });
  return {
    host,
    stop: async () => {
      await host.stop();
      program.remove();
    },
  };
}
