// What a program may declare, checked in the program (so at `pulumi preview` already, before any
// AWS call): only the documented arguments, and each (account, region) once — two declarations
// of one member would write against each other on every `up` and never stop showing drift; no
// explicit pulumi-nodejs provider, and no `import` option (it fails in Pulumi's host).
import * as pulumi from "@pulumi/pulumi";
import { closest } from "fastest-levenshtein";
import { describeName } from "../member/validate";
import { ProgramError } from "../aws/run-error";

/**
 * What a program declared that it may not: the CLI prints a RunError's message alone, without
 * "unhandled exception", stack frames or this machine's paths.
 */
export class DeclarationError extends ProgramError {
  /** Always "DeclarationError". */
  override readonly name = "DeclarationError";
}

/**
 * Throws for any argument that is not one of `known`, naming it and the closest known name: in
 * plain JavaScript a misspelt `statusOnDelte` would otherwise vanish and destroy re-enable the account.
 */
export function refuseUnknownArguments(
  what: string,
  resourceName: string,
  args: object,
  known: readonly string[],
): void {
  const unknown = Object.keys(args).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const problems = unknown.map(
    (key) =>
      `${describeName(key)} is not an argument (did you mean ${JSON.stringify(closest(key, [...known]))}?)`,
  );
  throw new DeclarationError(
    `${what} ${JSON.stringify(resourceName)}: ${problems.join("; ")}. The arguments are ${known.join(", ")}.`,
  );
}

/** Per run: (region/account) → the declaration holding it, and whether its account id is a secret. */
interface Holder {
  declaration: string;
  secret: boolean;
}

/** Declarations per program run: the engine's monitor connection is one per run (and per test's mocks). */
const byRun = new WeakMap<object, Map<string, Holder>>();

function declarationsOfThisRun(): Map<string, Holder> {
  const run: object = pulumi.runtime.getMonitor() ?? byRun;
  let seen = byRun.get(run);
  if (!seen) {
    seen = new Map();
    byRun.set(run, seen);
  }
  return seen;
}

/**
 * Records that `declaration` (e.g. `MacieMemberStatus "a"`, or a policy) holds
 * `accountId` in `region`; throws, naming both declarations, when another one already does.
 * Values not known yet (preview of computed inputs) are checked when they are. When either
 * declaration passed the account id as a secret, the message shows it masked ("…1111").
 */
export function claimMember(
  declaration: string,
  accountId: pulumi.Input<string>,
  region: pulumi.Input<string | undefined>,
): void {
  const seen = declarationsOfThisRun();
  const claim = (account: string, where: string | undefined, secret: boolean) => {
    if (where === undefined) return;
    const key = `${where}/${account}`;
    const other = seen.get(key);
    if (other !== undefined && other.declaration !== declaration) {
      const shown = secret || other.secret ? `…${account.slice(-4)}` : account;
      throw new DeclarationError(
        `Account ${shown} in ${where} is declared twice: by ${other.declaration} and by ${declaration}. Each member may be ` +
          `declared once, or the two would write against each other on every \`pulumi up\`. Remove one; to keep a ` +
          `member of a MacieMemberStatusPolicy out of it, list it in the policy's exclude (or give it an override).`,
      );
    }
    seen.set(key, { declaration, secret: secret || (other?.secret ?? false) });
  };
  if (typeof accountId === "string" && (typeof region === "string" || region === undefined)) {
    claim(accountId, region, false);
    return;
  }
  const secret = pulumi.isSecret(pulumi.output(accountId));
  pulumi.all([accountId, region]).apply(async ([account, where]) => claim(account, where, await secret));
}

/** The package of this package's resource types (`pulumi-nodejs:dynamic/macie:…`): Pulumi's dynamic provider. */
const DYNAMIC_PACKAGE = "pulumi-nodejs";

/** The provider a resource of `DYNAMIC_PACKAGE` would get from these options, resolved as @pulumi/pulumi's resource.js does. */
function explicitProviderOf(
  opts: pulumi.CustomResourceOptions | pulumi.ComponentResourceOptions | undefined,
): pulumi.ProviderResource | undefined {
  if (!opts) return undefined;
  // getPackage() is what resource.js keys providers by; @internal, so not in the published typings.
  const packageOf = (p: pulumi.ProviderResource) => (p as unknown as { getPackage(): string }).getPackage();
  const named = (p: pulumi.ProviderResource | undefined) =>
    p && packageOf(p) === DYNAMIC_PACKAGE ? p : undefined;
  if (named(opts.provider)) return opts.provider;
  const providers = "providers" in opts ? opts.providers : undefined;
  const listed = Array.isArray(providers) ? providers : Object.values(providers ?? {});
  return (
    listed.find((p) => named(p) !== undefined) ??
    named(opts.parent?.getProvider(`${DYNAMIC_PACKAGE}:dynamic:Resource`))
  );
}

/**
 * Throws when a resource would run under an explicit `pulumi-nodejs` provider resource (given as
 * `provider`, in a component's `providers`, or inherited from a parent): Pulumi starts another
 * provider process for it, with a change count of its own and none of the stack's `macie:*`
 * config, so macie:maxChangesPerRun would no longer hold for the run (#22). Checked before
 * anything is registered or listed. A provider set by a transformation is not seen here.
 */
export function refuseExplicitProvider(
  what: string,
  resourceName: string,
  opts: pulumi.CustomResourceOptions | pulumi.ComponentResourceOptions | undefined,
): void {
  const provider = explicitProviderOf(opts);
  if (!provider) return;
  // getName() is not in every typing of ProviderResource; the name Pulumi records is in `__name`.
  const name = (provider as unknown as { __name?: string }).__name ?? "(unnamed)";
  throw new DeclarationError(
    `${what} ${JSON.stringify(resourceName)} would run under the explicit ${DYNAMIC_PACKAGE} provider ` +
      `${JSON.stringify(name)}. Pulumi runs each provider resource in a process of its own, with its own change count and ` +
      `none of the stack's macie:* config, so macie:maxChangesPerRun would not hold for the whole run. Nothing was ` +
      `declared or called. Declare it under the default provider: remove the ${DYNAMIC_PACKAGE} provider from its ` +
      `provider/providers options and from its parents' providers.`,
  );
}

/**
 * Throws when a resource is declared with Pulumi's `import` option. For a dynamic resource the
 * engine's import Read carries no serialized provider (`__provider`), so Pulumi's provider host
 * fails with `TypeError … toJavaScript` and a gRPC stack (pulumi/pulumi#3550, #16175; Pulumi CLI
 * 3.248). Adopting needs no import: create reads the member first. An empty id is no import
 * (Pulumi sends `import || ""`), so it passes.
 */
export function refuseImport(
  what: string,
  resourceName: string,
  opts: pulumi.CustomResourceOptions | undefined,
): void {
  const id = opts?.import;
  if (!id) return;
  const shown = typeof id === "string" ? ` (${JSON.stringify(id)})` : "";
  throw new DeclarationError(
    `${what} ${JSON.stringify(resourceName)} is declared with the import resource option${shown}, which does not ` +
      `work with dynamic resources: Pulumi's import Read carries no serialized provider, so the provider host would ` +
      `fail (pulumi/pulumi#16175). Dynamic resources adopt by declaration — declare it without \`import\`: create ` +
      `reads the member first and writes nothing when it already has the declared status. Nothing was declared or called.`,
  );
}
