// The provider plugin's resource provider (@pulumi/pulumi/provider's `Provider`): each call is
// dispatched by the type in its URN — the engine names it here, unlike in the dynamic-provider
// host — to the same lifecycle the dynamic resources use (lifecycle/provider.ts for a member,
// plugin/region-policy.ts for a region). Around each call: secrets unwrapped and wrapped again
// (secrets.ts), the stack named from the URN for deletes (the change limit in force,
// lifecycle/stack-config.ts), and errors without stack frames, secret account ids masked.
import type * as provider from "@pulumi/pulumi/provider";
import { MemberStatusProvider } from "../lifecycle/provider";
import type { Runtime } from "../lifecycle/runtime";
import { compact } from "../member/compact";
import { cleanError, SECRET_ACCOUNT_FLAG } from "../member/secret-flag";
import { STACK_KEY } from "../member/types";
import { isUnknown } from "../member/validate";
import { Declarations } from "./declarations";
import { REGION_POLICY_TYPE, RegionPolicyProvider } from "./region-policy";
import { maskSecretValues, unwrapSecrets, wrapSecrets } from "./secrets";

type Props = Record<string, unknown>;

export const MEMBER_STATUS_TYPE = "macie:index:MemberStatus";

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its parts (a parent's type may precede the type with `$`). */
export function partsOf(urn: string): { stack: string; type: string; name: string } {
  const [head = "", , qualifiedType = "", ...name] = urn.split("::");
  const types = qualifiedType.split("$");
  return { stack: head.replace(/^urn:pulumi:/, ""), type: types[types.length - 1], name: name.join("::") };
}

/** Check's answer, typed (the Provider interface has `any` for the inputs). */
export interface PluginCheckResult {
  inputs: Props;
  failures: provider.CheckFailure[];
}

/** What one resource type does: the lifecycle with the URN where it needs it. */
interface TypeProvider {
  check(urn: string, olds: Props, news: Props): Promise<PluginCheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<provider.DiffResult>;
  create(news: Props): Promise<provider.CreateResult>;
  read(id: string, props: Props): Promise<provider.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<provider.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

function memberStatus(runtime: Runtime): TypeProvider {
  const p = new MemberStatusProvider(runtime);
  return {
    check: (_urn, olds, news) => p.check(olds, news),
    diff: (id, olds, news) => p.diff(id, olds, news),
    create: (news) => p.create(news),
    read: (id, props) => p.read(id, props),
    update: (id, olds, news) => p.update(id, olds, news),
    delete: (id, props) => p.delete(id, props),
  };
}

function regionPolicy(runtime: Runtime): TypeProvider {
  return new RegionPolicyProvider(runtime, (urn) => partsOf(urn).name);
}

/** Every output without what only the lifecycle needs: the stack's name and the secret-account flag. */
function withoutInternals(props: Props): Props {
  const { [STACK_KEY]: _stack, [SECRET_ACCOUNT_FLAG]: _flag, ...rest } = props;
  return rest;
}

/**
 * The properties as secret as `secrets`, and those that hold what they hold: a RegionPolicy's
 * member maps and lists name the accounts its exclude and overrides name.
 */
function secretsOf(urn: string, secrets: ReadonlySet<string>): ReadonlySet<string> {
  if (partsOf(urn).type !== REGION_POLICY_TYPE || !(secrets.has("exclude") || secrets.has("overrides")))
    return secrets;
  return new Set([...secrets, "members", "pending", "dropped"]);
}

/** The plugin's `Provider`, over a runtime built on first use (`runtime()`: the stack config by then). */
export class PluginProvider implements provider.Provider {
  private providers: Map<string, TypeProvider> | undefined;
  private readonly declarations = new Declarations();

  constructor(
    readonly version: string,
    readonly schema: string,
    private readonly runtime: () => Runtime,
  ) {}

  private for(urn: string): TypeProvider {
    this.providers ??= new Map([
      [MEMBER_STATUS_TYPE, memberStatus(this.runtime())],
      [REGION_POLICY_TYPE, regionPolicy(this.runtime())],
    ]);
    const { type } = partsOf(urn);
    const found = this.providers.get(type);
    if (!found) throw new Error(`the macie provider has no resource type ${JSON.stringify(type)}`);
    return found;
  }

  check(urn: string, olds: Props, news: Props): Promise<PluginCheckResult> {
    const n = unwrapSecrets(news);
    return run(async () => {
      const result = await this.for(urn).check(urn, unwrapSecrets(olds).props, n.props);
      const twice =
        result.failures.length === 0 ? this.declaredTwice(urn, result.inputs, n.secrets) : undefined;
      const failures = (twice ? [twice] : result.failures).map((f) => ({
        property: f.property,
        reason: maskSecretValues(f.reason, n.props, n.secrets),
      }));
      return { inputs: wrapSecrets(withoutInternals(result.inputs), secretsOf(urn, n.secrets)), failures };
    }, n.props);
  }

  /** The members a checked resource holds, claimed for it: a failure when another resource holds one. */
  private declaredTwice(
    urn: string,
    inputs: Props,
    secrets: ReadonlySet<string>,
  ): provider.CheckFailure | undefined {
    const { type, name } = partsOf(urn);
    const { region, accountId, members } = inputs;
    // Not yet known (preview): nothing to hold yet; the update's check claims it.
    if (typeof region !== "string" || isUnknown(region) || isUnknown(accountId)) return undefined;
    const shown = `${type.split(":").pop()} ${JSON.stringify(name)}`;
    if (type === MEMBER_STATUS_TYPE && typeof accountId === "string") {
      const refusal = this.declarations.claim(urn, shown, region, [accountId], secrets.has("accountId"));
      return refusal ? { property: "accountId", reason: refusal } : undefined;
    }
    if (type === REGION_POLICY_TYPE && typeof members === "object" && members !== null) {
      const secret = secrets.has("exclude") || secrets.has("overrides");
      const refusal = this.declarations.claim(urn, shown, region, Object.keys(members), secret);
      return refusal ? { property: "exclude", reason: refusal } : undefined;
    }
    return undefined;
  }

  /** `pulumi import` (a Read with no state) of a member Macie does not show: say so, not "cannot import". */
  private nothingToImport(urn: string, id: string): Error {
    const { type } = partsOf(urn);
    const region = this.runtime().defaultRegion ?? "the default region";
    return new Error(
      `${type} ${JSON.stringify(id)}: nothing to import — Macie shows no member ${id} of this administrator in ${region} ` +
        `(not a member, or Removed or Resigned). Nothing was written. Check the account id, and macie:region or AWS_REGION.`,
    );
  }

  diff(id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
    const o = unwrapSecrets(olds);
    const n = unwrapSecrets(news);
    return run(() => this.for(urn).diff(id, o.props, n.props), n.props);
  }

  create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }> {
    const n = unwrapSecrets(inputs);
    return run(
      async () => {
        const result = await this.for(urn).create(n.props);
        return { id: result.id, outs: wrapSecrets(output(result.outs), secretsOf(urn, n.secrets)) ?? {} };
      },
      n.props,
      n.secrets,
    );
  }

  read(id: string, urn: string, props?: Props): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const p = unwrapSecrets(props);
    return run(
      async () => {
        const result = await this.for(urn).read(id, p.props);
        if (result.id === undefined && Object.keys(p.props).length === 0) throw this.nothingToImport(urn, id);
        const secrets = secretsOf(urn, p.secrets);
        return {
          id: result.id,
          props: wrapSecrets(output(result.props), secrets),
          inputs: wrapSecrets(output(result.inputs), secrets),
        };
      },
      { ...p.props, accountId: id },
    );
  }

  update(id: string, urn: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const o = unwrapSecrets(olds);
    const n = unwrapSecrets(news);
    const stack = { [STACK_KEY]: partsOf(urn).stack };
    return run(
      async () => {
        const result = await this.for(urn).update(id, { ...o.props, ...stack }, { ...n.props, ...stack });
        return {
          outs: wrapSecrets(output(result.outs), secretsOf(urn, o.secrets), secretsOf(urn, n.secrets)) ?? {},
        };
      },
      n.props,
      n.secrets,
    );
  }

  delete(id: string, urn: string, props: Props): Promise<void> {
    const p = unwrapSecrets(props);
    return run(() => this.for(urn).delete(id, { ...p.props, [STACK_KEY]: partsOf(urn).stack }), p.props);
  }
}

/** What goes back to the engine: no internals, no undefined fields (a protobuf Struct cannot carry them). */
function output(props: unknown): Props | undefined {
  return props === undefined ? undefined : compact(withoutInternals(props as Props));
}

/** One call: errors with their message only, secret ids masked; a partial failure's state kept secret. */
async function run<T>(call: () => Promise<T>, props: Props, secrets?: ReadonlySet<string>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failed = error as { properties?: unknown };
    if (secrets && typeof failed.properties === "object" && failed.properties !== null)
      failed.properties = wrapSecrets(output(failed.properties), secrets);
    throw cleanError(error, props);
  }
}
