// check's validation: one failure per bad property, naming the field, the value and what is allowed.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { expect } from "chai";
import fc from "fast-check";
import {
  checkInputs,
  describeValue,
  INPUT_NAMES,
  requireValidInputs,
} from "../../../provider/member/validate";
import { harness } from "../../support/macie-mock";

const VALID = { accountId: "123456789012", status: "ENABLED", region: "us-east-1" };

function failuresFor(news: Record<string, unknown>, defaultRegion?: string) {
  return checkInputs(news, defaultRegion).failures;
}

describe("checkInputs", () => {
  it("accepts valid inputs and defaults statusOnDelete to ENABLED", () => {
    expect(checkInputs(VALID, undefined)).to.deep.equal({
      inputs: { ...VALID, statusOnDelete: "ENABLED" },
      failures: [],
    });
  });

  for (const region of [
    "us-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "eu-central-2",
    "ap-southeast-5",
    "us-isob-east-1",
    "eusc-de-east-1", // the European Sovereign Cloud: a prefix of four letters
  ]) {
    it(`accepts the region ${region}`, () => {
      expect(failuresFor({ ...VALID, region })).to.deep.equal([]);
    });
  }

  const bad: { name: string; news: Record<string, unknown>; property: string; says: string[] }[] = [
    {
      name: "a lower-case status",
      news: { status: "paused" },
      property: "status",
      says: ['"paused"', '"ENABLED" or "PAUSED"'],
    },
    {
      name: "a status that is not a string",
      news: { status: true },
      property: "status",
      says: ["true (a boolean)"],
    },
    { name: "a missing status", news: { status: undefined }, property: "status", says: ["got nothing"] },
    {
      name: "an 11-digit accountId",
      news: { accountId: "12345678901" },
      property: "accountId",
      says: ["exactly 12 digits", "11 characters"],
    },
    {
      name: "a 13-digit accountId",
      news: { accountId: "1234567890123" },
      property: "accountId",
      says: ["13 characters"],
    },
    {
      name: "an accountId with spaces",
      news: { accountId: "1234 5678 9012" },
      property: "accountId",
      says: ['"1234 5678 9012"'],
    },
    {
      name: "an accountId with a trailing space",
      news: { accountId: "123456789012 " },
      property: "accountId",
      says: ["13 characters"],
    },
    {
      name: "an accountId with letters",
      news: { accountId: "12345678901a" },
      property: "accountId",
      says: ['"12345678901a"'],
    },
    {
      name: "an accountId given as a number",
      news: { accountId: 123456789012 },
      property: "accountId",
      says: ["123456789012 (a number)", "as a string"],
    },
    {
      name: "an accountId given as an object",
      news: { accountId: { id: "123456789012" } },
      property: "accountId",
      says: ["an object"],
    },
    { name: "an empty region", news: { region: "" }, property: "region", says: ['""', "us-east-1"] },
    {
      name: "a region that is not one",
      news: { region: "virginia" },
      property: "region",
      says: ['"virginia"'],
    },
    {
      name: "a region of the right shape that the AWS SDK does not know (a typo)",
      news: { region: "us-esat-1" },
      property: "region",
      says: ['"us-esat-1"', 'did you mean "us-east-1"?', "npm update @aws-sdk/core @aws-sdk/client-macie2"],
    },
    {
      name: "a region number that does not exist",
      news: { region: "eu-west-99" },
      property: "region",
      says: ['"eu-west-99"', 'did you mean "eu-west-1"?'],
    },
    {
      name: "an upper-case region",
      news: { region: "US-EAST-1" },
      property: "region",
      says: ['"US-EAST-1"'],
    },
    {
      name: "a region given as a list",
      news: { region: ["us-east-1"] },
      property: "region",
      says: ["a list"],
    },
    {
      name: "an unknown statusOnDelete",
      news: { statusOnDelete: "DELETE" },
      property: "statusOnDelete",
      says: ['"DELETE"', '"ENABLED", "PAUSED" or "UNCHANGED"'],
    },
    {
      name: "a lower-case statusOnDelete",
      news: { statusOnDelete: "unchanged" },
      property: "statusOnDelete",
      says: ['"unchanged"'],
    },
    {
      name: "an input that does not exist",
      news: { statusOnDestroy: "PAUSED" },
      property: "statusOnDestroy",
      says: ["not an input"],
    },
  ];
  for (const { name, news, property, says } of bad) {
    it(`refuses ${name} on the ${property} property`, () => {
      const failures = failuresFor({ ...VALID, ...news });
      expect(failures).to.have.length(1);
      expect(failures[0].property).to.equal(property);
      for (const text of says) expect(failures[0].reason).to.contain(text);
    });
  }

  it("reports every bad property at once", () => {
    const failures = failuresFor({ accountId: "1", status: "on", region: "moon", statusOnDelete: 3 });
    expect(failures.map((f) => f.property)).to.deep.equal([
      "accountId",
      "status",
      "region",
      "statusOnDelete",
    ]);
  });

  it("refuses a missing region with what to set, when the environment has none", () => {
    const failures = failuresFor({ accountId: "123456789012", status: "PAUSED" });
    expect(failures).to.have.length(1);
    expect(failures[0].property).to.equal("region");
    expect(failures[0].reason).to.contain("aws:region").and.contain("AWS_REGION");
  });

  it("passes unknown values and leaves them as they are", () => {
    const news = {
      accountId: unknownValue,
      status: unknownValue,
      region: unknownValue,
      statusOnDelete: unknownValue,
    };
    expect(checkInputs(news, undefined)).to.deep.equal({ inputs: news, failures: [] });
  });

  it("ignores the serialized provider next to the inputs", () => {
    expect(failuresFor({ ...VALID, __provider: "exports.handler = …" })).to.deep.equal([]);
  });

  it("cuts a long unknown property name, in the property and in the reason", () => {
    const long = "y".repeat(10_000);
    const { failures } = checkInputs(
      { accountId: "123456789012", status: "PAUSED", region: "us-east-1", [long]: 1 },
      undefined,
    );
    expect(failures).to.have.length(1);
    expect(failures[0].property.length).to.be.at.most(41);
    expect(failures[0].reason).to.contain(
      `"${"y".repeat(40)}"… (a name of 10000 characters) is not an input of MacieMemberStatus`,
    );
    expect(failures[0].reason.length).to.be.below(300);
  });

  it("keeps a long bad value short in the message", () => {
    const reason = failuresFor({ ...VALID, accountId: "9".repeat(10_000) })[0].reason;
    expect(reason.length).to.be.lessThan(300);
    expect(reason).to.contain("10000 characters");
  });

  describe("properties", () => {
    const anyJson = fc.jsonValue();

    it("never throws, and fails on exactly the property that is bad, for arbitrary JSON in any input", () => {
      const names = ["accountId", "status", "region", "statusOnDelete"] as const;
      fc.assert(
        fc.property(fc.constantFrom(...names), anyJson, (name, value) => {
          const result = checkInputs({ ...VALID, [name]: value }, undefined);
          const props = result.failures.map((f) => f.property);
          expect(props.every((p) => p === name)).to.equal(true);
          return true;
        }),
        { numRuns: 500 },
      );
    });

    it("through the provider: never throws and never calls AWS, whatever the inputs (huge, unicode, nested)", async () => {
      const h = harness();
      try {
        const value = fc.oneof(
          fc.jsonValue(),
          fc.string({ unit: "grapheme", maxLength: 200 }),
          fc.nat(200_000).map((n) => "9".repeat(n)),
          fc.constantFrom(
            "ENABLED\u0000",
            "ＥＮＡＢＬＥＤ",
            "１２３４５６７８９０１２",
            "123456789012\n",
            "us-east-1 ",
          ),
        );
        const news = fc.dictionary(
          fc.constantFrom("accountId", "status", "region", "statusOnDelete", "extra"),
          value,
        );
        await fc.assert(
          fc.asyncProperty(news, async (n) => {
            const result = await h.provider.check({}, n);
            for (const f of result.failures)
              expect(Object.keys(n).concat("region", "status", "accountId")).to.include(f.property);
          }),
          { numRuns: 300 },
        );
        expect(h.macie.calls()).to.have.length(0);
      } finally {
        h.restore();
      }
    });

    it("accepts every 12-digit string as accountId and refuses every other string", () => {
      const twelveDigits = fc.stringMatching(/^[0-9]{12}$/);
      fc.assert(
        fc.property(twelveDigits, (accountId) => failuresFor({ ...VALID, accountId }).length === 0),
        { numRuns: 200 },
      );
      fc.assert(
        fc.property(
          fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !/^[0-9]{12}$/.test(s)),
          (accountId) => failuresFor({ ...VALID, accountId })[0]?.property === "accountId",
        ),
        { numRuns: 500 },
      );
    });
  });
});

describe("requireValidInputs", () => {
  it("returns the validated inputs", () => {
    expect(requireValidInputs(VALID, undefined, INPUT_NAMES)).to.deep.equal({
      ...VALID,
      statusOnDelete: "ENABLED",
    });
  });

  it("throws with every reason for bad inputs", () => {
    expect(() =>
      requireValidInputs({ ...VALID, accountId: "abc", status: "on" }, undefined, INPUT_NAMES),
    ).to.throw(/accountId must be exactly 12 digits.*; status must be/);
  });

  it("refuses values that are still unknown", () => {
    expect(() => requireValidInputs({ ...VALID, status: unknownValue }, undefined, INPUT_NAMES)).to.throw(
      /status is not known yet/,
    );
  });

  it("looks only at the inputs it is asked about, and returns only those", () => {
    expect(
      requireValidInputs({ ...VALID, status: undefined }, undefined, ["accountId", "region"]),
    ).to.deep.equal({
      accountId: "123456789012",
      region: "us-east-1",
    });
  });

  it("fills the region from the default it is given", () => {
    const { region: _omitted, ...noRegion } = VALID;
    expect(requireValidInputs(noRegion, "eu-west-1", ["region"])).to.deep.equal({ region: "eu-west-1" });
  });
});

describe("describeValue", () => {
  it("names the type of what it shows", () => {
    expect(describeValue(null)).to.equal("null");
    expect(describeValue(12)).to.equal("12 (a number)");
    expect(describeValue("x")).to.equal('"x" (a string of 1 characters)');
    expect(describeValue([1])).to.equal("a list");
  });
});
