// Every client this package builds checks its requests against AWS's published API model before
// sending them: the ListMembers page of 50 that real accounts refuse fails here, in the first
// test, with nothing sent — not as a ValidationException from a user's account.
import { ListMembersCommand, UpdateMemberSessionCommand } from "@aws-sdk/client-macie2";
import { expect } from "chai";
import type { MacieEmulator } from "../../../emulator/emulator";
import { assumeRoleCredentials } from "../../../provider/aws/credentials";
import { RequestModelError } from "../../../provider/aws/model-check";
import type { Runtime } from "../../../provider/lifecycle/runtime";
import { DUMMY_IDENTITY, emulator, emulatorRuntime } from "../../support/emulator";
import { failure } from "../../support/failure";

describe("the model check on every client (provider/aws/model-check.ts)", () => {
  let emu: MacieEmulator;
  let runtime: Runtime;
  beforeEach(async () => {
    emu = await emulator();
    runtime = emulatorRuntime(emu);
  });
  afterEach(() => runtime.destroy());

  it("refuses a ListMembers page of 50 before sending it, naming the member and the model's bound", async () => {
    const error = await failure(
      runtime.clientFor("us-east-1").send(new ListMembersCommand({ maxResults: 50 })),
    );
    expect(error).to.be.instanceOf(RequestModelError);
    expect(error.message).to.equal(
      "ListMembers request breaks Macie2's published API model: 1 validation error detected: " +
        "Value '50' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25. " +
        "Nothing was sent. This is a bug in pulumi-macie-member-status: please report it.",
    );
    expect(emu.calls("ListMembers")).to.equal(0);
  });

  it("lets a request the model allows through: 25 a page reaches the emulator", async () => {
    const page = await runtime.clientFor("us-east-1").send(new ListMembersCommand({ maxResults: 25 }));
    expect(page.members).to.deep.equal([]);
    expect(emu.calls("ListMembers")).to.equal(1);
  });

  it("refuses a status the model does not list, and a write without one", async () => {
    const client = runtime.clientFor("us-east-1");
    const bad = { id: "123456789012", status: "SUSPENDED" } as unknown as ConstructorParameters<
      typeof UpdateMemberSessionCommand
    >[0];
    expect((await failure(client.send(new UpdateMemberSessionCommand(bad)))).message).to.contain(
      "Value 'SUSPENDED' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [PAUSED, ENABLED]",
    );
    const none = { id: "123456789012" } as ConstructorParameters<typeof UpdateMemberSessionCommand>[0];
    expect((await failure(client.send(new UpdateMemberSessionCommand(none)))).message).to.contain(
      "Value null at 'status' failed to satisfy constraint: Member must not be null",
    );
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("checks STS AssumeRole too: a session name STS's model refuses is never sent", async () => {
    const provider = assumeRoleCredentials(
      { roleArn: "arn:aws:iam::123456789012:role/macie", sessionName: "two words" },
      "us-east-1",
      { source: DUMMY_IDENTITY, endpoint: emu.url },
    );
    const error = await failure(provider());
    expect(error.message).to.contain("AssumeRole request breaks STS's published API model");
    expect(error.message).to.contain("at 'RoleSessionName'");
    expect(emu.counts.sts).to.deep.equal({});
  });

  it("stays on when the SDK's assume-role provider renews: its STS client takes the check once more", async () => {
    // fromTemporaryCredentials applies its clientPlugins on every call: a renewal an hour into a
    // long run used to fail with "Duplicate middleware name" instead of assuming the role again.
    const provider = assumeRoleCredentials(
      { roleArn: "arn:aws:iam::123456789012:role/macie", sessionName: "renewed" },
      "us-east-1",
      { source: DUMMY_IDENTITY, endpoint: emu.url },
    );
    const first = await provider();
    const second = await provider();
    expect([first.accessKeyId, second.accessKeyId]).to.deep.equal([
      "ASIAEMULATED00000001",
      "ASIAEMULATED00000002",
    ]);
    expect(emu.counts.sts).to.deep.equal({ AssumeRole: 2 });
  });
});
