// Runs a Pulumi program in this process under pulumi.runtime.setMocks and returns what it
// registered — type, name and inputs, `__provider` included — exactly as a real program produces
// them; and makes a program directory where the package resolves by name, as `npm install` would.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { urnOf, type Props } from "./host";

export interface Declared {
  urn: string;
  type: string;
  name: string;
  inputs: Props;
}

export interface ProgramOptions {
  project: string;
  stack: string;
  /** Stack config, "namespace:key" → value (objects are passed as JSON, as the CLI does). */
  config?: Record<string, unknown>;
}

/** Declares the resources `program` makes, without an engine: what `pulumi up` would send. */
export async function declare(program: () => void, options: ProgramOptions): Promise<Declared[]> {
  const declared: Declared[] = [];
  for (const [key, value] of Object.entries(options.config ?? {})) {
    pulumi.runtime.setConfig(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Props;
        const urn = urnOf(options.project, options.stack, args.type, args.name);
        declared.push({ urn, type: args.type, name: args.name, inputs });
        return { id: undefined, state: inputs };
      },
      call: () => ({}),
    },
    options.project,
    options.stack,
    true,
  );
  program();
  // Registrations are asynchronous (the provider is serialized first): wait until none is pending.
  await pulumi.runtime.disconnect();
  for (const key of Object.keys(options.config ?? {}))
    pulumi.runtime.setConfig(key, undefined as unknown as string);
  return declared;
}

/** A temporary program directory whose node_modules holds this package (a link to the checkout). */
export function programDirectory(repoRoot: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-program-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules", "pulumi-macie-member-status"), "dir");
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
