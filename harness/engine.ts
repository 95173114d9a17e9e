// A small stand-in for the Pulumi engine's step logic over one dynamic-provider host: up (check,
// then create, or diff and update/replace, and delete what is no longer declared), refresh (read),
// preview (check and diff only) and destroy, with bounded parallelism like `pulumi up --parallel`.
// It keeps state in memory as the engine keeps it in a checkpoint: inputs and outputs per URN.
import type { Declared } from "./program";
import { HostError, type DynamicProviderHost, type Props } from "./host";

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

export type StepOp = "create" | "update" | "replace" | "same" | "delete" | "refresh" | "gone";

export interface Step {
  urn: string;
  name: string;
  op: StepOp;
  /** The provider's error message, when the step failed. */
  error?: string;
}

export class MiniEngine {
  readonly state = new Map<string, ResourceState>();

  constructor(
    private readonly host: DynamicProviderHost,
    private readonly parallel = 16,
  ) {}

  /** Converges the declared resources; returns one step per resource touched. */
  async up(declared: Declared[]): Promise<Step[]> {
    const steps = await mapLimit(declared, this.parallel, (d) =>
      this.step(d.name, d.urn, () => this.apply(d)),
    );
    const wanted = new Set(declared.map((d) => d.urn));
    const gone = [...this.state.values()].filter((s) => !wanted.has(s.urn));
    return steps.concat(
      await mapLimit(gone, this.parallel, (s) => this.step(s.name, s.urn, () => this.remove(s))),
    );
  }

  /** What `up` would do, without doing it: check and diff only. */
  async preview(declared: Declared[]): Promise<Step[]> {
    return mapLimit(declared, this.parallel, (d) =>
      this.step(d.name, d.urn, async () => {
        const prior = this.state.get(d.urn);
        const inputs = await this.checked(d, prior);
        if (!prior) return "create";
        const diff = await this.host.diff(prior.id, d.urn, prior.outputs, inputs);
        return diff.changes === "none" ? "same" : diff.replaces.length > 0 ? "replace" : "update";
      }),
    );
  }

  /** Reads every resource back; drops those the provider says are gone. */
  async refresh(): Promise<Step[]> {
    return mapLimit([...this.state.values()], this.parallel, (s) =>
      this.step(s.name, s.urn, async () => {
        const read = await this.host.read(s.id, s.urn, s.outputs, s.inputs);
        if (!read.id) {
          this.state.delete(s.urn);
          return "gone";
        }
        this.state.set(s.urn, {
          ...s,
          id: read.id,
          outputs: read.properties,
          inputs: read.inputs ?? s.inputs,
        });
        return "refresh";
      }),
    );
  }

  async destroy(): Promise<Step[]> {
    return mapLimit([...this.state.values()], this.parallel, (s) =>
      this.step(s.name, s.urn, () => this.remove(s)),
    );
  }

  private async step(name: string, urn: string, run: () => Promise<StepOp>): Promise<Step> {
    try {
      return { urn, name, op: await run() };
    } catch (error) {
      return { urn, name, op: "same", error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async checked(d: Declared, prior: ResourceState | undefined): Promise<Props> {
    const { inputs, failures } = await this.host.check(d.urn, prior?.inputs ?? {}, d.inputs);
    if (failures.length > 0) {
      throw new HostError(3, failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    }
    return inputs;
  }

  private async apply(d: Declared): Promise<StepOp> {
    const prior = this.state.get(d.urn);
    const inputs = await this.checked(d, prior);
    if (!prior) {
      const created = await this.recordingPartial(d, undefined, inputs, () =>
        this.host.create(d.urn, inputs),
      );
      this.state.set(d.urn, {
        urn: d.urn,
        type: d.type,
        name: d.name,
        id: created.id,
        inputs,
        outputs: created.properties,
      });
      return "create";
    }
    const diff = await this.host.diff(prior.id, d.urn, prior.outputs, inputs);
    if (diff.changes === "none") return "same";
    if (diff.replaces.length > 0) {
      // Create before delete, as the engine does unless deleteBeforeReplace is asked for.
      const created = await this.host.create(d.urn, inputs);
      await this.host.delete(prior.id, d.urn, prior.outputs);
      this.state.set(d.urn, { ...prior, id: created.id, inputs, outputs: created.properties });
      return "replace";
    }
    const outputs = await this.recordingPartial(d, prior, inputs, () =>
      this.host.update(prior.id, d.urn, prior.outputs, inputs),
    );
    this.state.set(d.urn, { ...prior, inputs, outputs });
    return "update";
  }

  /** Runs a create or update; when it fails part-way, records what it left, as the engine does. */
  private async recordingPartial<T>(
    d: Declared,
    prior: ResourceState | undefined,
    inputs: Props,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof HostError && error.partial) {
        const { id, properties } = error.partial;
        const base = prior ?? { urn: d.urn, type: d.type, name: d.name };
        this.state.set(d.urn, { ...base, id: id || prior?.id || "", inputs, outputs: properties });
      }
      throw error;
    }
  }

  private async remove(s: ResourceState): Promise<StepOp> {
    await this.host.delete(s.id, s.urn, s.outputs);
    this.state.delete(s.urn);
    return "delete";
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
