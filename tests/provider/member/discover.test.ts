// The policy's listing is trusted only when it is whole: every ListMembers page is validated, and
// a malformed page (after its retries), a token handed back twice, or a listing that does not end
// fails it — so the policy declares and drops nothing on its word. Pages are asked for at the
// most Macie's API model allows (25), and every request is checked against the model.
import { ListMembersCommand, Macie2Client, type ListMembersCommandOutput } from "@aws-sdk/client-macie2";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { expect } from "chai";
import { listMembers, MAX_EMPTY_PAGES, MAX_LISTED, PAGE_SIZE } from "../../../provider/member/discover";
import { MacieOperationError } from "../../../provider/aws/errors";
import { resolveSettings } from "../../../provider/config/settings";
import { failure } from "../../support/failure";
import { ManualClock } from "../../support/manual-clock";
import { expectRequestsInModel } from "../../support/model-oracle";

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
  afterEach(() => expectRequestsInModel(macie));
  after(() => macie.restore());

  it("asks for pages of 25, the most Macie's API model allows (shape MaxResults)", async () => {
    macie.on(ListMembersCommand).resolves(page(0, 3));
    await listMembers(runtime(), REGION);
    expect(PAGE_SIZE).to.equal(25);
    expect(macie.commandCalls(ListMembersCommand).map((c) => c.args[0].input)).to.deep.equal([
      { onlyAssociated: "false", maxResults: 25, nextToken: undefined },
    ]);
  });

  it("follows nextToken across pages, 1 call a page", async () => {
    macie
      .on(ListMembersCommand)
      .resolvesOnce(page(0, 25, "t1"))
      .resolvesOnce(page(25, 25, "t2"))
      .resolvesOnce(page(50, 7));
    const { members, calls } = await listMembers(runtime(), REGION);
    expect(members).to.have.length(57);
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
    ["a page of more members than it asked for", page(0, 26), /the page has 26 members \(at most 25\)/],
  ];
  for (const [name, answer, why] of malformed) {
    it(`retries ${name}, then fails the listing naming what was wrong`, async () => {
      macie
        .on(ListMembersCommand)
        .resolvesOnce(page(0, 25, "t1"))
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
      .resolvesOnce(page(0, 25, "same"))
      .resolves(page(25, 25, "same"));
    const error = await failure(listMembers(runtime(), REGION));
    expect(error.message).to.contain("handed back a nextToken it had given before");
    expect(error.message).to.contain("nothing was declared, dropped or written");
    expect(macie.commandCalls(ListMembersCommand)).to.have.length(2);
  });

  it("refuses a listing that names one account twice (on two pages), instead of counting it twice", async () => {
    macie
      .on(ListMembersCommand)
      .resolvesOnce(page(0, 3, "t1"))
      .resolvesOnce(page(2, 2));
    const error = await failure(listMembers(runtime(), REGION));
    expect(error.message)
      .to.contain(`named account ${account(2)} twice`)
      .and.contain("nothing was declared, dropped or written");
    expect(macie.commandCalls(ListMembersCommand)).to.have.length(2);
  });

  it("takes a listing of 11,000 members (Macie's documented quota: 10,000 + 1,000 invited) and more", async () => {
    const total = 30_000;
    let from = 0;
    macie.on(ListMembersCommand).callsFake(() => {
      const count = Math.min(PAGE_SIZE, total - from);
      from += count;
      return page(from - count, count, from < total ? `t${from}` : undefined);
    });
    const { members, calls } = await listMembers(runtime(), REGION);
    expect([members.length, calls]).to.deep.equal([total, total / PAGE_SIZE]);
  });

  it(`fails a listing that goes on past ${MAX_LISTED} accounts, and says so`, async () => {
    let n = 0;
    macie.on(ListMembersCommand).callsFake(() => page(n * PAGE_SIZE, PAGE_SIZE, `t${(n += 1)}`));
    const error = await failure(listMembers(runtime(), REGION));
    expect(error.message).to.contain(`named ${MAX_LISTED} accounts and had more`);
    expect(error.message).to.contain("nothing was declared, dropped or written");
    expect(macie.commandCalls(ListMembersCommand)).to.have.length(MAX_LISTED / PAGE_SIZE);
  });

  it(`fails a listing of more than ${MAX_EMPTY_PAGES} empty pages that hands out new tokens for ever`, async () => {
    let n = 0;
    macie.on(ListMembersCommand).callsFake(() => page(0, 0, `t${(n += 1)}`));
    const error = await failure(listMembers(runtime(), REGION));
    expect(error.message).to.contain(`sent ${MAX_EMPTY_PAGES + 1} pages without a member and had more`);
    expect(macie.commandCalls(ListMembersCommand)).to.have.length(MAX_EMPTY_PAGES + 1);
  });
});
