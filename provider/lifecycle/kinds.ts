// The resource types one serialized provider serves, and how a call is told which one it is for.
//
// The dynamic-provider host hands each call only the resource's properties — no type token, no URN
// (sdk/nodejs/cmd/dynamic-provider) — so a type is recognised by its properties. This is the one
// place that does it: a new resource type adds its kind here, before the fallback, with a test that
// the states of every other kind are not claimed by it (tests/provider/lifecycle/kinds.test.ts).
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { MemberStatusProvider } from "./provider";
import { RegionMembersProvider } from "./region-provider";
import type { Runtime } from "./runtime";
import type { CheckResult } from "../member/validate";

type Props = Record<string, unknown>;

/** What the host calls: the dynamic provider's methods, every one there, with this package's check result. */
export interface Lifecycle {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(props: Props): Promise<dynamic.CreateResult>;
  read(id: string, props: Props): Promise<dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

export interface Kind {
  /** The type token, for messages and tests. */
  type: string;
  /** Whether a call with these properties (inputs or state) is for this type. */
  claims(props: Props): boolean;
  make(runtime: Runtime): Lifecycle;
}

/** Tried in order; the last claims everything, as every state written by 0.1 is a MacieMemberStatus. */
export const KINDS: readonly Kind[] = [
  {
    type: "pulumi-nodejs:dynamic/macie:MemberStatusRegion",
    claims: (props) => "members" in props && !("accountId" in props),
    make: (runtime) => new RegionMembersProvider(runtime),
  },
  {
    type: "pulumi-nodejs:dynamic/macie:MemberStatus",
    claims: () => true,
    make: (runtime) => new MemberStatusProvider(runtime),
  },
];

/** One provider per kind on one runtime (shared clients, limiter, change count and handovers). */
export class Providers {
  private readonly made: Lifecycle[];

  constructor(
    runtime: Runtime,
    private readonly kinds: readonly Kind[] = KINDS,
  ) {
    this.made = kinds.map((kind) => kind.make(runtime));
  }

  /** The provider for the resource these properties belong to. */
  for(props: Props): Lifecycle {
    const index = this.kinds.findIndex((kind) => kind.claims(props));
    if (index < 0) throw new Error("no resource type of pulumi-macie-member-status claims these properties");
    return this.made[index];
  }
}
