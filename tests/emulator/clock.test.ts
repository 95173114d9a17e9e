// The emulator on a test's clock (the `clock` option): busy windows, read lag, the rate limit and
// timestamps follow it and nothing else, so a test that hands the same manual clock to its client
// neither sleeps nor races real time. The clock is set once, at construction.
import {
  ConflictException,
  GetMemberCommand,
  Macie2Client,
  ThrottlingException,
  UpdateMemberSessionCommand,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import type { EmulatorOptions, MacieEmulator } from "../../emulator/emulator";
import { failure } from "../support/failure";
import { ManualClock } from "../support/manual-clock";
import { macie, ownEmulator } from "./clients";

const A = "111111111111";

describe("the emulator on a test's clock", () => {
  let clock: ManualClock;
  let emu: MacieEmulator;
  let client: Macie2Client;
  before(async () => {
    clock = new ManualClock();
    emu = await ownEmulator({ clock });
    client = macie(emu.url);
  });
  after(async () => {
    client.destroy();
    await emu.stop();
  });
  beforeEach(() => {
    emu.reset({ busyWindowMs: 0, rateLimit: undefined });
    emu.seed([{ accountId: A, relationshipStatus: "Enabled" }]);
  });

  const write = (status: "ENABLED" | "PAUSED") =>
    client.send(new UpdateMemberSessionCommand({ id: A, status }));
  const statusRead = async () => (await client.send(new GetMemberCommand({ id: A }))).relationshipStatus;

  it("keeps a member busy until the clock, not real time, has passed the busy window", async () => {
    emu.configure({ busyWindowMs: 60_000 });
    await write("PAUSED");
    clock.advance(59_999);
    expect(await failure(write("ENABLED"))).to.be.instanceOf(ConflictException);
    clock.advance(1);
    await write("ENABLED");
    expect(emu.member(A)?.relationshipStatus).to.equal("Enabled");
  });

  it("lags reads behind a change for the read lag on the clock", async () => {
    emu.setReadLag(60_000);
    await write("PAUSED");
    clock.advance(59_999);
    expect(await statusRead()).to.equal("Enabled");
    clock.advance(1);
    expect(await statusRead()).to.equal("Paused");
  });

  it("refills the rate limit's bucket as the clock moves: none while it stands still", async () => {
    emu.configure({ rateLimit: { ratePerSecond: 1, burst: 2 } });
    await statusRead();
    await statusRead();
    expect(await failure(statusRead())).to.be.instanceOf(ThrottlingException);
    clock.advance(999);
    expect(await failure(statusRead())).to.be.instanceOf(ThrottlingException);
    clock.advance(1);
    expect(await statusRead()).to.equal("Enabled");
    expect(emu.counts.throttled).to.equal(2);
  });

  it("stamps updatedAt with the clock's time", async () => {
    clock.advance(86_400_000);
    const changedAt = clock.now();
    await write("PAUSED");
    const member = await client.send(new GetMemberCommand({ id: A }));
    expect(member.updatedAt?.toISOString()).to.equal(new Date(changedAt).toISOString());
  });

  it("takes a clock at construction only: configure and the control API refuse one", async () => {
    const withClock = { clock } as unknown as EmulatorOptions;
    expect(() => emu.configure(withClock)).to.throw(/unknown option clock/);
    const overHttp = await fetch(`${emu.url}/__control/configure`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clock: {} }),
    });
    expect(overHttp.status).to.equal(400);
    expect(await overHttp.text()).to.match(/unknown option clock/);
  });
});
