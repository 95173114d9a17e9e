// Which resource type a call is for, from its properties alone (the dynamic-provider host passes no
// type): every kind's inputs and states are claimed by that kind and no kind before it.
import { expect } from "chai";
import { KINDS, Providers, type Kind } from "../../../provider/lifecycle/kinds";
import { MemberStatusProvider } from "../../../provider/lifecycle/provider";
import { RegionMembersProvider } from "../../../provider/lifecycle/region-provider";
import type { Runtime } from "../../../provider/lifecycle/runtime";

const MEMBER = "pulumi-nodejs:dynamic/macie:MemberStatus";
const REGION = "pulumi-nodejs:dynamic/macie:MemberStatusRegion";

/** Properties as the engine hands them over, by the type they belong to. */
const SAMPLES: Record<string, Record<string, unknown>[]> = {
  [MEMBER]: [
    // inputs, a 0.1 state, a 0.2 state with the secret flag and the stack, a refreshed-away state
    { accountId: "111122223333", status: "PAUSED", region: "us-east-1", statusOnDelete: "ENABLED" },
    { accountId: "111122223333", status: "PAUSED", region: "us-east-1", __provider: "exports.handler = …" },
    { accountId: "111122223333", __accountIdSecret: true, __stack: "dev", relationshipStatus: "Paused" },
    { accountId: "111122223333" },
    // not a valid input of either, but it names an account: MacieMemberStatus's check says what is wrong
    { accountId: "111122223333", members: {} },
    {},
  ],
  [REGION]: [
    {
      region: "us-east-1",
      members: { "111122223333": "PAUSED" },
      pending: {},
      listedAt: "2026-12-07T00:00:00Z",
    },
    { region: "us-east-1", members: {}, statusOnDelete: "ENABLED", administratorAccountId: "999988887777" },
    { members: "not a map" },
  ],
};

function claimant(props: Record<string, unknown>, kinds: readonly Kind[] = KINDS): string | undefined {
  return kinds.find((kind) => kind.claims(props))?.type;
}

describe("resource kinds (lifecycle/kinds.ts)", () => {
  for (const [type, samples] of Object.entries(SAMPLES))
    it(`gives every ${type.split(":").pop()} sample to that type`, () => {
      for (const props of samples) expect(claimant(props), JSON.stringify(props)).to.equal(type);
    });

  it("lists each type once, and ends with the one that claims everything (0.1's states are all MacieMemberStatus)", () => {
    expect(new Set(KINDS.map((k) => k.type)).size).to.equal(KINDS.length);
    expect(KINDS[KINDS.length - 1].claims({})).to.equal(true);
  });

  it("builds one provider per kind on one runtime, and hands each call to its kind's", () => {
    const runtime = {} as Runtime; // the providers keep it; nothing here calls AWS
    const providers = new Providers(runtime);
    expect(providers.for(SAMPLES[REGION][0])).to.be.instanceOf(RegionMembersProvider);
    expect(providers.for(SAMPLES[MEMBER][0])).to.be.instanceOf(MemberStatusProvider);
    expect(providers.for(SAMPLES[MEMBER][1])).to.equal(providers.for(SAMPLES[MEMBER][2]));
  });

  it("refuses properties no kind claims, rather than guess", () => {
    const only: Kind = { type: "t", claims: (p) => "x" in p, make: () => ({}) as never };
    expect(() => new Providers({} as Runtime, [only]).for({ accountId: "111122223333" })).to.throw(
      "no resource type of pulumi-macie-member-status claims these properties",
    );
  });
});
