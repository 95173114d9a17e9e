// Runs as the engine makes them: each `pulumi up`, `refresh` or `destroy` starts its own
// dynamic-provider host, so what the provider keeps for a run — the change count, the members
// claimed by this run's checks (handover) — starts empty, while the state carries over.
import { MiniEngine } from "../../harness/engine";
import { startHost, type StartedHost } from "./host";

export class Runs {
  private readonly hosts: StartedHost[] = [];

  /**
   * The next run's engine: a new host configured with `config`, holding the state `before` left,
   * running `parallel` steps at once (1: each resource's steps end before the next one's check).
   */
  async next(config: Record<string, string> = {}, before?: MiniEngine, parallel = 16): Promise<MiniEngine> {
    const started = await startHost({}, config);
    this.hosts.push(started);
    const engine = new MiniEngine(started.host, parallel);
    for (const [urn, state] of before?.state ?? []) engine.state.set(urn, state);
    return engine;
  }

  /** Stops every host started. */
  async stop(): Promise<void> {
    for (const started of this.hosts.splice(0)) await started.stop();
  }
}
