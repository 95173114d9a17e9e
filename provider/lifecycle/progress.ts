// Progress of a policy region's long runs (#25). A region resource sets (or releases) its members
// in one create, update or delete: 300 members at 20 calls a second are 15 s or more, 10,000 are
// minutes, and the engine shows nothing but "creating" meanwhile (CI jobs that time out on silence,
// operators who wonder). So while such a run goes on, a line per region:
//
//   Macie members in us-east-1: 120/300 set, 0 failed
//
// at most one every `progressSeconds` (5 s), and when a run that took at least that long ends, one
// closing line with its duration; a run that ends sooner prints nothing, so small stacks stay quiet.
// Lines are driven by members finishing (no timer to stop): a stall prints nothing until the next
// member is done. Where the lines go is the sink host.ts hands over (see there: the provider host's
// stdout, which the engine shows); the runtime builds one reporter per run.
import type { Clock } from "../config/clock";

/** Where progress lines go, one call per line (no newline). */
export type ProgressSink = (line: string) => void;

/** What the run does to its members: a create or update sets them, a delete releases them. */
export type ProgressVerb = "set" | "released";

/** One region run's progress: told as each member's task ends, and when the run ends. */
export interface Progress {
  /**
   * One member's task ended (`ok`: it did not throw). A member may settle more than once (its
   * write, then its verification): its latest outcome counts.
   */
  settled(accountId: string, ok: boolean): void;
  /** The run ended: the closing line, if it took at least the interval. Once; later calls do nothing. */
  finish(): void;
}

export interface ProgressOptions {
  clock: Pick<Clock, "now">;
  sink: ProgressSink;
  /** Least time between two lines of one run, in seconds; 0: no lines. @defaultValue 5 (progressSeconds) */
  intervalSeconds: number;
}

/** A run that prints nothing. */
export const NO_PROGRESS: Progress = { settled: () => undefined, finish: () => undefined };

/** The progress of one run over `total` members of `region`. */
export function regionProgress(
  region: string,
  verb: ProgressVerb,
  total: number,
  { clock, sink, intervalSeconds }: ProgressOptions,
): Progress {
  if (intervalSeconds <= 0 || total <= 0) return NO_PROGRESS;
  const intervalMs = intervalSeconds * 1000;
  const startedAt = clock.now();
  let lastLineAt = startedAt;
  let finished = false;
  const outcomes = new Map<string, boolean>();
  const line = () => {
    let done = 0;
    for (const ok of outcomes.values()) if (ok) done++;
    const failed = outcomes.size - done;
    return `Macie members in ${region}: ${done}/${Math.max(total, outcomes.size)} ${verb}, ${failed} failed`;
  };
  return {
    settled(accountId, ok) {
      if (finished) return;
      outcomes.set(accountId, ok);
      const now = clock.now();
      if (now - lastLineAt < intervalMs) return;
      lastLineAt = now;
      sink(line());
    },
    finish() {
      if (finished) return;
      finished = true;
      const elapsed = clock.now() - startedAt;
      if (elapsed >= intervalMs) sink(`${line()}, in ${Math.round(elapsed / 1000)} s`);
    },
  };
}
