// The composition root inside Pulumi's dynamic-provider host: what the serialized shim loads by
// package name — `require("pulumi-macie-member-status/host").check(olds, news)` and so on. Keep
// these exported functions stable: states written by every earlier version call them.
//
// The engine's host calls `configure` once per serialized provider text with the stack's config;
// the configuration is read from it and the environment (the only place the provider side reads
// `process.env`), and one runtime is built from it, on first use when no configure came (older
// engines). A stack holding two texts (states from before 0.2 beside new ones) configures twice
// with the same config: the runtime — clients, limiter, calls in flight — is kept then.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
  NO_CONFIG,
  readProviderConfig,
  refuseUnknownConfigKeys,
  type AwsConfigGetter,
  type ConfigGetter,
} from "./config/config";
import { Providers, type Lifecycle } from "./lifecycle/kinds";
import { createRuntime, type Runtime } from "./lifecycle/runtime";
import { foreignRequires } from "./program/serialized";
import type { LimitInForce } from "./member/change-limit";
import { filesIn, stackLimitsFrom } from "./lifecycle/stack-config";
import type { CheckResult } from "./member/validate";
import { cleanError } from "./member/secret-flag";

type Props = Record<string, unknown>;

let config: ConfigGetter = NO_CONFIG;
let awsConfig: AwsConfigGetter = NO_CONFIG;
interface Built {
  runtime: Runtime;
  providers: Providers;
  read: string;
}
let built: Built | undefined;

/**
 * The configuration `get` and `aws` read, as text to compare (static keys show as a digest:
 * config/aws-config.ts); undefined when it does not read (current() says why).
 */
function configurationOf(get: ConfigGetter, aws: AwsConfigGetter): string | undefined {
  try {
    return JSON.stringify(readProviderConfig(get, process.env, aws));
  } catch {
    return undefined;
  }
}

/**
 * The provider for the resource `props` belong to (lifecycle/kinds.ts). One serialized provider text
 * and one runtime serve every type, so they share clients, limiter, change count and handovers.
 */
function current(props: Props): Lifecycle {
  if (!built) {
    const read = readProviderConfig(config, process.env, awsConfig);
    const runtime = createRuntime(read, {
      limitForDelete: stackLimits(read.settings.maxChangesPerRun),
      progressSink: printProgress,
    });
    built = { runtime, providers: new Providers(runtime), read: JSON.stringify(read) };
  }
  return built.providers.for(props);
}

/**
 * Where a policy region's progress lines go (lifecycle/progress.ts): this process's stdout, one
 * line each. The CLI shows them as they come, on the stack's row, and again under "Diagnostics"
 * at the end. Why not `pulumi.log.info`: in the dynamic-provider host it has no engine connection
 * (`getEngine()` is undefined: the host does not pass on the engine address the engine starts it
 * with, and PULUMI_NODEJS_ENGINE is not set), so it falls back to `console.log("info: [runtime] …")`
 * — this same stdout, with a prefix that names no one. The engine turns a dynamic provider
 * plugin's stdout lines into info diagnostics (sdk/go/common/resource/plugin/plugin.go, `runtrace`).
 * Verified with @pulumi/pulumi 3.248.0 and Pulumi CLI 3.248.0 (tests/e2e/progress.e2e.ts).
 */
function printProgress(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * The stack's current change limit for deletes (stack-config.ts), from this process's environment
 * and working directory (the project's: the engine starts the host there).
 */
function stackLimits(configured: number): (stack: unknown) => LimitInForce {
  return stackLimitsFrom(configured, process.env, filesIn(process.cwd()));
}

/**
 * Runs one lifecycle call. What fails leaves with its message only: the host prints `error.stack`,
 * whose frames name this machine's absolute paths, and CI logs keep what the CLI prints. A secret
 * account id (flagged by the resource) is shown masked, wherever the message names it.
 */
async function call<T>(run: () => Promise<T>, ...bags: Props[]): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw cleanError(error, ...bags);
  }
}

/**
 * Every key of the stack config the engine handed over. Pulumi's host wraps it in a Config that
 * only offers get(key); the plain object it wraps (`rawConfig`, full `namespace:name` keys) is
 * the one way to see keys the package does not know. Absent (another host): none to check.
 */
function rawConfigOf(req: dynamic.ConfigureRequest): Record<string, unknown> {
  const raw = (req.config as { rawConfig?: unknown }).rawConfig;
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
}

export const configure = (req: dynamic.ConfigureRequest): Promise<void> =>
  call(() => {
    refuseUnknownConfigKeys(Object.keys(rawConfigOf(req)));
    config = (key) => req.config.get(`macie:${key}`);
    // Pulumi's own AWS configuration, as pulumi-aws reads it (profile, roles, endpoints, region).
    // It lives in this process only: nothing of it goes into state or a message.
    awsConfig = (key) => req.config.get(`aws:${key}`);
    if (built && built.read !== configurationOf(config, awsConfig)) {
      built.runtime.destroy();
      built = undefined;
    }
    return Promise.resolve();
  });
export const check = (olds: Props, news: Props): Promise<CheckResult> =>
  call(async () => {
    const result = await current(news).check(olds, news);
    const foreign = typeof news.__provider === "string" ? foreignRequires(news.__provider) : [];
    if (foreign.length === 0) return result;
    const reason =
      `Pulumi serialized this package's provider as loading ${foreign.map((f) => JSON.stringify(f)).join(", ")}: ` +
      `a path only this machine resolves, so the state would fail elsewhere. Nothing was stored. Please report ` +
      `it with your @pulumi/pulumi version; meanwhile a linked install of this package (npm link, a file: ` +
      `dependency) stores the provider by value, which loads by package name.`;
    return { ...result, failures: [...result.failures, { property: "__provider", reason }] };
  }, news);
export const diff = (id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> =>
  call(() => current(news).diff(id, olds, news), olds, news);
export const create = (news: Props): Promise<dynamic.CreateResult> =>
  call(() => current(news).create(news), news);
export const read = (id: string, props: Props): Promise<dynamic.ReadResult> =>
  call<dynamic.ReadResult>(() => current(props).read(id, props), { ...props, accountId: id });
export const update = (id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> =>
  call(() => current(news).update(id, olds, news), olds, news);
// `delete` is a reserved word: exported under its name below.
const remove = (id: string, props: Props): Promise<void> =>
  call(() => current(props).delete(id, props), props);
export { remove as delete };
