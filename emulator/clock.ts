// The emulator's time: real unless a test hands in its own (NewEmulatorOptions.clock), so a client
// on a manual clock and the emulator agree on how long a backoff or a wait lasted.

/** Where the emulator reads the time. A test's manual clock fits: only now() is read. */
export interface EmulatorClock {
  /** Milliseconds, as Date.now() counts them. */
  now(): number;
}

/** Real time. */
export const realTime: EmulatorClock = { now: () => Date.now() };
