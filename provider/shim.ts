// The provider object Pulumi serializes into every resource's state (`__provider`). Pulumi's
// closure serializer copies whatever these functions capture, so they capture nothing but the
// program's settings (plain numbers): the implementation — and the AWS SDK behind it — is loaded at
// run time by package name, which survives upgrades of this package and of the SDK, where inlined
// code or relative paths would not. Function bodies are copied verbatim (comments too), so the
// comments stay out here and the bodies are short: the state must stay under 2 KB.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   the run-time load by name is the point; the result is typed by Impl. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { MemberStatusProvider } from "./provider";
import type { ProgramSettings } from "./settings";

/** What the serialized text requires; `load` is exported there. Keep both names stable. */
export const IMPLEMENTATION = "pulumi-macie-member-status/dynamic-provider";

type Props = Record<string, unknown>;

export function shimProvider(settings: ProgramSettings): dynamic.ResourceProvider {
  // The literal is repeated from IMPLEMENTATION on purpose: a captured constant would be serialized too.
  const impl = (): MemberStatusProvider =>
    require("pulumi-macie-member-status/dynamic-provider").load(settings);
  return {
    check: (o: Props, n: Props) => impl().check(o, n),
    diff: (i: string, o: Props, n: Props) => impl().diff(i, o, n),
    create: (n: Props) => impl().create(n),
    read: (i: string, o: Props) => impl().read(i, o),
    update: (i: string, o: Props, n: Props) => impl().update(i, o, n),
    delete: (i: string, o: Props) => impl().delete(i, o),
  };
}
