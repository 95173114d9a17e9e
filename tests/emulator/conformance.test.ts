// The emulator against AWS's published API model, walked, not remembered: for every operation we
// call (Macie2 GetMember, ListMembers, UpdateMemberSession; STS GetCallerIdentity, AssumeRole), each
// constraint of each input member is sent at its bound (accepted) and just beyond it (a 400
// naming the member and the constraint, as AWS answers), through the real SDK's serializers.
// Its answers hold only members the model defines, with the model's types, and its errors carry
// the codes and HTTP statuses the model gives them.
import {
  GetMemberCommand,
  ListMembersCommand,
  UpdateMemberSessionCommand,
  type Macie2Client,
} from "@aws-sdk/client-macie2";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import {
  RELATIONSHIP_STATUSES,
  macie2,
  operationOf,
  shapeOf,
  sts,
  type ServiceModel,
  type Shape,
} from "../../model/api-model";
import { violationsOf, wholeMatch } from "../../model/constraints";
import { ADMIN_KEYS, macie, ownEmulator } from "./clients";

const MEMBER = "111122223333";

/** A value `shape` accepts: the shortest the model allows, of characters its pattern takes. */
function validValue(service: ServiceModel, shape: Shape): unknown {
  switch (shape.type) {
    case "string":
      return shape.enum ? shape.enum[0] : filler(shape, Math.max(shape.min ?? 1, 1));
    case "integer":
    case "long":
      return shape.min ?? 1;
    case "boolean":
      return true;
    case "structure": {
      // The required members; a structure that requires none gets its first (an empty one is not sent).
      const names = shape.required ?? Object.keys(shape.members ?? {}).slice(0, 1);
      return Object.fromEntries(
        names.map((name) => [name, validValue(service, shapeOf(service, shape.members![name].shape))]),
      );
    }
    case "list":
      return Array.from({ length: Math.max(shape.min ?? 1, 1) }, () =>
        validValue(service, shapeOf(service, shape.member!.shape)),
      );
    default:
      throw new Error(`no valid value for a ${shape.type}`);
  }
}

/** `length` characters the pattern accepts (a, 1, …), or undefined when none of them does. */
function filler(shape: Shape, length: number): string {
  for (const c of ["a", "1", "x"]) {
    const text = c.repeat(length);
    if (shape.pattern === undefined || wholeMatch(shape.pattern).test(text)) return text;
  }
  throw new Error(`no filler for pattern ${shape.pattern}`);
}

/** A character the pattern refuses between two it takes, for "just beyond the pattern". */
function outsider(shape: Shape): string | undefined {
  const ok = filler(shape, 1);
  return [" ", "*", "\u0001"].find((c) => !wholeMatch(shape.pattern!).test(ok + c + ok));
}

interface Case {
  what: string;
  input: Record<string, unknown>;
  /** The member a refusal must name; undefined: the input is valid. */
  refusedAt?: string;
}

/** The cases for every member of `operation`'s input: at each bound, and just beyond it. */
function casesOf(service: ServiceModel, operation: string): Case[] {
  const input = shapeOf(service, operationOf(service, operation).input!.shape);
  const base = validValue(service, input) as Record<string, unknown>;
  const cases: Case[] = [{ what: "the required members alone", input: base }];
  for (const [name, ref] of Object.entries(input.members ?? {})) {
    if (ref.location === "uri") continue; // a label left out is another path: see "labels" below
    const shape = shapeOf(service, ref.shape);
    const at = (value: unknown, what: string, refused: boolean): Case => ({
      what: `${name} ${what}`,
      input: { ...base, [name]: value },
      refusedAt: refused ? name : undefined,
    });
    if (input.required?.includes(name)) {
      const { [name]: _gone, ...without } = base;
      cases.push({ what: `${name} left out`, input: without, refusedAt: name });
    }
    if (shape.type === "integer" || shape.type === "long") {
      if (shape.min !== undefined)
        cases.push(at(shape.min, `= min ${shape.min}`, false), at(shape.min - 1, "= min - 1", true));
      if (shape.max !== undefined)
        cases.push(at(shape.max, `= max ${shape.max}`, false), at(shape.max + 1, "= max + 1", true));
    }
    if (shape.type === "string" && shape.enum) {
      for (const value of shape.enum) cases.push(at(value, `= ${value}`, false));
      cases.push(
        at(`${shape.enum[0]}X`, "not in its enum", true),
        at(shape.enum[0].toLowerCase(), "in lower case", true),
      );
    } else if (shape.type === "string") {
      const min = shape.min ?? 0;
      if (min > 0) cases.push(at(filler(shape, min), `of min length ${min}`, false));
      if (min > 1) cases.push(at(filler(shape, min - 1), "of min length - 1", true));
      if (shape.max !== undefined)
        cases.push(
          at(filler(shape, shape.max), `of max length ${shape.max}`, false),
          at(filler(shape, shape.max + 1), "of max length + 1", true),
        );
      const bad = shape.pattern === undefined ? undefined : outsider(shape);
      if (bad !== undefined) {
        const ok = filler(shape, Math.max(min, 3));
        cases.push(
          at(ok.slice(0, 1) + bad + ok.slice(2), `with ${JSON.stringify(bad)} outside its pattern`, true),
        );
      }
    }
    if (shape.type === "list") {
      const item = () => validValue(service, shapeOf(service, shape.member!.shape));
      if (shape.min !== undefined && shape.min > 1)
        cases.push(at(Array.from({ length: shape.min - 1 }, item), "with min - 1 items", true));
      if (shape.max !== undefined)
        cases.push(
          at(Array.from({ length: shape.max }, item), `with max ${shape.max} items`, false),
          at(Array.from({ length: shape.max + 1 }, item), "with max + 1 items", true),
        );
    }
  }
  return cases;
}

/** The SDK command for an operation we call, with `input` as given (the SDK checks nothing). */
function send(client: Macie2Client, sts: STSClient, operation: string, input: Record<string, unknown>) {
  // The walker builds inputs the SDK's types cannot express (left-out required members, bad enums).
  const anyInput = input as never;
  switch (operation) {
    case "GetMember":
      return client.send(new GetMemberCommand(anyInput));
    case "ListMembers":
      return client.send(new ListMembersCommand(anyInput));
    case "UpdateMemberSession":
      return client.send(new UpdateMemberSessionCommand(anyInput));
    case "AssumeRole":
      return sts.send(new AssumeRoleCommand(anyInput));
    case "GetCallerIdentity":
      return sts.send(new GetCallerIdentityCommand(anyInput));
  }
  throw new Error(`no command for ${operation}`);
}

describe("the emulator enforces AWS's published API model", function () {
  this.timeout(60_000);
  let emu: MacieEmulator;
  let client: Macie2Client;
  let stsClient: STSClient;
  before(async () => {
    emu = await ownEmulator();
    client = macie(emu.url);
    stsClient = new STSClient({
      endpoint: emu.url,
      region: "us-east-1",
      credentials: ADMIN_KEYS,
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    stsClient.destroy();
    await emu.stop();
  });
  beforeEach(() => {
    emu.reset();
    emu.seed([{ accountId: MEMBER, relationshipStatus: "Enabled" }]);
  });

  const operations: [ServiceModel, string, Record<string, unknown>][] = [
    [macie2, "GetMember", { id: MEMBER }],
    [macie2, "ListMembers", {}],
    [macie2, "UpdateMemberSession", { id: MEMBER }],
    [sts, "GetCallerIdentity", {}],
    [sts, "AssumeRole", {}],
  ];
  for (const [service, operation, labels] of operations) {
    describe(`${service.metadata.serviceId} ${operation}`, () => {
      for (const c of casesOf(service, operation)) {
        const verdict = c.refusedAt === undefined ? "accepted" : `refused, naming ${c.refusedAt}`;
        it(`${c.what}: ${verdict}`, async () => {
          const outcome = await send(client, stsClient, operation, { ...c.input, ...labels }).then(
            () => undefined,
            (error: Error & { $metadata?: { httpStatusCode?: number } }) => error,
          );
          const refusals = emu.counts.modelViolations;
          if (c.refusedAt === undefined) {
            expect(refusals, outcome?.message).to.deep.equal([]);
            return;
          }
          expect(outcome, "the request was accepted").to.be.instanceOf(Error);
          expect(outcome!.name).to.equal(service === sts ? "ValidationError" : "ValidationException");
          expect(outcome!.$metadata?.httpStatusCode).to.equal(400);
          // STS names members in lower camel case (roleSessionName), Macie as the model does.
          const named = service === sts ? c.refusedAt[0].toLowerCase() + c.refusedAt.slice(1) : c.refusedAt;
          expect(outcome!.message).to.match(/^1 validation error detected: Value .* at '/);
          expect(outcome!.message).to.contain(`at '${named}' failed to satisfy constraint`);
          expect(refusals.map((r) => r.operation)).to.deep.equal([operation]);
        });
      }
    });
  }

  describe("what the SDK never sends, sent by hand", () => {
    const raw = (method: string, path: string, body?: string) =>
      fetch(`${emu.url}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          authorization: `AWS4-HMAC-SHA256 Credential=${ADMIN_KEYS.accessKeyId}/20261203/us-east-1/macie2/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body,
      });

    it("a query parameter the model does not define", async () => {
      const res = await raw("GET", "/members?maxResults=25&pageSize=50");
      expect(res.status).to.equal(400);
      expect(res.headers.get("x-amzn-errortype")).to.equal("ValidationException");
      expect(((await res.json()) as { message: string }).message).to.contain("at 'pageSize'");
    });

    it("a body member the model does not define, and a body that is not a JSON object", async () => {
      const extra = await raw("PATCH", `/macie/members/${MEMBER}`, '{"status":"PAUSED","force":true}');
      expect([extra.status, ((await extra.json()) as { message: string }).message]).to.deep.equal([
        400,
        "1 validation error detected: Value 'true' at 'force' failed to satisfy constraint: Member must be one the model defines",
      ]);
      const list = await raw("PATCH", `/macie/members/${MEMBER}`, '["PAUSED"]');
      expect(list.status).to.equal(400);
      expect(emu.member(MEMBER)?.relationshipStatus).to.equal("Enabled");
    });

    it("labels: a maxResults that is not a number; a path the model has no operation for", async () => {
      const word = await raw("GET", "/members?maxResults=many");
      expect(((await word.json()) as { message: string }).message).to.equal(
        "1 validation error detected: Value 'many' at 'maxResults' failed to satisfy constraint: Member must be an integer",
      );
      const noId = await raw("PATCH", "/macie/members/", '{"status":"PAUSED"}');
      expect([noId.status, noId.headers.get("x-amzn-errortype")]).to.deep.equal([400, "ValidationException"]);
    });
  });

  describe("answers", () => {
    const get = async (path: string) =>
      (await fetch(`${emu.url}${path}`, {
        headers: {
          authorization: `AWS4-HMAC-SHA256 Credential=${ADMIN_KEYS.accessKeyId}/20261203/us-east-1/macie2/aws4_request, SignedHeaders=host, Signature=0`,
        },
      }).then((r) => r.json())) as Record<string, unknown>;

    beforeEach(() => {
      emu.reset();
      emu.seed(
        RELATIONSHIP_STATUSES.map((relationshipStatus, i) => ({
          accountId: String(100000000000 + i),
          relationshipStatus,
          // Every other one invited (with an email), the rest from AWS Organizations (none).
          ...(i % 2 === 0 ? { email: `member${i}@example.com` } : {}),
        })),
      );
    });

    it("GetMember: only the model's members, with its types, for every relationship status", async () => {
      for (let i = 0; i < RELATIONSHIP_STATUSES.length; i += 1) {
        const body = await get(`/members/${100000000000 + i}`);
        expect(violationsOf(macie2, "GetMemberResponse", body), JSON.stringify(body)).to.deep.equal([]);
        expect(body.relationshipStatus).to.equal(RELATIONSHIP_STATUSES[i]);
      }
    });

    it("an Organizations member has no email (aws/aws-sdk#456); an invited one has its email and invitedAt", async () => {
      const org = await get("/members/100000000001");
      const invited = await get("/members/100000000000");
      expect(org).to.not.have.any.keys("email", "invitedAt");
      expect(invited).to.include({ email: "member0@example.com" }).and.to.have.property("invitedAt");
    });

    it("ListMembers: pages of at most 25, each member only what the model's Member holds", async () => {
      emu.seed(Array.from({ length: 40 }, (_, i) => ({ accountId: String(200000000000 + i) })));
      const first = await get("/members?onlyAssociated=false&maxResults=25");
      const second = await get(
        `/members?onlyAssociated=false&maxResults=25&nextToken=${String(first.nextToken)}`,
      );
      for (const page of [first, second])
        expect(violationsOf(macie2, "ListMembersResponse", page)).to.deep.equal([]);
      expect([(first.members as unknown[]).length, (second.members as unknown[]).length]).to.deep.equal([
        25, 25,
      ]);
      const unasked = await get("/members?onlyAssociated=false");
      expect((unasked.members as unknown[]).length, "no maxResults: the model's maximum").to.equal(25);
    });

    it("errors carry the model's code and HTTP status for the operation", async () => {
      const faults = ["403", "409", "429", "500", "not-found", "not-associated"] as const;
      for (const kind of faults) {
        emu.addFault({ kind, operation: "UpdateMemberSession" });
        const res = await fetch(`${emu.url}/macie/members/${MEMBER}`, {
          method: "PATCH",
          headers: {
            authorization: `AWS4-HMAC-SHA256 Credential=${ADMIN_KEYS.accessKeyId}/20261203/us-east-1/macie2/aws4_request, SignedHeaders=host, Signature=0`,
          },
          body: '{"status":"PAUSED"}',
        });
        const type = res.headers.get("x-amzn-errortype") ?? "";
        const errors = operationOf(macie2, "UpdateMemberSession").errors!.map((e) => e.shape);
        expect(errors, kind).to.include(type);
        expect(res.status, kind).to.equal(macie2.shapes[type].error?.httpStatusCode);
      }
    });
  });
});
