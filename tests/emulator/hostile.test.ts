// Hostile answers, each switched on through the control API (in process and over HTTP) and met
// by the real @aws-sdk/client-macie2 client: what the SDK sees is what the provider must handle.
import {
  AccessDeniedException,
  ConflictException,
  GetMemberCommand,
  ListMembersCommand,
  Macie2Client,
  paginateListMembers,
  ResourceNotFoundException,
  UpdateMemberSessionCommand,
  ValidationException,
  type ListMembersCommandOutput,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import type { MacieEmulator, MalformedBody, NonMemberAnswer } from "../../emulator/emulator";
import { failure } from "../support/failure";
import { CONTROLS, macie, ownEmulator, stillPending, until, type Control } from "./clients";

const A = "111111111111";
const B = "222222222222";
const UNKNOWN = "333333333333";

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

describe("hostile answers", function () {
  let emu: MacieEmulator;
  let client: Macie2Client;
  let impatient: Macie2Client;
  before(async () => {
    emu = await ownEmulator();
    client = macie(emu.url);
    impatient = macie(emu.url, { impatient: true });
  });
  after(async () => {
    client.destroy();
    impatient.destroy();
    await emu.stop();
  });
  beforeEach(() => {
    emu.reset();
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled" },
      { accountId: B, relationshipStatus: "Enabled" },
    ]);
  });

  const get = (id = A) => new GetMemberCommand({ id });
  const write = (status: "ENABLED" | "PAUSED", id = A) => new UpdateMemberSessionCommand({ id, status });
  const list = (nextToken?: string) =>
    new ListMembersCommand({ maxResults: 25, nextToken, onlyAssociated: "true" });
  const seedMany = (n: number) =>
    emu.seed(Array.from({ length: n }, (_, i) => ({ accountId: String(500000000000 + i) })));

  for (const [via, controlOf] of CONTROLS) {
    describe(`switched ${via}`, () => {
      let control: Control;
      beforeEach(() => (control = controlOf(emu)));

      describe("a response that never comes", () => {
        it("holds the call open: the SDK gives up at its requestTimeout and the write was not applied (hold-before)", async () => {
          await control.addFault({ kind: "hold-before", operation: "UpdateMemberSession" });
          const error = await failure<SdkError>(impatient.send(write("PAUSED")));
          expect(error.name).to.equal("TimeoutError");
          expect(error.message).to.contain("300 ms requestTimeout");
          expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
          expect((await control.counts()).operations.UpdateMemberSession.answers).to.deep.equal({ held: 1 });
        });

        it("holds the call open after applying it (hold-after): the SDK times out, the write happened", async () => {
          await control.addFault({ kind: "hold-after", operation: "UpdateMemberSession" });
          const error = await failure<SdkError>(impatient.send(write("PAUSED")));
          expect(error.name).to.equal("TimeoutError");
          expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
          const counts = await control.counts();
          expect(counts.operations.UpdateMemberSession.answers).to.deep.equal({ held: 1 });
          expect(counts.writesApplied).to.equal(1);
        });

        it("release() ends every held connection and says how many it ended", async () => {
          await control.addFault({ kind: "hold-before", operation: "GetMember", times: 2 });
          const calls = [client.send(get(A)), client.send(get(B))].map((p) => failure<SdkError>(p));
          await until(async () => (await control.counts()).operations.GetMember.answers.held === 2);
          expect(await control.release()).to.equal(2);
          for (const error of await Promise.all(calls)) expect(error.code).to.equal("ECONNRESET");
          expect(await control.release()).to.equal(0);
        });
      });

      describe("headers then a stall", () => {
        it("sends the status line and headers, never the whole body: only a socket timeout ends the call", async () => {
          await control.addFault({ kind: "stall", operation: "UpdateMemberSession" });
          const error = await failure<SdkError>(impatient.send(write("PAUSED")));
          expect(error.name).to.equal("TimeoutError");
          expect(error.message).to.contain("socket timed out");
          expect(error.$metadata?.httpStatusCode).to.equal(200);
          expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
          expect((await control.counts()).operations.UpdateMemberSession.answers).to.deep.equal({
            stalled: 1,
          });
        });

        it("is not ended by a requestTimeout alone: the SDK waits on the body until the connection ends", async () => {
          const onlyRequestTimeout = new Macie2Client({
            endpoint: emu.url,
            region: "us-east-1",
            credentials: { accessKeyId: "AKIAEMUTESTADMIN0001", secretAccessKey: "x" },
            maxAttempts: 1,
            requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
          });
          try {
            await control.addFault({ kind: "stall", operation: "GetMember" });
            const call = failure<SdkError>(onlyRequestTimeout.send(get()));
            // Well past the 300 ms requestTimeout: the headers came, so that timer is gone.
            expect(await stillPending(call, 1_000)).to.equal(true);
            expect(await control.release()).to.equal(1);
            expect((await call).code).to.equal("ECONNRESET");
            expect((await control.counts()).operations.GetMember.answers).to.deep.equal({ stalled: 1 });
          } finally {
            onlyRequestTimeout.destroy();
          }
        });
      });

      describe("malformed 200 bodies", () => {
        const unreadable: MalformedBody[] = ["truncated", "html"];
        const empty: MalformedBody[] = ["empty-object", "empty"];

        it("GetMember: {} and an empty body read as a member with no fields; truncated JSON and HTML fail to deserialize", async () => {
          for (const body of empty) {
            await control.addFault({ kind: "malformed", operation: "GetMember", body });
            const out = await client.send(get());
            expect(out.accountId, body).to.equal(undefined);
            expect(out.relationshipStatus, body).to.equal(undefined);
          }
          for (const body of unreadable) {
            await control.addFault({ kind: "malformed", operation: "GetMember", body });
            const error = await failure<SdkError>(client.send(get()));
            expect(error.name, body).to.equal("SyntaxError");
            expect(error.message, body).to.contain("Deserialization error");
            expect(error.$metadata?.httpStatusCode, body).to.equal(200);
          }
          expect((await control.counts()).operations.GetMember.answers).to.deep.equal({ malformed: 4 });
        });

        it("GetMember: missing fields reads as a member without relationshipStatus", async () => {
          await control.addFault({ kind: "malformed", operation: "GetMember", body: "missing-fields" });
          const out = await client.send(get());
          expect(out.accountId).to.equal(A);
          expect(out.relationshipStatus).to.equal(undefined);
          expect((await control.counts()).operations.GetMember.answers).to.deep.equal({ malformed: 1 });
        });

        it("ListMembers: {} and an empty body read as no members and no nextToken; truncated JSON and HTML fail", async () => {
          seedMany(60);
          for (const body of empty) {
            await control.addFault({ kind: "malformed", operation: "ListMembers", body });
            const page = await client.send(list());
            expect(page.members, body).to.equal(undefined);
            expect(page.nextToken, body).to.equal(undefined);
          }
          for (const body of unreadable) {
            await control.addFault({ kind: "malformed", operation: "ListMembers", body });
            const error = await failure<SdkError>(client.send(list()));
            expect(error.name, body).to.equal("SyntaxError");
            expect(error.$metadata?.httpStatusCode, body).to.equal(200);
          }
          expect((await control.counts()).operations.ListMembers.answers).to.deep.equal({ malformed: 4 });
        });

        it("ListMembers: missing fields leaves relationshipStatus out of the page's last member only", async () => {
          await control.addFault({ kind: "malformed", operation: "ListMembers", body: "missing-fields" });
          const page = await client.send(list());
          expect(page.members?.map((m) => [m.accountId, m.relationshipStatus])).to.deep.equal([
            [A, "Enabled"],
            [B, undefined],
          ]);
        });

        it("UpdateMemberSession: the SDK reads no body, so every malformed answer looks like success; each write is applied", async () => {
          const bodies: MalformedBody[] = [...empty, ...unreadable, "missing-fields"];
          for (const [i, body] of bodies.entries()) {
            await control.addFault({ kind: "malformed", operation: "UpdateMemberSession", body });
            await client.send(write(i % 2 === 0 ? "PAUSED" : "ENABLED"));
          }
          const counts = await control.counts();
          expect(counts.operations.UpdateMemberSession.answers).to.deep.equal({ malformed: 5 });
          expect(counts.writesApplied).to.equal(5);
          expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
        });
      });

      describe("ListMembers pages", () => {
        beforeEach(() => seedMany(120)); // 122 members: pages of 25, 25, 25, 25, 22

        it("cut short: a page without its nextToken although more members exist", async () => {
          await control.addFault({ kind: "cut-short", operation: "ListMembers" });
          const page = await client.send(list());
          expect(page.members).to.have.length(25);
          expect(page.nextToken).to.equal(undefined);
          expect((await control.counts()).operations.ListMembers.answers).to.deep.equal({ "cut-short": 1 });
        });

        it("a later page answered {} (after: 1 lets the first page through)", async () => {
          await control.addFault({
            kind: "malformed",
            operation: "ListMembers",
            body: "empty-object",
            after: 1,
          });
          const first = await client.send(list());
          expect(first.members).to.have.length(25);
          expect(first.nextToken).to.be.a("string");
          const second = await client.send(list(first.nextToken));
          expect(second.members).to.equal(undefined);
          expect(second.nextToken).to.equal(undefined);
          const third = await client.send(list(first.nextToken));
          expect(third.members).to.have.length(25);
          expect((await control.counts()).operations.ListMembers.answers).to.deep.equal({
            "200": 2,
            malformed: 1,
          });
        });

        it("a repeated nextToken, for ever: the SDK's paginator keeps asking for the same page", async () => {
          await control.addFault({
            kind: "repeat-token",
            operation: "ListMembers",
            times: "always",
            after: 1,
          });
          const pages: ListMembersCommandOutput[] = [];
          for await (const page of paginateListMembers(
            { client },
            { maxResults: 25, onlyAssociated: "true" },
          )) {
            pages.push(page);
            if (pages.length === 5) break;
          }
          expect(pages.map((p) => p.nextToken)).to.deep.equal(["25", "25", "25", "25", "25"]);
          expect(pages.slice(1).map((p) => p.members?.[0].accountId)).to.deep.equal(
            Array(4).fill("500000000023"),
          );
          expect((await control.counts()).operations.ListMembers.answers).to.deep.equal({
            "200": 1,
            "repeat-token": 4,
          });
        });

        it("a repeated nextToken: the paginator's stopOnSameToken ends quietly with a partial listing", async () => {
          await control.addFault({
            kind: "repeat-token",
            operation: "ListMembers",
            times: "always",
            after: 1,
          });
          let members = 0;
          const pages = paginateListMembers({ client, stopOnSameToken: true }, { maxResults: 25 });
          for await (const page of pages) members += page.members?.length ?? 0;
          expect(members).to.equal(50); // of 122: nothing in the SDK says the listing is not whole
        });
      });

      describe("non-member answers", () => {
        const ANSWERS: [NonMemberAnswer, new (...args: never[]) => Error, number, string][] = [
          ["not-found", ResourceNotFoundException, 404, "wasn't found"],
          ["not-associated", ValidationException, 400, "account is not associated with your account"],
          ["not-enabled", AccessDeniedException, 403, "Macie is not enabled"],
          ["associated-conflict", ConflictException, 409, "member accounts are associated with your account"],
        ];

        for (const [answer, type, status, words] of ANSWERS) {
          it(`"${answer}": ${type.name} ${status} for unknown members, to reads and writes alike`, async () => {
            await control.setNonMemberAnswer(answer);
            for (const call of [client.send(get(UNKNOWN)), client.send(write("PAUSED", UNKNOWN))]) {
              const error = await failure<SdkError>(call);
              expect(error).to.be.instanceOf(type);
              expect(error.$metadata?.httpStatusCode).to.equal(status);
              expect(error.message).to.contain(words);
            }
            expect((await client.send(get(A))).relationshipStatus).to.equal("Enabled");
            const answers = (await control.counts()).operations;
            expect(answers.GetMember.answers).to.deep.equal({ [status]: 1, "200": 1 });
            expect(answers.UpdateMemberSession.answers).to.deep.equal({ [status]: 1 });
          });

          it(`"${answer}" as a one-shot fault, for a member that exists`, async () => {
            await control.addFault({ kind: answer, operation: "GetMember", accountId: A });
            expect(await failure(client.send(get(A)))).to.be.instanceOf(type);
            expect((await client.send(get(A))).relationshipStatus).to.equal("Enabled");
            expect((await control.counts()).operations.GetMember.answers).to.deep.equal({
              [status]: 1,
              "200": 1,
            });
          });
        }

        it("back to the default: 404 to GetMember, 400 not associated to UpdateMemberSession", async () => {
          await control.setNonMemberAnswer("not-enabled");
          await control.setNonMemberAnswer(undefined);
          expect(await failure(client.send(get(UNKNOWN)))).to.be.instanceOf(ResourceNotFoundException);
          expect(await failure(client.send(write("ENABLED", UNKNOWN)))).to.be.instanceOf(ValidationException);
        });
      });

      it("clearFaults() drops what is queued", async () => {
        await control.addFault({ kind: "500", times: "always" });
        await control.clearFaults();
        expect((await client.send(get())).relationshipStatus).to.equal("Enabled");
      });
    });
  }

  it("refuses a fault that is not one, naming the field, in process and over HTTP", async () => {
    expect(() => emu.addFault({ kind: "hold", operation: "GetMember" } as never)).to.throw(
      /fault\.kind must be one of/,
    );
    expect(() => emu.addFault({ kind: "cut-short", operation: "GetMember" })).to.throw(
      /fault\.operation must be "ListMembers"/,
    );
    const res = await fetch(`${emu.url}/__control/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "malformed", body: "xml" }),
    });
    expect(res.status).to.equal(400);
    expect(res.headers.get("x-amzn-errortype")).to.equal("ValidationException");
    expect(((await res.json()) as { message: string }).message).to.contain("fault.body must be one of");
  });
});

describe("stop() with a connection held open", () => {
  it("ends the held connection at once and frees the port", async () => {
    const emu = await ownEmulator();
    const port = Number(new URL(emu.url).port);
    const client = macie(emu.url); // no short timeout: only the server ending it can end the call
    try {
      emu.addFault({ kind: "hold-before", operation: "GetMember" });
      const call = failure<SdkError>(client.send(new GetMemberCommand({ id: A })));
      await until(() => emu.counts.operations.GetMember.answers.held === 1);
      const stopped = emu.stop();
      expect(await stillPending(stopped, 2_000)).to.equal(false);
      expect((await call).code).to.equal("ECONNRESET");
      const again = await ownEmulator({}, port); // fails to start if the port were still taken
      await again.stop();
    } finally {
      client.destroy();
      await emu.stop();
    }
  });
});
