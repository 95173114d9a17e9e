// MacieMemberStatusPolicy's arguments: every problem named (field, value, what is allowed) before
// anything is listed, and the status each member gets.
import { expect } from "chai";
import {
  desiredFor,
  overridesForNonMembers,
  policyArgsProblems,
  type PolicyArgs,
} from "../../../provider/member/policy-args";

const A = "111111111111";
const B = "222222222222";
const good: PolicyArgs = {
  regions: ["us-east-1", "eu-west-1"],
  defaultStatus: "PAUSED",
  overrides: { [A]: "ENABLED", [B]: { "eu-west-1": "ENABLED" } },
  exclude: ["333333333333"],
  statusOnDelete: "ENABLED",
  maxChanges: 50,
};

/** Arguments as a user's untyped program (YAML, JSON config) may hand them over. */
const loose = (args: Record<string, unknown>): PolicyArgs => Object.assign({}, good, args);

describe("policyArgsProblems", () => {
  it("has nothing to say about good arguments", () => {
    expect(policyArgsProblems(good)).to.deep.equal([]);
    expect(policyArgsProblems({ regions: ["us-gov-west-1"], defaultStatus: "ENABLED" })).to.deep.equal([]);
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["no regions", { regions: [] }, /regions must be a non-empty list .* got a list/],
    ["regions not a list", { regions: "us-east-1" }, /regions must be a non-empty list .* got "us-east-1"/],
    [
      "a region that is not one",
      { regions: ["us-east-1", "useast1"] },
      /regions\[1\]: region must look like .*"useast1"/,
    ],
    ["a region twice", { regions: ["us-east-1", "us-east-1"] }, /regions lists "us-east-1" more than once/],
    [
      "defaultStatus in lower case",
      { defaultStatus: "paused" },
      /defaultStatus must be "ENABLED" or "PAUSED"; got "paused"/,
    ],
    [
      "an override for a bad account id",
      { overrides: { "12345": "ENABLED" } },
      /overrides\["12345"\]: an account id must be exactly 12 digits/,
    ],
    [
      "an override with a bad status",
      { overrides: { [A]: "ON" } },
      new RegExp(
        `overrides\\["${A}"\\] must be "ENABLED" or "PAUSED", or an object of region → status; got "ON"`,
      ),
    ],
    [
      "a per-region override for a region not listed",
      { overrides: { [A]: { "ap-south-1": "ENABLED" } } },
      /overrides\["111111111111"\]\["ap-south-1"\]: the region is not one of regions \(us-east-1, eu-west-1\)/,
    ],
    [
      "a per-region override with a bad status",
      { overrides: { [A]: { "us-east-1": "enabled" } } },
      /\["us-east-1"\] must be "ENABLED" or "PAUSED"; got "enabled"/,
    ],
    ["exclude not a list", { exclude: A }, /exclude must be a list of 12-digit account ids/],
    [
      "a bad excluded id",
      { exclude: ["abc"] },
      /exclude\[0\]: an account id must be exactly 12 digits; got "abc"/,
    ],
    [
      "an account excluded twice",
      { exclude: [B.replace("2", "4"), B.replace("2", "4")] },
      /exclude lists "422222222222" more than once/,
    ],
    [
      "an account both excluded and overridden",
      { exclude: [A] },
      /"111111111111" is both in exclude and in overrides/,
    ],
    [
      "a bad statusOnDelete",
      { statusOnDelete: "KEEP" },
      /statusOnDelete must be "ENABLED", "PAUSED", "UNCHANGED", or left out; got "KEEP"/,
    ],
    ...[0, -1, 2.5, Infinity, NaN].map((bad): [string, Record<string, unknown>, RegExp] => [
      `maxChanges ${bad}`,
      { maxChanges: bad },
      new RegExp(
        `maxChanges must be a whole number of at least 1 \\(members per region and run\\), or left out for the stack's macie:maxChangesPerRun; got ${bad} \\(a number\\)`,
      ),
    ]),
    ["maxChanges as a string", { maxChanges: "10" }, /maxChanges must be a whole number .*; got "10"/],
  ];
  for (const [what, args, expected] of cases) {
    it(`names ${what}`, () => {
      const problems = policyArgsProblems(loose(args));
      expect(problems.join("\n")).to.match(expected);
    });
  }

  it("takes maxChanges of 1 and more, or none", () => {
    expect(policyArgsProblems({ ...good, maxChanges: 1 })).to.deep.equal([]);
    expect(policyArgsProblems({ ...good, maxChanges: undefined })).to.deep.equal([]);
  });

  it("reports every problem at once", () => {
    const problems = policyArgsProblems(
      loose({ regions: ["nowhere"], defaultStatus: "on", exclude: ["x"], overrides: undefined }),
    );
    expect(problems).to.have.length(3);
  });
});

describe("desiredFor", () => {
  it("takes an account-wide override, then a per-region one, then the default", () => {
    expect(desiredFor(good, A, "us-east-1")).to.equal("ENABLED");
    expect(desiredFor(good, B, "eu-west-1")).to.equal("ENABLED");
    expect(desiredFor(good, B, "us-east-1")).to.equal("PAUSED");
    expect(desiredFor(good, "999999999999", "eu-west-1")).to.equal("PAUSED");
  });
});

describe("overridesForNonMembers", () => {
  const members = (byRegion: Record<string, string[]>) =>
    new Map(Object.entries(byRegion).map(([r, ids]) => [r, new Set(ids)]));

  it("accepts overrides for accounts that are members where they apply", () => {
    expect(overridesForNonMembers(good, members({ "us-east-1": [A], "eu-west-1": [B] }))).to.deep.equal([]);
  });

  it("names an account-wide override for an account that is a member nowhere", () => {
    expect(overridesForNonMembers(good, members({ "us-east-1": [], "eu-west-1": [B] }))).to.deep.equal([
      `overrides["${A}"]: account ${A} is not a member in any of us-east-1, eu-west-1`,
    ]);
  });

  it("names a per-region override for an account that is not a member in that region", () => {
    expect(overridesForNonMembers(good, members({ "us-east-1": [A, B], "eu-west-1": [A] }))).to.deep.equal([
      `overrides["${B}"]["eu-west-1"]: account ${B} is not a member in eu-west-1`,
    ]);
  });
});
