// Mocha root hooks: stop what the run started, so mocha ends on its own; and hold every suite that
// talks to the run's shared emulator (integration, engine, examples, e2e through the real CLI) to
// AWS's published API model: a request the emulator refused as breaking it fails the test that
// made it, whichever process sent it. The emulator's own suites send such requests on purpose.
// And put the shared emulator back on real time, for a test that ran it on a manual clock.
import * as path from "node:path";
import { sharedEmulator, stopEmulator, useRealTime } from "./emulator";

const EMULATOR_SUITES = `${path.sep}tests${path.sep}emulator${path.sep}`;

export const mochaHooks = {
  async afterEach(this: Mocha.Context): Promise<void> {
    useRealTime();
    const emu = await sharedEmulator();
    if (!emu || (this.currentTest?.file ?? "").includes(EMULATOR_SUITES)) return;
    const refused = emu.counts.modelViolations;
    if (refused.length > 0) {
      const each = refused.map((r) => `${r.operation}: ${r.message}`);
      throw new Error(
        `${refused.length} request(s) broke AWS's published API model (model/):\n${each.join("\n")}`,
      );
    }
  },
  async afterAll(): Promise<void> {
    await stopEmulator();
  },
};
