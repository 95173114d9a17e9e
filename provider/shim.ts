// The provider Pulumi serializes into every resource's state (`__provider`): this module's exports
// are the provider object. Each method loads the implementation at run time by package name, which
// survives upgrades of this package and of the AWS SDK, where inlined code or relative paths would
// not. Settings arrive through `configure`, which the engine calls with the stack's config.
//
// Pulumi's closure serializer stores it in one of two forms (serialized.ts picks which):
// - by name: when this module's exports are captured as they are and the package sits in a
//   node_modules directory, the serializer writes `require("pulumi-macie-member-status/shim")`
//   (about 270 bytes) instead of the functions;
// - by value: a copy of this object, whose seven functions are copied verbatim (about 2 KB; the
//   form every state before 0.2 holds). Comments inside the functions would be copied too, so the
//   bodies stay bare; each literal repeats the package name, since a captured constant would be
//   serialized as well.
// Keep both forms working: states written by every earlier version load one or the other.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   the run-time load by name is the point. */
import type * as dynamic from "@pulumi/pulumi/dynamic";

type Provider = Required<dynamic.ResourceProvider>;
type Args<M extends keyof Provider> = Parameters<Provider[M]>;

// Rest parameters keep each function a few bytes shorter than named ones, and keep the by-value
// text byte for byte what 0.1 wrote.
const shim: Provider = {
  configure: (...a: Args<"configure">) => require("pulumi-macie-member-status/host").configure(...a),
  check: (...a: Args<"check">) => require("pulumi-macie-member-status/host").check(...a),
  diff: (...a: Args<"diff">) => require("pulumi-macie-member-status/host").diff(...a),
  create: (...a: Args<"create">) => require("pulumi-macie-member-status/host").create(...a),
  read: (...a: Args<"read">) => require("pulumi-macie-member-status/host").read(...a),
  update: (...a: Args<"update">) => require("pulumi-macie-member-status/host").update(...a),
  delete: (...a: Args<"delete">) => require("pulumi-macie-member-status/host").delete(...a),
};

export = shim;
