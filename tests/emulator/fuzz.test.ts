// The emulator's request parsing against arbitrary bodies and ids: it answers 400 (or 200 for a
// valid request), never 500, and keeps serving.
import { expect } from "chai";
import fc from "fast-check";
import { emulator } from "../support/emulator";

const AUTH =
  "AWS4-HMAC-SHA256 Credential=AKIAFUZZ/20261126/us-east-1/macie2/aws4_request, SignedHeaders=host, Signature=0";

describe("emulator request parsing (fuzz)", function () {
  this.timeout(60_000);

  it("answers arbitrary UpdateMemberSession bodies with 200 or a 400 ValidationException, never a 500", async () => {
    const emu = await emulator();
    emu.seed([{ accountId: "123456789012" }]);
    const body = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ status: fc.jsonValue() }).map((v) => JSON.stringify(v)),
      fc.constantFrom('{"status":"ENABLED"}', '{"status":"PAUSED"}'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await fetch(`${emu.url}/macie/members/123456789012`, {
          method: "PATCH",
          headers: { authorization: AUTH, "content-type": "application/json" },
          body: text,
        });
        const valid = text === '{"status":"ENABLED"}' || text === '{"status":"PAUSED"}';
        expect(res.status).to.equal(valid ? 200 : 400);
        if (!valid) expect(res.headers.get("x-amzn-errortype")).to.equal("ValidationException");
        await res.arrayBuffer();
      }),
      // Object.prototype's names, once accepted as statuses (found by this property with seed -317334316).
      {
        numRuns: 200,
        examples: [['{"status":"toString"}'], ['{"status":"constructor"}'], ['{"status":"__proto__"}']],
      },
    );
    expect((await fetch(`${emu.url}/__control/counters`)).status).to.equal(200);
  });

  it("answers arbitrary member ids with 200, 400 or 404, never a 500", async () => {
    const emu = await emulator();
    emu.seed([{ accountId: "123456789012" }]);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 30 }), async (id) => {
        const res = await fetch(`${emu.url}/members/${encodeURIComponent(id)}`, {
          headers: { authorization: AUTH },
        });
        expect([200, 400, 404]).to.include(res.status);
        await res.arrayBuffer();
      }),
      { numRuns: 200 },
    );
  });
});
