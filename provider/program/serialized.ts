// What goes into state as `__provider`: the shim (shim.ts) by name where Pulumi's closure
// serializer will name it by package, by value elsewhere; and the check, on the provider side, that
// a serialized provider loads nothing but this package by name.
//
// Size matters here: the engine stores `__provider` twice per resource (inputs and outputs), and a
// DIY backend rewrites the whole checkpoint after every step, so each byte costs N² over a stack
// (BENCHMARKS.md). By value the shim is about 2 KB, and no hand-written form gets far below that:
// the serializer wraps every function in about 170 bytes of its own, and the dynamic-provider host
// needs seven of them. By name it is about 270 bytes.
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
// The shim's exports are the provider object itself (`export =`): what the serializer must see.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS `export =` module
import shim = require("../shim");

const PACKAGE = "pulumi-macie-member-status";
/** What a serialized provider requires by name: the shim (by-name form; package.json `"./shim"`). */
export const SHIM_MODULE = `${PACKAGE}/shim`;
/** What the by-value form's functions require, as every 0.1 state does: keep its exports stable. */
export const IMPLEMENTATION = `${PACKAGE}/host`;
/** Where the shim is compiled to, inside the package (package.json maps `"./shim"` to it). */
export const SHIM_FILE = "dist/provider/shim.js";

/** The provider object to hand to `pulumi.dynamic.Resource`: the shim module, or a copy of it. */
export function shimProvider(cwd: string = process.cwd()): dynamic.ResourceProvider {
  return serializedByName(cwd) ? shim : { ...shim };
}

/**
 * Whether Pulumi's closure serializer will write the shim module as
 * `require("pulumi-macie-member-status/shim")`. It names a captured module (an object that is some
 * `require.cache` entry's exports) by that file's path relative to the working directory; a path
 * through a node_modules directory is read from the segment after the first one and mapped through
 * the package's `exports`, which it finds by resolving the package from @pulumi/pulumi itself
 * (@pulumi/pulumi 3.x: runtime/closure/createClosure.js, package.js). Anything else — a linked
 * package (npm link, `file:`), pnpm's `.pnpm` store, a bundle — would come out as a relative or
 * version-pinned path, so there the shim goes by value, as before. `cwd` is the directory the
 * serializer will see: the program's working directory.
 */
export function serializedByName(cwd: string): boolean {
  try {
    const file = require.resolve("../shim");
    const segments = path.relative(cwd, file).split(path.sep);
    const first = segments.indexOf("node_modules");
    if (first < 0 || segments.slice(first + 1).join("/") !== `${PACKAGE}/${SHIM_FILE}`) return false;
    const closure = path.dirname(require.resolve("@pulumi/pulumi/runtime/closure/package.js"));
    return require.resolve(PACKAGE, { paths: [closure] }) === require.resolve("../index");
  } catch {
    return false;
  }
}

/**
 * The modules a serialized provider text requires that are not this package by name: a relative or
 * absolute path, another package. Such a text works only on the machine that wrote it, so the host
 * refuses it at check, before anything is stored. Empty for both forms this package writes.
 */
export function foreignRequires(text: string): string[] {
  return [...text.matchAll(/require\(\s*["'`]([^"'`]*)["'`]\s*\)/g)]
    .map((m) => m[1])
    .filter((name) => !name.startsWith(`${PACKAGE}/`));
}
