// Runs a Pulumi program in this process under pulumi.runtime.setMocks and returns what it
// registered — type, name and inputs, `__provider` included — exactly as a real program produces
// them; and makes a program directory where the package resolves by name, as `npm install` would.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../provider/config/config";
import { useProgramEnvironment } from "../provider/program/program";
import type { RuntimeOptions } from "../provider/lifecycle/runtime";
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
  /** The environment the program sees instead of `process.env` (e.g. an emulator's endpoint). */
  env?: Environment;
  /** Runtime options for the program's own calls (the policy's listing): dummy credentials, a clock. */
  runtime?: RuntimeOptions;
  /**
   * The @pulumi/pulumi whose runtime to mock: the one the program loads. By default this
   * checkout's; a program in a project with its own installed copy passes that copy.
   */
  pulumi?: typeof pulumi;
}

/**
 * Declares the custom resources `program` makes, without an engine: what `pulumi up` would send.
 * Components are registered but not returned (the engine has nothing to do for them); a program
 * that declares some of its resources later (after listing members) returns a promise of that.
 */
export async function declare(
  program: () => void | Promise<unknown>,
  options: ProgramOptions,
): Promise<Declared[]> {
  const declared: Declared[] = [];
  const restoreEnvironment = useProgramEnvironment(options.env ?? {}, options.runtime);
  const sdk = options.pulumi ?? pulumi;
  for (const [key, value] of Object.entries(options.config ?? {})) {
    sdk.runtime.setConfig(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  await sdk.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.custom === false) return { id: undefined, state: {} };
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
  try {
    await program();
    // Registrations are asynchronous (the provider is serialized first): wait until none is pending.
    await sdk.runtime.disconnect();
  } finally {
    restoreEnvironment();
    for (const key of Object.keys(options.config ?? {}))
      sdk.runtime.setConfig(key, undefined as unknown as string);
  }
  return declared;
}

/**
 * A temporary program directory whose node_modules holds this package (a link to the checkout),
 * and links to any of the checkout's own dependencies named in `dependencies`.
 */
export function programDirectory(
  repoRoot: string,
  dependencies: string[] = [],
): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-program-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules", "pulumi-macie-member-status"), "dir");
  for (const name of dependencies) {
    const link = path.join(dir, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules", name), link, "dir");
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Fills `modules` (a node_modules directory) as `npm install` leaves it: this package (package.json
 * and the shipped dist/) and @pulumi/pulumi as real directories — Pulumi's closure serializer
 * decides by real paths (serialized.ts) — and every other dependency of the checkout linked. With
 * `pnpm`, this package lives where pnpm puts it, node_modules/.pnpm/<name>@<version>/node_modules/<name>,
 * linked from node_modules/<name>. Returns this package's real directory.
 */
export function installInto(modules: string, repoRoot: string, options: { pnpm?: boolean } = {}): string {
  const name = "pulumi-macie-member-status";
  const checkout = path.join(repoRoot, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  const linkAll = (from: string, to: string, skip: Set<string>) => {
    for (const entry of fs.readdirSync(from)) {
      if (entry.startsWith(".") || skip.has(entry)) continue;
      fs.symlinkSync(path.join(from, entry), path.join(to, entry), "dir");
    }
  };
  linkAll(checkout, modules, new Set(["@pulumi", name]));
  fs.mkdirSync(path.join(modules, "@pulumi"));
  linkAll(path.join(checkout, "@pulumi"), path.join(modules, "@pulumi"), new Set(["pulumi"]));
  fs.cpSync(path.join(checkout, "@pulumi", "pulumi"), path.join(modules, "@pulumi", "pulumi"), {
    recursive: true,
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    version: string;
  };
  const pkg = options.pnpm
    ? path.join(modules, ".pnpm", `${name}@${manifest.version}`, "node_modules", name)
    : path.join(modules, name);
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(pkg, "package.json"));
  for (const part of ["model", "provider", "emulator"]) {
    fs.cpSync(path.join(repoRoot, "dist", part), path.join(pkg, "dist", part), {
      recursive: true,
      filter: (file) => !file.endsWith(".map"),
    });
  }
  if (options.pnpm) fs.symlinkSync(pkg, path.join(modules, name), "dir");
  return pkg;
}

/** The size of the serialized provider a declared resource carries (`__provider`), in bytes. */
export function providerBytes(declared: Declared | undefined): number {
  const provider = declared?.inputs.__provider;
  return typeof provider === "string" ? Buffer.byteLength(provider) : 0;
}
