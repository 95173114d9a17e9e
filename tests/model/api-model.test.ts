// The vendored model is botocore's, whole for what we call, and the SDK we ship agrees with it;
// the constraint checker reads it the way AWS's validators do, with AWS's message format.
import { MacieStatus, RelationshipStatus } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  LIST_MEMBERS_PAGE_MAX,
  RELATIONSHIP_STATUSES,
  macie2,
  sts,
  type ServiceModel,
} from "../../model/api-model";
import { validationMessage, violationsOf, wholeMatch } from "../../model/constraints";

const root = path.resolve(__dirname, "../../..");
const source = JSON.parse(fs.readFileSync(path.join(root, "model/source.json"), "utf8")) as {
  package: string;
  version: string;
  license: string;
  files: Record<string, { operations: string[] }>;
};

/** Every shape name a shape refers to. */
function referenced(service: ServiceModel): string[] {
  const names: string[] = [];
  for (const op of Object.values(service.operations)) {
    if (op.input) names.push(op.input.shape);
    if (op.output) names.push(op.output.shape);
    for (const e of op.errors ?? []) names.push(e.shape);
  }
  for (const shape of Object.values(service.shapes)) {
    for (const m of Object.values(shape.members ?? {})) names.push(m.shape);
    for (const ref of [shape.member, shape.key, shape.value]) if (ref) names.push(ref.shape);
  }
  return names;
}

describe("AWS's API model (model/)", () => {
  it("is botocore's, Apache-2.0, and holds exactly the operations we call", () => {
    expect(source).to.include({ package: "botocore", license: "Apache-2.0" });
    expect(source.version).to.match(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(macie2.operations)).to.deep.equal(source.files["macie2.json"].operations);
    expect(Object.keys(macie2.operations).sort()).to.deep.equal([
      "GetMember",
      "ListMembers",
      "UpdateMemberSession",
    ]);
    expect(Object.keys(sts.operations).sort()).to.deep.equal(["AssumeRole", "GetCallerIdentity"]);
    expect(macie2.metadata).to.include({
      protocol: "rest-json",
      serviceId: "Macie2",
      apiVersion: "2020-01-01",
    });
    expect(sts.metadata).to.include({ protocol: "query", serviceId: "STS" });
  });

  for (const [name, service] of [
    ["Macie2", macie2],
    ["STS", sts],
  ] as const) {
    it(`${name}: every shape an operation reaches is in the subset, and nothing else`, () => {
      const names = new Set(referenced(service));
      for (const n of names) expect(service.shapes, n).to.have.property(n);
      expect(Object.keys(service.shapes).sort()).to.deep.equal([...names].sort());
    });
  }

  it("says what the SDK cannot: a ListMembers page is 1–25 members", () => {
    expect(LIST_MEMBERS_PAGE_MAX).to.equal(25);
    expect(macie2.shapes.MaxResults).to.deep.include({ type: "integer", min: 1, max: 25 });
  });

  it("lists the same relationship and Macie statuses as the SDK we ship (a newer model shows up here)", () => {
    expect([...RELATIONSHIP_STATUSES].sort()).to.deep.equal(Object.values(RelationshipStatus).sort());
    expect([...(macie2.shapes.MacieStatus.enum ?? [])].sort()).to.deep.equal(
      Object.values(MacieStatus).sort(),
    );
  });

  it("gives each Macie error the HTTP status the retry policy assumes", () => {
    const status = (name: string) => macie2.shapes[name].error?.httpStatusCode;
    expect(
      ["ValidationException", "AccessDeniedException", "ResourceNotFoundException", "ConflictException"].map(
        status,
      ),
    ).to.deep.equal([400, 403, 404, 409]);
    expect(
      ["ServiceQuotaExceededException", "ThrottlingException", "InternalServerException"].map(status),
    ).to.deep.equal([402, 429, 500]);
  });
});

describe("violationsOf / validationMessage", () => {
  const check = (shape: string, value: unknown, service: ServiceModel = macie2) =>
    violationsOf(service, shape, value);

  it("speaks AWS's ValidationException format, naming the member, the value and the constraint", () => {
    expect(validationMessage(check("ListMembersRequest", { maxResults: 50 }))).to.equal(
      "1 validation error detected: Value '50' at 'maxResults' failed to satisfy constraint: " +
        "Member must have value less than or equal to 25",
    );
    expect(validationMessage(check("UpdateMemberSessionRequest", { id: "1", status: "ON" }))).to.equal(
      "1 validation error detected: Value 'ON' at 'status' failed to satisfy constraint: " +
        "Member must satisfy enum value set: [PAUSED, ENABLED]",
    );
  });

  it("integers: at each bound passes, one beyond fails, a non-integer fails", () => {
    for (const ok of [1, 25])
      expect(check("ListMembersRequest", { maxResults: ok }), String(ok)).to.deep.equal([]);
    expect(check("ListMembersRequest", { maxResults: 0 })[0].constraint).to.equal(
      "Member must have value greater than or equal to 1",
    );
    expect(check("ListMembersRequest", { maxResults: 26 })).to.have.length(1);
    expect(check("ListMembersRequest", { maxResults: 2.5 })[0].constraint).to.equal(
      "Member must be an integer",
    );
    expect(check("ListMembersRequest", { maxResults: "25" })[0].constraint).to.equal(
      "Member must be an integer",
    );
  });

  it("required members must be there; null and undefined are both absent", () => {
    const missing = check("UpdateMemberSessionRequest", { id: "123456789012" });
    expect(missing).to.deep.equal([{ at: "status", value: null, constraint: "Member must not be null" }]);
    expect(check("UpdateMemberSessionRequest", { id: null, status: "PAUSED" })).to.have.length(1);
    expect(check("UpdateMemberSessionRequest", { id: "123456789012", status: "PAUSED" })).to.deep.equal([]);
  });

  it("refuses a member the shape does not define (stricter than AWS, on purpose)", () => {
    const extra = check("ListMembersRequest", { maxResults: 25, pageSize: 50 });
    expect(extra).to.deep.equal([
      { at: "pageSize", value: 50, constraint: "Member must be one the model defines" },
    ]);
  });

  it("strings: length bounds and whole-value patterns (STS)", () => {
    const role = { RoleArn: "arn:aws:iam::123456789012:role/macie" };
    expect(check("AssumeRoleRequest", { ...role, RoleSessionName: "ab" }, sts)).to.deep.equal([]);
    expect(check("AssumeRoleRequest", { ...role, RoleSessionName: "a".repeat(64) }, sts)).to.deep.equal([]);
    expect(check("AssumeRoleRequest", { ...role, RoleSessionName: "a" }, sts)[0].constraint).to.equal(
      "Member must have length greater than or equal to 2",
    );
    expect(check("AssumeRoleRequest", { ...role, RoleSessionName: "a".repeat(65) }, sts)).to.have.length(1);
    // A space anywhere breaks [\w+=,.@-]*: the pattern is matched whole, as AWS does.
    expect(check("AssumeRoleRequest", { ...role, RoleSessionName: "ab cd" }, sts)[0].constraint).to.equal(
      "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it("reads Java's \\uXXXX as four hex digits and \\p{L} as a Unicode class, as AWS's validators do", () => {
    const arn = wholeMatch(sts.shapes.arnType.pattern!);
    expect(arn.test("arn:aws:iam::123456789012:role/x")).to.equal(true);
    expect(arn.test("bad\u0001arn")).to.equal(false);
    const tagKey = wholeMatch(sts.shapes.tagKeyType.pattern!);
    expect([tagKey.test("Ünïcödé key"), tagKey.test("no*stars")]).to.deep.equal([true, false]);
  });

  it("answers: members, lists, maps and ISO-8601 timestamps as JSON carries them", () => {
    const member = {
      accountId: "123456789012",
      relationshipStatus: "Paused",
      tags: { team: "security" },
      updatedAt: "2026-12-03T10:00:00.000Z",
    };
    expect(check("ListMembersResponse", { members: [member], nextToken: "25" })).to.deep.equal([]);
    const bad = check("ListMembersResponse", {
      members: [{ ...member, relationshipStatus: "Sleeping", updatedAt: "yesterday", tags: { n: 1 } }],
    });
    expect(bad.map((v) => v.at)).to.deep.equal([
      "members.1.relationshipStatus",
      "members.1.tags.n",
      "members.1.updatedAt",
    ]);
  });
});
