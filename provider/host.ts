// What the serialized shim loads, by package name, inside Pulumi's dynamic-provider host:
// `require("pulumi-macie-member-status/host").check(olds, news)` and so on. Keep these exported
// functions stable: states written by every earlier version call them.
//
// The engine calls `configure` once per host process with the stack's config; the provider is
// built from it (macie:* settings, the optional role to assume) on first use, falling back to the
// environment and defaults when no configure came (older engines).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { macieClient } from "./client";
import { systemClock } from "./clock";
import { providerConfig, type RoleToAssume } from "./credentials";
import { MemberStatusProvider, type MemberReadResult } from "./provider";
import { rateCapOf, resolveSettings, type ProgramSettings } from "./settings";
import type { CheckResult } from "./validate";

type Props = Record<string, unknown>;

// One provider per host process, built on first use from what configure handed over.
let configured: { settings: ProgramSettings; role?: RoleToAssume } = { settings: {} };
let built: MemberStatusProvider | undefined;

function current(): MemberStatusProvider {
  if (!built) {
    const settings = resolveSettings(configured.settings, process.env);
    const role = configured.role;
    built = new MemberStatusProvider({
      clientFor: (region) => macieClient(region, rateCapOf(settings), role),
      clock: systemClock,
      settings,
      env: process.env,
    });
  }
  return built;
}

export const configure = (req: dynamic.ConfigureRequest): Promise<void> => {
  const get = (key: string) => req.config.get(key);
  configured = providerConfig(get);
  built = undefined;
  return Promise.resolve();
};
export const check = (olds: Props, news: Props): Promise<CheckResult> => current().check(olds, news);
export const diff = (id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> =>
  current().diff(id, olds, news);
export const create = (news: Props): Promise<dynamic.CreateResult> => current().create(news);
export const read = (id: string, props: Props): Promise<MemberReadResult> => current().read(id, props);
export const update = (id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> =>
  current().update(id, olds, news);
// `delete` is a reserved word: exported under its name below.
const remove = (id: string, props: Props): Promise<void> => current().delete(id, props);
export { remove as delete };
