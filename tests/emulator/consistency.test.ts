// Eventual consistency: for a while after a status change, reads still show the status from
// before it, though the change is applied at once. Switched in process and over HTTP; met by the
// real SDK client.
import {
  GetMemberCommand,
  ListMembersCommand,
  Macie2Client,
  UpdateMemberSessionCommand,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import { failure } from "../support/failure";
import { CONTROLS, macie, overHttp, ownEmulator, until, type Control } from "./clients";

const A = "111111111111";
const B = "222222222222";
// Long enough that the reads right after a change land inside it on a busy machine.
const LAG_MS = 500;

describe("eventual consistency (read lag)", function () {
  let emu: MacieEmulator;
  let client: Macie2Client;
  before(async () => {
    emu = await ownEmulator();
    client = macie(emu.url);
  });
  after(async () => {
    client.destroy();
    await emu.stop();
  });
  beforeEach(() => {
    emu.reset();
    emu.seed([
      { accountId: A, relationshipStatus: "Enabled" },
      { accountId: B, relationshipStatus: "Enabled" },
    ]);
  });

  const statusRead = async () => (await client.send(new GetMemberCommand({ id: A }))).relationshipStatus;
  const listed = async () => {
    const page = await client.send(new ListMembersCommand({ maxResults: 25 }));
    const statuses: Record<string, string | undefined> = {};
    for (const m of page.members ?? []) statuses[m.accountId ?? "?"] = m.relationshipStatus;
    return statuses;
  };

  for (const [via, controlOf] of CONTROLS) {
    describe(`switched ${via}`, () => {
      let control: Control;
      beforeEach(() => (control = controlOf(emu)));

      it("GetMember and ListMembers show the previous status after a write; the write is applied at once", async () => {
        await control.setReadLag(LAG_MS);
        await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
        expect(emu.member(A)?.relationshipStatus).to.equal("Paused");
        expect(await statusRead()).to.equal("Enabled");
        expect(await listed()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled" });
        // A second write of the same status is a no-op: Macie decides on the truth, not on the lagging view.
        await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
        const counts = await control.counts();
        expect(counts.writesApplied).to.equal(1);
        expect(counts.operations.GetMember.answers).to.deep.equal({ stale: 1 });
        expect(counts.operations.ListMembers.answers).to.deep.equal({ stale: 1 });
        await until(async () => (await statusRead()) === "Paused");
        expect(await listed()).to.deep.equal({ [A]: "Paused", [B]: "Enabled" });
        expect((await control.counts()).operations.GetMember.answers["200"]).to.equal(1);
      });

      it("an out-of-band change lags the same way", async () => {
        await control.setReadLag(LAG_MS);
        await control.setStatus(A, "Paused");
        expect(await statusRead()).to.equal("Enabled");
        expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Enabled" });
        await until(async () => (await statusRead()) === "Paused");
      });

      it("reads see the status from before the first change of the window, through several changes", async () => {
        await control.setReadLag(LAG_MS);
        await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
        await client.send(new UpdateMemberSessionCommand({ id: A, status: "ENABLED" }));
        await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
        expect(await statusRead()).to.equal("Enabled");
        expect((await control.counts()).writesApplied).to.equal(3);
        await until(async () => (await statusRead()) === "Paused");
      });

      it("a lag of 0 turns it off", async () => {
        await control.setReadLag(LAG_MS);
        await control.setReadLag(0);
        await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
        expect(await statusRead()).to.equal("Paused");
        expect((await control.counts()).operations.GetMember.answers).to.deep.equal({ "200": 1 });
      });
    });
  }

  it("refuses a lag that is not a whole number of ms, and reset() turns the lag off", async () => {
    expect(() => emu.setReadLag(-1)).to.throw(/lagMs must be a whole number/);
    expect((await failure(overHttp(emu).setReadLag(1.5))).message).to.match(
      /400 .*lagMs must be a whole number/,
    );
    emu.setReadLag(LAG_MS);
    emu.reset();
    emu.seed([{ accountId: A, relationshipStatus: "Enabled" }]);
    await client.send(new UpdateMemberSessionCommand({ id: A, status: "PAUSED" }));
    expect(await statusRead()).to.equal("Paused");
  });
});
