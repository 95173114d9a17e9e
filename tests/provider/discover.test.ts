// The policy's listing is trusted only when it is whole: every ListMembers page is validated, and
// a malformed page (after its retries), a token handed back twice, or more pages than Macie's
// quota allows fails the listing — so the policy declares and drops nothing on its word.
import { ListMembersCommand, Macie2Client, type ListMembersCommandOutput } from "@aws-sdk/client-macie2";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { expect } from "chai";
import { listMembers, MAX_MEMBERS } from "../../provider/discover";
import { MacieOperationError } from "../../provider/errors";
import { resolveSettings } from "../../provider/settings";
import { failure } from "../support/failure";
import { ManualClock } from "../support/manual-clock";

const REGION = "us-east-1";
const account = (i: number) => String(100000000000 + i);
const page = (from: number, count: number, nextToken?: string): ListMembersCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  members: Array.from({ length: count }, (_, i) => ({
    accountId: account(from + i),
    relationshipStatus: "Enabled",
  })),
  nextToken,
});

describe("listMembers (the policy's discovery)", () => {
  // Mocks every Macie2Client while this suite runs, so it starts and ends with the suite.
  let macie: AwsClientStub<Macie2Client>;
  const client = new Macie2Client({ region: REGION });
  before(() => (macie = mockClient(Macie2Client)));
  const runtime = (maxAttempts = 3) => ({
    clientFor: () => client,
    settings: { ...resolveSettings({}, {}), maxAttempts },
    clock: new ManualClock(),
  });
  beforeEach(() => macie.reset());
  after(() => macie.restore());

  it("follows nextToken across pages, 1 call a page", async () => {
    macie
      .on(ListMembersCommand)
      .resolvesOnce(page(0, 50, "t1"))
      .resolvesOnce(page(50, 50, "t2"))
      .resolvesOnce(page(100, 7));
    const { members, calls } = await listMembers(runtime(), REGION);
    expect(members).to.have.length(107);
    expect(calls).to.equal(3);
    expect(macie.commandCalls(ListMembersCommand).map((c) => c.args[0].input.nextToken)).to.deep.equal([
      undefined,
      "t1",
      "t2",
    ]);
  });

  const malformed: [string, Partial<ListMembersCommandOutput>, RegExp][] = [
    ["a page of {}", {}, /the page has no members list/],
    [
      "a member without relationshipStatus",
      { members: [{ accountId: account(1) }] },
      /members\[0\] \(100000000001\) has relationshipStatus undefined/,
    ],
    [
      "a relationshipStatus Macie does not have",
      { members: [{ accountId: account(1), relationshipStatus: "Maybe" as "Enabled" }] },
      /has relationshipStatus "Maybe"/,
    ],
    [
      "a member without a 12-digit accountId",
      { members: [{ accountId: "12", relationshipStatus: "Enabled" }] },
      /members\[0\] has no 12-digit accountId/,
    ],
    ["a page of more than 50 members", page(0, 51), /the page has 51 members/],
  ];
  for (const [name, answer, why] of malformed) {
    it(`retries ${name}, then fails the listing naming what was wrong`, async () => {
      macie
        .on(ListMembersCommand)
        .resolvesOnce(page(0, 50, "t1"))
        .resolves({ $metadata: { httpStatusCode: 200 }, ...answer });
      const error = await failure(listMembers(runtime(3), REGION));
      expect(error).to.be.instanceOf(MacieOperationError);
      expect(error.message).to.match(why).and.contain("after 3 attempts");
      expect(macie.commandCalls(ListMembersCommand)).to.have.length(4);
    });
  }

  it("takes a malformed page that a retry answers whole", async () => {
    macie
      .on(ListMembersCommand)
      .resolvesOnce({ $metadata: { httpStatusCode: 200 } })
      .resolvesOnce(page(0, 3));
    const { members, calls } = await listMembers(runtime(), REGION);
    expect([members.length, calls]).to.deep.equal([3, 2]);
  });

  it("fails at once when a nextToken comes back a second time, instead of looping for ever", async () => {
    macie
      .on(ListMembersCommand)
      .resolvesOnce(page(0, 50, "same"))
      .resolves(page(50, 50, "same"));
    const error = await failure(listMembers(runtime(), REGION));
    expect(error.message).to.contain("handed back a nextToken it had given before");
    expect(error.message).to.contain("nothing was declared, dropped or written");
    expect(macie.commandCalls(ListMembersCommand)).to.have.length(2);
  });

  it(`fails after ${MAX_MEMBERS / 50} pages: more members than Macie's quota is not Macie`, async () => {
    let n = 0;
    macie.on(ListMembersCommand).callsFake(() => page(0, 50, `t${(n += 1)}`));
    const error = await failure(listMembers(runtime(), REGION));
    expect(error.message).to.contain("more pages than Macie's 10000-member quota allows");
    expect(macie.commandCalls(ListMembersCommand)).to.have.length(MAX_MEMBERS / 50);
  });
});
