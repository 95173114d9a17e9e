// Mocha root hooks: stop what the run started, so mocha ends on its own.
import { stopEmulator } from "./emulator";

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopEmulator();
  },
};
