// The provider object Pulumi serializes into every resource's state (`__provider`). Pulumi's
// closure serializer copies whatever these functions capture, so they capture nothing (`require`
// is never captured): the implementation — and the AWS SDK behind it — is loaded at run time by
// package name, which survives upgrades of this package and of the SDK, where inlined code or
// relative paths would not. Settings arrive through `configure`, which the engine calls with the
// stack's config (secrets decrypted, never stored in state). Function bodies are copied verbatim,
// comments too, so the comments stay out here and the bodies short: the state must stay under 2 KB.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   the run-time load by name is the point. */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** What the serialized text requires. Keep the name and its exported functions stable. */
export const IMPLEMENTATION = "pulumi-macie-member-status/host";

type Provider = Required<dynamic.ResourceProvider>;
type Args<M extends keyof Provider> = Parameters<Provider[M]>;

// Each literal repeats IMPLEMENTATION on purpose: a captured constant would be serialized too.
// Rest parameters keep each serialized function a few bytes shorter than named ones.
export function shimProvider(): dynamic.ResourceProvider {
  return {
    configure: (...a: Args<"configure">) => require("pulumi-macie-member-status/host").configure(...a),
    check: (...a: Args<"check">) => require("pulumi-macie-member-status/host").check(...a),
    diff: (...a: Args<"diff">) => require("pulumi-macie-member-status/host").diff(...a),
    create: (...a: Args<"create">) => require("pulumi-macie-member-status/host").create(...a),
    read: (...a: Args<"read">) => require("pulumi-macie-member-status/host").read(...a),
    update: (...a: Args<"update">) => require("pulumi-macie-member-status/host").update(...a),
    delete: (...a: Args<"delete">) => require("pulumi-macie-member-status/host").delete(...a),
  };
}
