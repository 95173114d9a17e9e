// The emulator answers the real AWS SDK the way Macie does: paths and verbs as the SDK sends them,
// restJson1 errors the SDK turns into typed exceptions, signature check, body validation, faults,
// rate limit, busy window and counters.
import {
  ConflictException,
  GetMemberCommand,
  InternalServerException,
  ListMembersCommand,
  Macie2Client,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateMemberSessionCommand,
  ValidationException,
  type UpdateMemberSessionCommandInput,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import * as http from "node:http";
import type { MacieEmulator } from "../../emulator/emulator";
import { DUMMY_IDENTITY, emulator } from "../support/emulator";
import { failure } from "../support/failure";

const A = "111111111111";
const B = "222222222222";

describe("Macie2 emulator", () => {
  let emu: MacieEmulator;
  let client: Macie2Client;
  beforeEach(async () => {
    emu = await emulator();
    client = new Macie2Client({
      region: "us-east-1",
      maxAttempts: 1,
      endpoint: emu.url,
      credentials: DUMMY_IDENTITY,
    });
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled" },
      { accountId: B, relationshipStatus: "Invited" },
    ]);
  });
  afterEach(() => client.destroy());

  it("answers GetMember with the member's fields", async () => {
    const out = await client.send(new GetMemberCommand({ id: A }));
    expect(out).to.include({
      accountId: A,
      relationshipStatus: "Enabled",
      administratorAccountId: "999999999999",
    });
    expect(out.arn).to.equal(`arn:aws:macie2:us-east-1:999999999999:member/${A}`);
    expect(out.updatedAt).to.be.instanceOf(Date);
    expect(out.$metadata.requestId).to.match(/^emu-/);
    expect(emu.calls("GetMember")).to.equal(1);
  });

  it("keeps members per region, from the signature's credential scope", async () => {
    const other = new Macie2Client({
      region: "eu-west-1",
      maxAttempts: 1,
      endpoint: emu.url,
      credentials: DUMMY_IDENTITY,
    });
    try {
      expect(await failure(other.send(new GetMemberCommand({ id: A })))).to.be.instanceOf(
        ResourceNotFoundException,
      );
      emu.seed([{ accountId: A, region: "eu-west-1", relationshipStatus: "Paused" }]);
      expect((await other.send(new GetMemberCommand({ id: A }))).relationshipStatus).to.equal("Paused");
      expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
    } finally {
      other.destroy();
    }
  });

  it("changes the status with UpdateMemberSession, counting the applied write", async () => {
    await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
    expect(emu.counts.writesApplied).to.equal(1);
    await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
    expect(emu.counts.writesApplied).to.equal(1);
    expect(emu.calls("UpdateMemberSession")).to.equal(2);
  });

  it("answers a typed ResourceNotFoundException (404) for an unknown member", async () => {
    const error = await failure(client.send(new GetMemberCommand({ id: "333333333333" })));
    expect(error).to.be.instanceOf(ResourceNotFoundException);
    expect(error.$metadata?.httpStatusCode).to.equal(404);
  });

  it('answers ValidationException "not associated" when writing to a non-member', async () => {
    const error = await failure(
      client.send(new UpdateMemberSessionCommand({ id: "333333333333", status: "ENABLED" })),
    );
    expect(error).to.be.instanceOf(ValidationException);
    expect(error.message).to.contain("not associated with your account");
  });

  it("refuses to change a member that is neither Enabled nor Paused", async () => {
    const error = await failure(client.send(new UpdateMemberSessionCommand({ id: B, status: "ENABLED" })));
    expect(error).to.be.instanceOf(ValidationException);
    expect(emu.member(B)?.relationshipStatus).to.equal("Invited");
  });

  it("validates bodies and ids (400)", async () => {
    const bad = { id: A, status: "paused" } as unknown as UpdateMemberSessionCommandInput;
    expect(await failure(client.send(new UpdateMemberSessionCommand(bad)))).to.be.instanceOf(
      ValidationException,
    );
    expect(await failure(client.send(new GetMemberCommand({ id: "12" })))).to.be.instanceOf(
      ValidationException,
    );
  });

  it("refuses unsigned requests", async () => {
    const res = await fetch(`${emu.url}/members/${A}`);
    expect(res.status).to.equal(403);
    expect(res.headers.get("x-amzn-errortype")).to.equal("MissingAuthenticationTokenException");
    expect(emu.counts.unsigned).to.equal(1);
  });

  it("plays queued faults in order, per operation", async () => {
    emu.addFault({ kind: "409", operation: "UpdateMemberSession", times: 2 });
    emu.addFault({ kind: "500", operation: "GetMember" });
    const write = () => client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
    expect(await failure(write())).to.be.instanceOf(ConflictException);
    expect(await failure(write())).to.be.instanceOf(ConflictException);
    await write();
    expect(await failure(client.send(new GetMemberCommand({ id: A })))).to.be.instanceOf(
      InternalServerException,
    );
    expect(emu.counts.operations.UpdateMemberSession.answers).to.deep.equal({ "409": 2, "200": 1 });
  });

  it("drops the connection before or after applying a write", async () => {
    emu.addFault({ kind: "drop-before", operation: "UpdateMemberSession" });
    const before = await failure(client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" })));
    expect((before as Error & { code?: string }).code ?? before.name).to.match(
      /ECONNRESET|socket hang up|EPIPE/,
    );
    expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
    emu.addFault({ kind: "drop-after", operation: "UpdateMemberSession" });
    await failure(client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" })));
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
  });

  it("answers 409 to writes during the busy window after a change", async () => {
    emu.configure({ busyWindowMs: 300 });
    await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
    expect(
      await failure(client.send(new UpdateMemberSessionCommand({ id: A, status: "ENABLED" }))),
    ).to.be.instanceOf(ConflictException);
    await new Promise((r) => setTimeout(r, 350));
    await client.send(new UpdateMemberSessionCommand({ id: A, status: "ENABLED" }));
    expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
  });

  it("starts the busy window after an out-of-band change too", async () => {
    emu.configure({ busyWindowMs: 300 });
    emu.setStatus(A, "Paused");
    expect(
      await failure(client.send(new UpdateMemberSessionCommand({ id: A, status: "ENABLED" }))),
    ).to.be.instanceOf(ConflictException);
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
  });

  it("throttles past its rate limit with ThrottlingException (429)", async () => {
    emu.configure({ rateLimit: { ratePerSecond: 1, burst: 3 } });
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map(() => client.send(new GetMemberCommand({ id: A }))),
    );
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).to.have.length(2);
    expect(rejected[0].reason).to.be.instanceOf(ThrottlingException);
    expect(emu.counts.throttled).to.equal(2);
  });

  it("lists associated members a page at a time", async () => {
    emu.seed(Array.from({ length: 120 }, (_, i) => ({ accountId: String(300000000000 + i) })));
    const first = await client.send(new ListMembersCommand({ maxResults: 25, onlyAssociated: "true" }));
    expect(first.members).to.have.length(25);
    expect(first.nextToken).to.be.a("string");
    let total = first.members!.length;
    let token = first.nextToken;
    while (token) {
      const page = await client.send(
        new ListMembersCommand({ maxResults: 25, nextToken: token, onlyAssociated: "true" }),
      );
      total += page.members!.length;
      token = page.nextToken;
    }
    expect(total).to.equal(121); // 120 seeded + A (B is Invited)
  });

  it("offers the control API over HTTP", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emu.url}/__control/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await post("status", { accountId: A, relationshipStatus: "Paused" });
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
    await post("members", { members: [{ accountId: "444444444444" }] });
    const counters = (await (await fetch(`${emu.url}/__control/counters`)).json()) as {
      writesApplied: number;
    };
    expect(counters.writesApplied).to.equal(0);
    expect(await (await fetch(`${emu.url}/__control/members`)).json()).to.include({
      "444444444444": "Enabled",
    });
  });
});

describe("the emulator's control API, against pages in a browser", () => {
  let emu: MacieEmulator;
  beforeEach(async () => {
    emu = await emulator();
    emu.seed([{ accountId: A, relationshipStatus: "Enabled" }]);
  });

  /** A raw HTTP request (fetch may not set Host), answered as status, error type and message. */
  function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body = "",
  ): Promise<{ status: number; type?: string; message: string }> {
    const url = new URL(emu.url);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers["x-amzn-errortype"] as string | undefined,
              message: text,
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  const PAUSE = JSON.stringify({ accountId: A, relationshipStatus: "Paused" });

  it("refuses a POST that is not JSON (a cross-origin form or text/plain POST), changing nothing", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ]) {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const answer = await send("POST", "/__control/status", headers, PAUSE);
      expect(answer.status, type).to.equal(415);
      expect(answer.message, type).to.contain("content-type: application/json");
    }
    expect((await send("POST", "/__control/reset", { "content-type": "text/plain" })).status).to.equal(415);
    expect((await send("DELETE", "/__control/faults", {})).status).to.equal(415);
    expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
    const ok = await send(
      "POST",
      "/__control/status",
      { "content-type": "application/json; charset=utf-8" },
      PAUSE,
    );
    expect(ok.status).to.equal(200);
    expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
  });

  it("answers control calls only for a loopback Host (DNS rebinding)", async () => {
    const json = { "content-type": "application/json" };
    for (const host of ["evil.example", "evil.example:4566", "127.0.0.1.evil.example", "10.0.0.5:4566"]) {
      const answer = await send("POST", "/__control/status", { ...json, host }, PAUSE);
      expect(answer.status, host).to.equal(403);
      expect(answer.message, host).to.contain("loopback");
      expect((await send("GET", "/__control/counters", { host })).status, host).to.equal(403);
    }
    expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
    const port = new URL(emu.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "localhost"]) {
      expect((await send("GET", "/__control/counters", { host })).status, host).to.equal(200);
    }
  });

  it('answers a status named "__proto__" with a 400 that names the allowed statuses', async () => {
    const json = { "content-type": "application/json" };
    const answer = await send(
      "POST",
      "/__control/status",
      json,
      JSON.stringify({ accountId: A, relationshipStatus: "__proto__" }),
    );
    expect(answer.status).to.equal(400);
    expect(answer.type).to.equal("ValidationException");
    expect(answer.message).to.contain("must be one of Enabled, Paused").and.to.contain('got \\"__proto__\\"');
    const seeded = await send(
      "POST",
      "/__control/members",
      json,
      '{"members": [{"accountId": "333333333333", "relationshipStatus": "__proto__"}]}',
    );
    expect(seeded.status).to.equal(400);
  });
});

describe("macie-emulator CLI", () => {
  it("starts with seeded members and answers on its port", async function () {
    this.timeout(20_000);
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const cli = spawn(
      process.execPath,
      [path.resolve(__dirname, "../../emulator/cli.js"), "--members", "3", "--status", "Paused"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        cli.stdout.on("data", (chunk: Buffer) => {
          const m = /listening on (http:\/\/\S+)/.exec(chunk.toString());
          if (m) resolve(m[1]);
        });
        cli.on("exit", (code) => reject(new Error(`the CLI exited with ${code}`)));
      });
      const members = (await (await fetch(`${url}/__control/members`)).json()) as Record<string, string>;
      expect(members).to.deep.equal({
        "100000000000": "Paused",
        "100000000001": "Paused",
        "100000000002": "Paused",
      });
    } finally {
      cli.kill("SIGTERM");
    }
  });
});
