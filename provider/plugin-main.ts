// Composition root of the provider plugin (`pulumi-resource-macie`, bin/ in the package): the
// process the engine starts for package `macie` in programs of every Pulumi language. Reads
// `process.env`, the stack config the engine configures the plugin with (the `macie:*` keys: a
// plugin is handed only its own package's config, so Pulumi's `aws:*` keys do not reach it — the
// default region is macie:region, the AWS SDK's environment and shared files do the rest), and
// the project's stack file for a delete's change limit; builds one runtime on first use and serves
// the lifecycle over @pulumi/pulumi/provider.
import { main } from "@pulumi/pulumi/provider";
import { NO_CONFIG, readProviderConfig, refuseUnknownConfigKeys } from "./config/config";
import { createRuntime, type Runtime } from "./lifecycle/runtime";
import { filesIn, stackLimitsFrom } from "./lifecycle/stack-config";
import { PluginProvider } from "./plugin/plugin-provider";
import { PACKAGE, schemaText } from "./plugin/schema";
import { patchProviderServer, type ConfigVariables, type Configured } from "./plugin/server-patches";

/** This package's version: the plugin's, and the schema's. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the compiled tree
const { version } = require("pulumi-macie-member-status/package.json") as { version: string };

/** `macie:config:maxAttempts` (how Configure names a key) → `macie:maxAttempts` (how users write it). */
function configKeysOf(variables: ConfigVariables): Map<string, string> {
  return new Map([...variables].map(([key, value]) => [key.replace(/^([^:]+):config:/, "$1:"), value]));
}

/**
 * Refuses an explicit provider resource (`pulumi:providers:macie` declared in the program): Pulumi
 * configures it with its own inputs only — none of the stack's macie:* config, so neither the
 * change limit nor the role would hold — and runs it in a process of its own, with its own change
 * count and its own record of which resource holds which member. The default provider (named
 * `default` or `default_<version>`) is configured with the stack's config. The TypeScript resources
 * refuse explicit providers the same way (program/declarations.ts).
 */
function refuseExplicitProvider(urn: string): void {
  const name = urn.split("::").pop() ?? "";
  if (urn === "" || /^default(_|$)/.test(name)) return;
  throw new Error(
    `The resources of provider ${JSON.stringify(name)} (an explicit pulumi:providers:macie) cannot run: Pulumi hands an ` +
      `explicit provider none of the stack's macie:* config, so macie:maxChangesPerRun and macie:roleArn would not hold, ` +
      `and runs it in a process of its own, where a member held twice cannot be seen. Nothing was called. Declare the ` +
      `resources without the provider option: the default provider takes the stack's macie:* config (macie:region for ` +
      `the default region).`,
  );
}

function runtimeFrom({ variables, urn }: Configured): Runtime {
  refuseExplicitProvider(urn);
  const config = configKeysOf(variables);
  refuseUnknownConfigKeys(config.keys());
  const read = readProviderConfig((key) => config.get(`${PACKAGE}:${key}`), process.env, NO_CONFIG);
  return createRuntime(read, {
    limitForDelete: stackLimitsFrom(read.settings.maxChangesPerRun, process.env, filesIn(process.cwd())),
    // Lines on stdout become info diagnostics on the stack's row, as for the dynamic provider (host.ts).
    progressSink: (line) => process.stdout.write(`${line}\n`),
  });
}

/** Serves the plugin on the address the engine reads from stdout. */
export function serve(args: string[]): Promise<void> {
  let configured: Configured = { variables: new Map(), urn: "" };
  let runtime: Runtime | undefined;
  patchProviderServer((request) => {
    configured = request;
  });
  const provider = new PluginProvider(
    version,
    schemaText(version),
    () => (runtime ??= runtimeFrom(configured)),
  );
  return main(provider, args);
}
