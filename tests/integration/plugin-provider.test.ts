// The provider plugin's resource provider (plugin/plugin-provider.ts) against the emulator, called as
// @pulumi/pulumi/provider's server calls it (URN, wire values): each type reaches its lifecycle,
// RegionPolicy lists in its check and writes only the pending members, secrets stay secret, and a
// Read without properties (`pulumi import`) reads the member. Exact Macie call counts throughout.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import type { Runtime } from "../../provider/lifecycle/runtime";
import { MEMBER_STATUS_TYPE, PluginProvider, partsOf } from "../../provider/plugin/plugin-provider";
import { REGION_POLICY_TYPE } from "../../provider/plugin/region-policy";
import { NO_CONFIG, readProviderConfig } from "../../provider/config/config";
import { createRuntime } from "../../provider/lifecycle/runtime";
import { DUMMY_IDENTITY, emulator, emulatorEnv, macieCalls } from "../support/emulator";

const EAST = "us-east-1";
const account = (i: number) => String(200000000000 + i);
const [A, B, C, D] = [0, 1, 2, 3].map(account);
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const MEMBER = urn(MEMBER_STATUS_TYPE, "m");
const POLICY = urn(REGION_POLICY_TYPE, "east");

let emu: MacieEmulator;
let runtimes: Runtime[] = [];

/** The plugin on the emulator, its default region us-east-1 (AWS_REGION, as the plugin reads it). */
function plugin(): PluginProvider {
  const config = readProviderConfig(NO_CONFIG, { ...emulatorEnv(emu), AWS_REGION: EAST });
  const settings = { ...config.settings, maxAttempts: 2, waitTimeoutSeconds: 5 };
  const runtime = createRuntime({ ...config, settings }, { credentials: DUMMY_IDENTITY });
  runtimes.push(runtime);
  return new PluginProvider("0.0.0-test", "{}", () => runtime);
}

const calls = () => macieCalls(emu);

describe("the provider plugin's resource provider", function () {
  this.timeout(30_000);

  beforeEach(async () => {
    emu = await emulator();
    emu.seed([A, B, C, D].map((accountId) => ({ accountId, relationshipStatus: "Enabled", region: EAST })));
  });
  afterEach(() => {
    for (const r of runtimes) r.destroy();
    runtimes = [];
  });

  it("reads a URN's stack, type (the last of a parent chain) and name", () => {
    expect(partsOf("urn:pulumi:prod::p::macie:index:RegionPolicy::east")).to.deep.equal({
      stack: "prod",
      type: "macie:index:RegionPolicy",
      name: "east",
    });
    expect(partsOf("urn:pulumi:dev::p::my:index:Comp$macie:index:MemberStatus::x::y").type).to.equal(
      "macie:index:MemberStatus",
    );
  });

  it("refuses a type it does not have, naming it", async () => {
    const error = await plugin()
      .check(urn("macie:index:Nope", "n"), {}, {})
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.contain('"macie:index:Nope"');
  });

  it("MemberStatus: check fills the defaults, create converges with one write, read and diff follow", async () => {
    const p = plugin();
    const checked = await p.check(MEMBER, {}, { accountId: A, status: "PAUSED" });
    expect(checked.failures).to.deep.equal([]);
    expect(checked.inputs).to.deep.equal({
      accountId: A,
      status: "PAUSED",
      region: EAST,
      statusOnDelete: "ENABLED",
    });
    expect(calls()).to.deep.equal({ list: 0, get: 0, update: 0 });

    const created = await p.create(MEMBER, checked.inputs);
    expect(created.id).to.equal(A);
    expect(created.outs).to.include({ status: "PAUSED", relationshipStatus: "Paused", region: EAST });
    expect(emu.calls("UpdateMemberSession")).to.equal(1);

    const diff = await p.diff(A, MEMBER, created.outs, { ...checked.inputs, status: "ENABLED" });
    expect(diff).to.include({ changes: true });
    expect(diff.replaces).to.deep.equal([]);
  });

  it("MemberStatus: a Read without properties (pulumi import) reads the member in the default region", async () => {
    const p = plugin();
    const read = await p.read(B, MEMBER, undefined);
    expect(read.id).to.equal(B);
    expect(read.props).to.include({ accountId: B, relationshipStatus: "Enabled", status: "ENABLED" });
    expect(read.inputs).to.deep.equal({
      accountId: B,
      region: EAST,
      status: "ENABLED",
      statusOnDelete: "ENABLED",
    });
    expect(calls()).to.deep.equal({ list: 0, get: 1, update: 0 });
  });

  it("MemberStatus: a secret account id stays secret in check's inputs and every output holding it, and is masked in errors", async () => {
    const p = plugin();
    const checked = await p.check(MEMBER, {}, { accountId: secret(A), status: "PAUSED" });
    expect(checked.inputs.accountId).to.deep.equal(secret(A));
    expect(checked.inputs).to.not.have.property("__accountIdSecret");
    const created = await p.create(MEMBER, checked.inputs);
    expect(created.outs.accountId).to.deep.equal(secret(A));
    expect(created.outs.arn).to.have.property(SIG, SECRET);
    expect(created.outs.status).to.equal("PAUSED");
    expect(created.outs).to.not.have.property("__accountIdSecret");

    emu.setStatus(C, "Invited");
    const failed = await p
      .create(MEMBER, { accountId: secret(C), status: "PAUSED", region: EAST, statusOnDelete: "ENABLED" })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(failed?.message)
      .to.contain(`…${C.slice(-4)}`)
      .and.not.contain(C);
  });

  it("RegionPolicy: check lists the region once and plans it; create writes only the pending members", async () => {
    const p = plugin();
    const news = { region: EAST, defaultStatus: "ENABLED", overrides: { [A]: "PAUSED" }, exclude: [D] };
    const checked = await p.check(POLICY, {}, news);
    expect(checked.failures).to.deep.equal([]);
    expect(checked.inputs).to.include({ region: EAST, defaultStatus: "ENABLED", statusOnDelete: "ENABLED" });
    expect(checked.inputs.members).to.deep.equal({ [A]: "PAUSED", [B]: "ENABLED", [C]: "ENABLED" });
    expect(checked.inputs.pending).to.deep.equal({ [A]: "Enabled" });
    expect(checked.inputs.dropped).to.deep.equal([D]);
    expect(calls()).to.deep.equal({ list: 1, get: 0, update: 0 });

    const created = await p.create(POLICY, checked.inputs);
    expect(created.id).to.equal(EAST);
    expect(created.outs).to.include({ defaultStatus: "ENABLED", region: EAST });
    expect(created.outs.overrides).to.deep.equal({ [A]: "PAUSED" });
    expect(created.outs).to.not.have.property("pending");
    expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Enabled", [D]: "Enabled" });
    expect(emu.calls("UpdateMemberSession")).to.equal(1);

    // The next run's check finds nothing pending: no diff, no call beyond the listing.
    const again = await p.check(POLICY, created.outs, news);
    expect(again.inputs.pending).to.deep.equal({});
    expect((await p.diff(EAST, POLICY, created.outs, again.inputs)).changes).to.equal(false);
    expect(calls()).to.deep.include({ list: 2, update: 1 });
  });

  it("RegionPolicy: an argument changed alone is an update that makes no Macie call", async () => {
    const p = plugin();
    const news = { region: EAST, defaultStatus: "ENABLED" };
    const created = await p.create(POLICY, (await p.check(POLICY, {}, news)).inputs);
    const checked = await p.check(POLICY, created.outs, { ...news, maxChanges: 50 });
    expect((await p.diff(EAST, POLICY, created.outs, checked.inputs)).changes).to.equal(true);
    const before = calls();
    const updated = await p.update(EAST, POLICY, created.outs, checked.inputs);
    expect(updated.outs).to.include({ maxChanges: 50 });
    expect(calls()).to.deep.equal(before);
  });

  it("RegionPolicy: bad arguments fail check on the argument, before any call", async () => {
    const checked = await plugin().check(
      POLICY,
      {},
      {
        region: "us-easst-1",
        defaultStatus: "SUSPENDED",
        exclude: ["12"],
        colour: "blue",
        defaultStatuss: "ENABLED",
      },
    );
    const properties = checked.failures?.map((f) => f.property);
    expect(properties).to.have.members(["colour", "defaultStatuss", "region", "defaultStatus", "exclude"]);
    expect(checked.failures?.find((f) => f.property === "defaultStatuss")?.reason).to.contain(
      "did you mean defaultStatus?",
    );
    expect(checked.failures?.find((f) => f.property === "defaultStatus")?.reason).to.contain('"SUSPENDED"');
    expect(calls()).to.deep.equal({ list: 0, get: 0, update: 0 });
  });

  it("RegionPolicy: an override naming a non-member fails check after the listing, nothing written", async () => {
    const checked = await plugin().check(
      POLICY,
      {},
      {
        region: EAST,
        defaultStatus: "ENABLED",
        overrides: { "299999999999": "PAUSED" },
      },
    );
    expect(checked.failures?.map((f) => f.property)).to.deep.equal(["overrides"]);
    expect(checked.failures?.[0].reason).to.contain(`account 299999999999 is not a member in any of ${EAST}`);
    expect(calls()).to.deep.equal({ list: 1, get: 0, update: 0 });
  });

  it("RegionPolicy: a plan over maxChanges is refused at check, naming the resource, nothing written", async () => {
    const error = await plugin()
      .check(POLICY, {}, { region: EAST, defaultStatus: "PAUSED", maxChanges: 2 })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message)
      .to.contain('RegionPolicy "east" would change')
      .and.contain("4 (ENABLED → PAUSED: 4");
    expect(calls()).to.deep.equal({ list: 1, get: 0, update: 0 });
  });

  it("RegionPolicy: while an argument is unknown (preview), check lists nothing", async () => {
    const checked = await plugin().check(
      POLICY,
      {},
      {
        region: EAST,
        defaultStatus: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
      },
    );
    expect(checked.failures).to.deep.equal([]);
    expect(calls().list).to.equal(0);
  });

  it("RegionPolicy: cannot be imported, and says to declare it", async () => {
    const error = await plugin()
      .read(EAST, POLICY, undefined)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.contain("cannot be imported: declare it");
    expect(calls().list).to.equal(0);
  });
  it("refuses one member held by two resources, naming both, before anything is written; the same resource checked again is no conflict", async () => {
    const p = plugin();
    expect((await p.check(MEMBER, {}, { accountId: A, status: "PAUSED" })).failures).to.deep.equal([]);
    expect((await p.check(MEMBER, {}, { accountId: A, status: "PAUSED" })).failures).to.deep.equal([]);
    const twin = await p.check(urn(MEMBER_STATUS_TYPE, "twin"), {}, { accountId: A, status: "ENABLED" });
    expect(twin.failures.map((f) => f.property)).to.deep.equal(["accountId"]);
    expect(twin.failures[0].reason).to.contain(
      `Account ${A} in ${EAST} is declared twice: by MemberStatus "m" and by MemberStatus "twin"`,
    );

    const policy = await p.check(POLICY, {}, { region: EAST, defaultStatus: "ENABLED" });
    expect(policy.failures.map((f) => f.property)).to.deep.equal(["exclude"]);
    expect(policy.failures[0].reason)
      .to.contain('by MemberStatus "m" and by RegionPolicy "east"')
      .and.contain("exclude");
    const excluding = await p.check(POLICY, {}, { region: EAST, defaultStatus: "ENABLED", exclude: [A] });
    expect(excluding.failures).to.deep.equal([]);
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("masks a secret account id in that refusal", async () => {
    const p = plugin();
    await p.check(MEMBER, {}, { accountId: secret(A), status: "PAUSED" });
    const twin = await p.check(urn(MEMBER_STATUS_TYPE, "twin"), {}, { accountId: A, status: "PAUSED" });
    expect(twin.failures[0].reason)
      .to.contain(`…${A.slice(-4)}`)
      .and.not.contain(A);
  });
  it("RegionPolicy: a secret exclude or override makes the member maps and lists that name those accounts secret", async () => {
    const p = plugin();
    const checked = await p.check(
      POLICY,
      {},
      {
        region: EAST,
        defaultStatus: "ENABLED",
        overrides: secret({ [A]: "PAUSED" }),
        exclude: [secret(D)],
      },
    );
    expect(checked.failures).to.deep.equal([]);
    for (const key of ["overrides", "exclude", "members", "pending", "dropped"])
      expect(checked.inputs[key], key).to.have.property(SIG, SECRET);
    const created = await p.create(POLICY, checked.inputs);
    expect(created.outs.members).to.have.property(SIG, SECRET);
    expect(JSON.stringify(created.outs.members)).to.contain(A); // inside the secret, for the engine to encrypt
    expect(emu.statuses()[A]).to.equal("Paused");
  });

  it("shows a secret input's value masked in a check failure", async () => {
    const checked = await plugin().check(MEMBER, {}, { accountId: secret("98765432101"), status: "PAUSED" });
    expect(checked.failures.map((f) => f.property)).to.deep.equal(["accountId"]);
    expect(checked.failures[0].reason).to.contain("…2101").and.not.contain("98765432101");
  });

  it("RegionPolicy: an unknown inside exclude or overrides (preview) is unknown: no failure, no listing", async () => {
    const checked = await plugin().check(
      POLICY,
      {},
      {
        region: EAST,
        defaultStatus: "ENABLED",
        exclude: [A, "04da6b54-80e4-46f7-96ec-b56ff0331ba9"],
        overrides: { [B]: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      },
    );
    expect(checked.failures).to.deep.equal([]);
    expect(calls().list).to.equal(0);
  });

  it("RegionPolicy: a failure names the argument it is about, in words written for one region", async () => {
    const checked = await plugin().check(
      POLICY,
      {},
      {
        region: "us-easst-1",
        defaultStatus: "ENABLED",
        exclude: [A],
        overrides: { [A]: "PAUSED" },
      },
    );
    const byProperty = Object.fromEntries(checked.failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byProperty)).to.have.members(["region", "exclude"]);
    expect(byProperty.region).to.match(/^region "us-easst-1"/);
    expect(byProperty.exclude).to.contain("is both in exclude and in overrides");
  });

  it("MemberStatus: pulumi import of an account Macie does not show says so, and writes nothing", async () => {
    const error = await plugin()
      .read("299999999999", MEMBER, undefined)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.contain('"299999999999": nothing to import').and.contain(EAST);
    expect(calls()).to.deep.equal({ list: 0, get: 1, update: 0 });
  });
  it("two members whose account ids are not known yet (preview) are no conflict", async () => {
    const p = plugin();
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect((await p.check(MEMBER, {}, { accountId: unknown, status: "PAUSED" })).failures).to.deep.equal([]);
    const other = await p.check(
      urn(MEMBER_STATUS_TYPE, "other"),
      {},
      { accountId: unknown, status: "PAUSED" },
    );
    expect(other.failures).to.deep.equal([]);
  });
});
