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
import { patchProviderServer, type ConfigVariables } from "./plugin/server-patches";

/** This package's version: the plugin's, and the schema's. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the compiled tree
const { version } = require("pulumi-macie-member-status/package.json") as { version: string };

/** `macie:config:maxAttempts` (how Configure names a key) → `macie:maxAttempts` (how users write it). */
function configKeysOf(variables: ConfigVariables): Map<string, string> {
  return new Map([...variables].map(([key, value]) => [key.replace(/^([^:]+):config:/, "$1:"), value]));
}

function runtimeFrom(variables: ConfigVariables): Runtime {
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
  let variables: ConfigVariables = new Map();
  let runtime: Runtime | undefined;
  patchProviderServer((configured) => {
    variables = configured;
  });
  const provider = new PluginProvider(
    version,
    schemaText(version),
    () => (runtime ??= runtimeFrom(variables)),
  );
  return main(provider, args);
}
