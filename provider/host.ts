// The composition root inside Pulumi's dynamic-provider host: what the serialized shim loads by
// package name — `require("pulumi-macie-member-status/host").check(olds, news)` and so on. Keep
// these exported functions stable: states written by every earlier version call them.
//
// The engine calls `configure` once per host process with the stack's config; the configuration
// is read from it and the environment (the only place the provider side reads `process.env`), and
// one runtime is built from it, on first use when no configure came (older engines).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { NO_CONFIG, readProviderConfig, type ConfigGetter } from "./config";
import { MemberStatusProvider, type MemberReadResult } from "./provider";
import { createRuntime, type Runtime } from "./runtime";
import { SECRET_ACCOUNT_FLAG, type CheckResult } from "./validate";

type Props = Record<string, unknown>;

let config: ConfigGetter = NO_CONFIG;
let built: { runtime: Runtime; provider: MemberStatusProvider } | undefined;

function current(): MemberStatusProvider {
  if (!built) {
    const runtime = createRuntime(readProviderConfig(config, process.env));
    built = { runtime, provider: new MemberStatusProvider(runtime) };
  }
  return built.provider;
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
    if (error instanceof Error) {
      for (const bag of bags) error.message = maskSecretAccount(error.message, bag);
      error.stack = `${error.name}: ${error.message}`;
    }
    throw error;
  }
}

/** "…8901" for every mention of the account id of `props`, when that id is a secret. */
export function maskSecretAccount(message: string, props: Props): string {
  const accountId = props.accountId;
  if (props[SECRET_ACCOUNT_FLAG] !== true || typeof accountId !== "string" || accountId.length < 4)
    return message;
  return message.split(accountId).join(`…${accountId.slice(-4)}`);
}

export const configure = (req: dynamic.ConfigureRequest): Promise<void> =>
  call(() => {
    built?.runtime.destroy();
    built = undefined;
    config = (key) => req.config.get(`macie:${key}`);
    return Promise.resolve();
  });
export const check = (olds: Props, news: Props): Promise<CheckResult> =>
  call(() => current().check(olds, news), news);
export const diff = (id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> =>
  call(() => current().diff(id, olds, news), olds, news);
export const create = (news: Props): Promise<dynamic.CreateResult> =>
  call(() => current().create(news), news);
export const read = (id: string, props: Props): Promise<MemberReadResult> =>
  call(() => current().read(id, props), { ...props, accountId: id });
export const update = (id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> =>
  call(() => current().update(id, olds, news), olds, news);
// `delete` is a reserved word: exported under its name below.
const remove = (id: string, props: Props): Promise<void> => call(() => current().delete(id, props), props);
export { remove as delete };
