// The provider host's runtime: AWS access (aws/access.ts) plus the state of one run — the change
// count, refresh's shared scans, the members handed over, where progress lines go — for one
// provider host process, which the engine starts per `pulumi up`. Built by host.ts; tests build
// their own the same way.
import { createAwsAccess, type AwsAccess, type AwsAccessOptions } from "../aws/access";
import type { ProviderConfig } from "../config/config";
import { ChangeLimit, type LimitInForce } from "../member/change-limit";
import { Handover } from "./handover";
import { MemberScans } from "./member-scan";
import { NO_PROGRESS, regionProgress, type Progress, type ProgressSink, type ProgressVerb } from "./progress";

export interface Runtime extends AwsAccess {
  /**
   * The members this run has changed, per region, against macie:maxChangesPerRun: one count for
   * the runtime's life, which in the provider host is the run's (one host process per `pulumi up`).
   */
  readonly changes: ChangeLimit;
  /**
   * Refresh's shared ListMembers scans, one per region for the runtime's life (member-scan.ts):
   * in the provider host, one per `pulumi refresh`. Only `read` uses them.
   */
  readonly scans: MemberScans;
  /** Members declared by a check of this run, which a release leaves as they are (handover.ts). */
  readonly handover: Handover;
  /**
   * The limit a delete of a resource recorded in `stack` obeys: the stack's current one where the
   * provider host can read it (stack-config.ts); undefined: the configured one.
   */
  limitForDelete(stack: unknown): LimitInForce | undefined;
  /**
   * The progress lines of one policy region's run over `total` members (progress.ts): to the
   * sink the runtime was given, at most one per `progressSeconds`; none without a sink.
   */
  progress(region: string, verb: ProgressVerb, total: number): Progress;
}

export interface RuntimeOptions extends AwsAccessOptions {
  /** The stack's current change limit for deletes (host.ts reads it). @defaultValue the configured limit */
  limitForDelete?: (stack: unknown) => LimitInForce;
  /** Where progress lines go (host.ts: the provider host's stdout). @defaultValue none: no lines */
  progressSink?: ProgressSink;
}

/**
 * The runtime for `config`: AWS access, and a fresh change count, scans and handovers; progress
 * lines to `options.progressSink`.
 */
export function createRuntime(config: ProviderConfig, options: RuntimeOptions = {}): Runtime {
  const access = createAwsAccess(config, options);
  return {
    ...access,
    changes: new ChangeLimit(access.settings.maxChangesPerRun),
    scans: new MemberScans(access),
    handover: new Handover(),
    limitForDelete: (stack) => options.limitForDelete?.(stack),
    progress: (region, verb, total) => {
      const sink = options.progressSink;
      if (!sink) return NO_PROGRESS;
      return regionProgress(region, verb, total, {
        clock: access.clock,
        sink,
        intervalSeconds: access.settings.progressSeconds,
      });
    },
  };
}
