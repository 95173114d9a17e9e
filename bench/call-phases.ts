// When a policy's `pulumi up` made its Macie calls: the emulator's counters sampled every 250 ms while
// the command runs, turned into the moments that split its wall time — the first call (the CLI, the
// language host and the program started), the program's listing done, the first write (the engine
// registered the region resource and the provider host started), the last write, the last call
// (the re-listing and any GetMember after it). For real-cli-flip.ts.
import type { MacieEmulator } from "../emulator/emulator";

/** Seconds from the start of the command; each to the sampling period (0.25 s); undefined: never. */
export interface CallPhases {
  firstCall?: number;
  /** The program's listing: ListMembers calls (429s included) reached one listing of every region. */
  listed?: number;
  firstWrite?: number;
  lastWrite?: number;
  lastCall?: number;
}

interface Sample {
  at: number;
  list: number;
  get: number;
  write: number;
}

const PERIOD_MS = 250;

/** Starts sampling `emu`'s calls now; `stop()` gives the phases (`pages`: ListMembers of one listing of every region). */
export function sampleCallPhases(emu: MacieEmulator, pages: number): { stop(): CallPhases } {
  const started = Date.now();
  const now = (): Sample => ({
    at: (Date.now() - started) / 1000,
    list: emu.calls("ListMembers"),
    get: emu.calls("GetMember"),
    write: emu.calls("UpdateMemberSession"),
  });
  const base = now();
  const samples: Sample[] = [];
  const timer = setInterval(() => samples.push(now()), PERIOD_MS);
  return {
    stop(): CallPhases {
      clearInterval(timer);
      const end = now();
      samples.push(end);
      const first = (test: (s: Sample) => boolean) => samples.find(test)?.at;
      const total = (s: Sample) => s.list + s.get + s.write;
      return {
        firstCall: first((s) => total(s) > total(base)),
        listed: first((s) => s.list - base.list >= pages),
        firstWrite: first((s) => s.write > base.write),
        lastWrite: end.write > base.write ? first((s) => s.write === end.write) : undefined,
        lastCall: total(end) > total(base) ? first((s) => total(s) === total(end)) : undefined,
      };
    },
  };
}
