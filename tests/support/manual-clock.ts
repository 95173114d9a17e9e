// A Clock whose time moves only when told to, and whose sleeps pass at once (and are recorded):
// retries and waits run without really waiting, and their delays can be asserted.
import type { Clock } from "../../provider/config/clock";

export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  private time = 0;

  constructor(private readonly fixedRandom = 0.5) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }

  random(): number {
    return this.fixedRandom;
  }
}
