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
import { roleFromConfig, type RoleToAssume } from "./credentials";
import { MemberStatusProvider, type MemberReadResult } from "./provider";
import { rateCapOf, resolveSettings, settingsFromConfig, type ProgramSettings } from "./settings";
import type { CheckResult } from "./validate";

type Props = Record<string, unknown>;

export class HostProvider {
  private settings: ProgramSettings = {};
  private role: RoleToAssume | undefined;
  private provider: MemberStatusProvider | undefined;

  configure(req: dynamic.ConfigureRequest): Promise<void> {
    const get = (key: string) => req.config.get(key);
    this.settings = settingsFromConfig((name) => get(`macie:${name}`));
    this.role = roleFromConfig(get);
    this.provider = undefined;
    return Promise.resolve();
  }

  private current(): MemberStatusProvider {
    if (!this.provider) {
      const settings = resolveSettings(this.settings, process.env);
      const role = this.role;
      this.provider = new MemberStatusProvider({
        clientFor: (region) => macieClient(region, rateCapOf(settings), role),
        clock: systemClock,
        settings,
        env: process.env,
      });
    }
    return this.provider;
  }

  check(olds: Props, news: Props): Promise<CheckResult> {
    return this.current().check(olds, news);
  }
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return this.current().diff(id, olds, news);
  }
  create(news: Props): Promise<dynamic.CreateResult> {
    return this.current().create(news);
  }
  read(id: string, props: Props): Promise<MemberReadResult> {
    return this.current().read(id, props);
  }
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    return this.current().update(id, olds, news);
  }
  delete(id: string, props: Props): Promise<void> {
    return this.current().delete(id, props);
  }
}

/** The process's provider: one per dynamic-provider host. */
export const provider = new HostProvider();

export const configure = (req: dynamic.ConfigureRequest): Promise<void> => provider.configure(req);
export const check = (olds: Props, news: Props): Promise<CheckResult> => provider.check(olds, news);
export const diff = (id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> =>
  provider.diff(id, olds, news);
export const create = (news: Props): Promise<dynamic.CreateResult> => provider.create(news);
export const read = (id: string, props: Props): Promise<MemberReadResult> => provider.read(id, props);
export const update = (id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> =>
  provider.update(id, olds, news);
// `delete` is a reserved word: exported under its name below.
const remove = (id: string, props: Props): Promise<void> => provider.delete(id, props);
export { remove as delete };
