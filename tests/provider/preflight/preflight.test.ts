// The read-only preflight (provider/preflight/preflight.ts, the `macie-preflight` bin): against the emulator
// with the real SDK, every check counts its calls exactly and never sends UpdateMemberSession; an
// AccessDenied on each call names its action, says why `pulumi up` needs it and adds it to the IAM
// statement; bad flags are refused before any call; and the built bin, run as a child process with
// the emulator's endpoints in the child's environment only, prints the report and exits with the
// documented code.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GetCallerIdentityCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { expect } from "chai";
import type { MacieEmulator } from "../../../emulator/emulator";
import { sts as stsModel } from "../../../model/api-model";
import { describeProblem, formatReport, statementFor, WHY_NEEDED } from "../../../provider/preflight/report";
import {
  preflight,
  type PreflightOptions,
  type PreflightReport,
  type Problem,
} from "../../../provider/preflight/preflight";
import {
  EXIT_CODES,
  parsePreflightArgs,
  PREFLIGHT_FLAGS,
  preflightHelp,
} from "../../../provider/preflight/preflight-flags";
import type { Runtime } from "../../../provider/lifecycle/runtime";
import type { ProviderSettings } from "../../../provider/config/settings";
import { DUMMY_CREDENTIALS, emulator, emulatorEnv, emulatorRuntime } from "../../support/emulator";
import { expectRequestsInModel } from "../../support/model-oracle";

const EAST = "us-east-1";
const WEST = "eu-west-1";
const OTHER = "111122223333";
const ROOT = path.resolve(__dirname, "../../../..");
const BIN = path.join(ROOT, "dist", "provider", "preflight-cli.js");

/** The exact calls the emulator saw; UpdateMemberSession must always be 0. */
function calls(emu: MacieEmulator): { sts: number; list: number; get: number; writes: number } {
  const counts = emu.counts;
  return {
    sts: counts.sts.GetCallerIdentity ?? 0,
    list: counts.operations.ListMembers.calls,
    get: counts.operations.GetMember.calls,
    writes: counts.operations.UpdateMemberSession.calls,
  };
}

function seed(emu: MacieEmulator): void {
  emu.seed([
    { accountId: "100000000001", relationshipStatus: "Enabled", region: EAST },
    { accountId: "100000000002", relationshipStatus: "Paused", region: EAST },
    { accountId: "100000000003", relationshipStatus: "Invited", region: EAST },
    { accountId: "100000000004", relationshipStatus: "Paused", region: WEST },
  ]);
}

const only = (report: PreflightReport): Problem => {
  expect(report.problems, JSON.stringify(report.problems)).to.have.length(1);
  return report.problems[0];
};

describe("macie-preflight: read-only checks against the emulator", () => {
  let emu: MacieEmulator;
  let runtime: Runtime;
  const run = (options: Partial<PreflightOptions> = {}) =>
    preflight(runtime, { regions: [EAST], all: false, ...options });
  const on = (settings: Partial<ProviderSettings>) => {
    runtime.destroy();
    runtime = emulatorRuntime(emu, settings);
  };

  beforeEach(async () => {
    emu = await emulator();
    seed(emu);
    runtime = emulatorRuntime(emu);
  });
  afterEach(() => runtime.destroy());

  it("ready: the caller, the administrator and the members per status and region, from 1 STS + 1 ListMembers + 1 GetMember a region", async () => {
    const report = await run({ regions: [EAST, WEST] });
    expect(report.verdict).to.equal("ready");
    expect(report.caller).to.equal(emu.adminAccountId);
    expect(report.problems).to.deep.equal([]);
    expect(
      report.regions.map((r) => [r.region, r.listing?.byStatus, r.probe?.accountId, r.administrator]),
    ).to.deep.equal([
      [EAST, { Enabled: 1, Paused: 1, Invited: 1 }, "100000000001", "yes"],
      [WEST, { Paused: 1 }, "100000000004", "yes"],
    ]);
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 2, get: 2, writes: 0 });
    expect(emu.counts.writesApplied).to.equal(0);

    const text = formatReport(report, { all: false });
    expect(text).to.contain(`caller account: ${emu.adminAccountId}`);
    expect(text).to.contain(
      "ListMembers: 3 members on the first page (at most 25; --all counts every page): Enabled 1, Paused 1, Invited 1",
    );
    expect(text).to.contain(`Macie administrator: yes (Macie names ${emu.adminAccountId}, the caller)`);
    expect(text).to.match(/ready \(exit 0\): the caller is the Macie administrator in us-east-1, eu-west-1/);
    expect(text).to.not.contain("add this statement");
  });

  it("reads one ListMembers page by default and every page (25 a call) with --all", async () => {
    emu.seed(Array.from({ length: 57 }, (_, i) => ({ accountId: String(200000000000 + i), region: EAST })));
    const first = await run();
    expect(first.regions[0].listing).to.include({ members: 25, pages: 1, whole: false });
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 1, get: 1, writes: 0 });

    const all = await run({ all: true });
    expect(all.regions[0].listing).to.include({ members: 60, pages: 3, whole: true });
    expect(all.regions[0].listing?.byStatus).to.deep.equal({ Enabled: 58, Paused: 1, Invited: 1 });
    // The STS answer is asked once per runtime (cached), the listing again: 1 + 3 pages.
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 4, get: 2, writes: 0 });
    expect(formatReport(all, { all: true })).to.contain("60 members on every page (3 pages)");
  });

  it("--member reads that member; one Macie does not know blocks, naming it", async () => {
    const known = await run({ member: "100000000003" });
    expect(known.regions[0].probe?.member?.relationshipStatus).to.equal("Invited");
    expect(known.verdict).to.equal("ready");

    const unknown = await run({ member: OTHER });
    expect(unknown.verdict).to.equal("blocked");
    expect(only(unknown)).to.include({ kind: "not-member", operation: "GetMember", accountId: OTHER });
    expect(formatReport(unknown, { all: false })).to.contain(
      `GetMember ${OTHER}: not a member of the caller here`,
    );
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 2, get: 2, writes: 0 });
  });

  describe("AccessDenied on each call gives its hint", () => {
    it("macie2:ListMembers: named, why the policy needs it, the statement to add; GetMember of --member still read", async () => {
      emu.addFault({ kind: "403", operation: "ListMembers" });
      const report = await run({ member: "100000000001" });
      expect(report.verdict).to.equal("blocked");
      const problem = only(report);
      expect(problem).to.include({
        kind: "denied",
        operation: "ListMembers",
        action: "macie2:ListMembers",
        region: EAST,
      });
      expect(describeProblem(problem))
        .to.contain("AccessDeniedException")
        .and.contain(WHY_NEEDED.ListMembers);
      expect(statementFor(report.problems)).to.deep.equal({
        Effect: "Allow",
        Action: ["macie2:ListMembers"],
        Resource: "*",
      });
      expect(report.regions[0].administrator).to.equal("yes"); // from GetMember
      expect(calls(emu)).to.deep.equal({ sts: 1, list: 1, get: 1, writes: 0 });
      const text = formatReport(report, { all: false });
      expect(text).to.contain('"Action": ["macie2:ListMembers"]').and.contain("blocked (exit 1)");
    });

    it("macie2:GetMember: named, why every operation needs it, the statement to add; the listing still counted", async () => {
      emu.addFault({ kind: "403", operation: "GetMember" });
      const report = await run();
      expect(report.verdict).to.equal("blocked");
      const problem = only(report);
      expect(problem).to.include({ kind: "denied", action: "macie2:GetMember", accountId: "100000000001" });
      expect(describeProblem(problem)).to.contain(WHY_NEEDED.GetMember);
      expect(statementFor(report.problems)).to.deep.equal({
        Effect: "Allow",
        Action: ["macie2:GetMember"],
        Resource: "*",
      });
      // The listed members name the administrator, so the check does not depend on GetMember.
      expect(report.regions[0].administrator).to.equal("yes");
      expect(report.regions[0].listing?.members).to.equal(3);
      expect(calls(emu)).to.deep.equal({ sts: 1, list: 1, get: 1, writes: 0 });
    });

    describe("sts:GetCallerIdentity (STS mocked; Macie on the emulator)", () => {
      let sts: AwsClientStub<STSClient>;
      beforeEach(() => (sts = mockClient(STSClient)));
      afterEach(() => {
        expectRequestsInModel(sts, stsModel);
        sts.restore();
      });
      const denied = (message: string) =>
        new STSServiceException({
          name: "AccessDenied",
          $fault: "client",
          message,
          $metadata: { httpStatusCode: 403, requestId: "sts-1" },
        });

      it("named, with why refresh needs it and that an explicit deny is in the way; Macie still checked", async () => {
        sts
          .on(GetCallerIdentityCommand)
          .rejects(
            denied(
              "User: arn:aws:iam::999999999999:user/ci is not authorized to perform: sts:GetCallerIdentity with an explicit deny in a service control policy",
            ),
          );
        const report = await run();
        expect(report.caller).to.equal(undefined);
        expect(report.verdict).to.equal("blocked");
        const problem = only(report);
        expect(problem).to.include({ kind: "denied", action: "sts:GetCallerIdentity" });
        expect(describeProblem(problem))
          .to.contain(WHY_NEEDED.GetCallerIdentity)
          .and.contain("explicit deny: no Allow overrides it");
        expect(statementFor(report.problems)).to.deep.equal({
          Effect: "Allow",
          Action: ["sts:GetCallerIdentity"],
          Resource: "*",
        });
        expect(report.regions[0].administrator).to.equal("unknown");
        expect(sts.commandCalls(GetCallerIdentityCommand)).to.have.length(1);
        expect(calls(emu)).to.deep.equal({ sts: 0, list: 1, get: 1, writes: 0 });
      });

      it("all three denied: one statement with the three actions, sorted", async () => {
        sts.on(GetCallerIdentityCommand).rejects(denied("not authorized to perform: sts:GetCallerIdentity"));
        emu.addFault({ kind: "403", operation: "ListMembers" });
        emu.addFault({ kind: "403", operation: "GetMember" });
        const report = await run({ member: "100000000001" });
        expect(report.problems.map((p) => p.action)).to.deep.equal([
          "sts:GetCallerIdentity",
          "macie2:ListMembers",
          "macie2:GetMember",
        ]);
        expect(statementFor(report.problems)).to.deep.equal({
          Effect: "Allow",
          Action: ["macie2:GetMember", "macie2:ListMembers", "sts:GetCallerIdentity"],
          Resource: "*",
        });
        expect(calls(emu)).to.deep.equal({ sts: 0, list: 1, get: 1, writes: 0 });
      });
    });
  });

  it("Macie not enabled for the caller (an AccessDeniedException too) is told apart from an IAM denial: no statement", async () => {
    emu.addFault({ kind: "not-enabled", operation: "ListMembers" });
    const report = await run();
    expect(only(report)).to.include({ kind: "not-enabled", operation: "ListMembers" });
    expect(statementFor(report.problems)).to.equal(undefined);
    expect(describeProblem(report.problems[0])).to.contain(
      "Macie is not enabled for the caller's account in this region",
    );
    expect(report.verdict).to.equal("blocked");
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 1, get: 0, writes: 0 });
  });

  it("another account is the administrator: blocked, naming both accounts", async () => {
    emu.setCallers({ accounts: { [DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID]: OTHER }, enforce: false });
    const report = await run();
    expect(report.caller).to.equal(OTHER);
    expect(report.regions[0]).to.include({ administrator: "no", administratorSeen: emu.adminAccountId });
    expect(report.verdict).to.equal("blocked");
    expect(formatReport(report, { all: false })).to.contain(
      `Macie administrator: no: Macie names ${emu.adminAccountId}, the caller is ${OTHER}`,
    );
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 1, get: 1, writes: 0 });
  });

  it("a stranger's credentials (the wrong AWS_PROFILE): an empty listing is not confirmed; --member blocks", async () => {
    emu.setCallers({ accounts: { [DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID]: OTHER } });
    const empty = await run();
    expect(empty.regions[0]).to.include({ administrator: "unknown" });
    expect(empty.regions[0].listing?.members).to.equal(0);
    expect(empty.verdict).to.equal("inconclusive");
    expect(formatReport(empty, { all: false }))
      .to.contain("--member ACCOUNT names one to read")
      .and.contain("inconclusive (exit 3)");

    const named = await run({ member: "100000000001" });
    expect(only(named)).to.include({ kind: "not-member", accountId: "100000000001" });
    expect(named.verdict).to.equal("blocked");
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 2, get: 1, writes: 0 });
  });

  it("credentials STS refuses: one problem, and no Macie call that would fail the same way", async () => {
    emu.checkSignatures({}); // no key is known
    const report = await run({ regions: [EAST, WEST] });
    expect(only(report)).to.include({ kind: "credentials", operation: "GetCallerIdentity" });
    expect(report.problems[0].answer).to.contain("InvalidClientTokenId");
    expect(report.verdict).to.equal("blocked");
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 0, get: 0, writes: 0 });
  });

  it("a call that keeps failing otherwise (throttled past the retry bound) is inconclusive, not blocked", async () => {
    on({ maxAttempts: 2 });
    emu.addFault({ kind: "429", operation: "ListMembers", times: "always" });
    const report = await run({ member: "100000000001" });
    expect(only(report)).to.include({ kind: "failed", operation: "ListMembers" });
    expect(report.problems[0].answer).to.match(
      /^ThrottlingException: .*, after 2 attempts\. Gave up: the limit is 2 failed attempts/,
    );
    expect(statementFor(report.problems)).to.equal(undefined);
    expect(report.verdict).to.equal("inconclusive");
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 2, get: 1, writes: 0 });
  });

  it("docs/operations.md's sample is what it prints (emulator, ListMembers denied in eu-west-1); it and README document every exit code", async () => {
    const operations = readFileSync(path.join(ROOT, "docs/operations.md"), "utf8");
    const heading = "## Preflight: check the credentials before `pulumi up`";
    expect(operations, "docs/operations.md's preflight section").to.contain(heading);
    const section = operations.slice(
      operations.indexOf(heading),
      operations.indexOf("\n## ", operations.indexOf(heading) + 1),
    );
    const sample = /```\n(macie-preflight: [\s\S]*?)\n```/.exec(section)?.[1];
    expect(sample, "docs/operations.md's sample output").to.be.a("string");
    emu.reset();
    emu.seed([
      ...["111111111111", "222222222222", "333333333333"].map((accountId, i) => ({
        accountId,
        relationshipStatus: ["Enabled", "Paused", "Invited"][i],
        region: EAST,
      })),
      ...["444444444444", "555555555555"].map((accountId) => ({ accountId, region: WEST })),
    ]);
    emu.addFault({ kind: "403", operation: "ListMembers", after: 1 });
    const text = formatReport(await run({ regions: [EAST, WEST] }), { all: false });
    const same = (t: string) => t.replace(/\(request id [^)]*\)/g, "(request id …)");
    expect(same(text)).to.equal(same(sample!.replaceAll("123456789012", emu.adminAccountId)));
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
    for (const [verdict, code] of Object.entries(EXIT_CODES)) {
      expect(section, verdict).to.match(
        new RegExp(`^\\| ${code} +\\| ${verdict === "usage" ? "a bad flag" : verdict}`, "m"),
      );
      expect(readme, `README: ${verdict}`).to.contain(
        `${code} ${verdict === "usage" ? "on a bad flag" : `when ${verdict}`}`,
      );
    }
  });

  it("prints no credential and no absolute path", async () => {
    emu.addFault({ kind: "403", operation: "GetMember" });
    const text = formatReport(await run({ regions: [EAST, WEST] }), { all: false });
    for (const secret of [
      DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
      DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
      ROOT,
      tmpdir(),
    ])
      expect(text).to.not.contain(secret);
  });
});

describe("macie-preflight's flags: refused before any AWS call, naming the flag, the value and what is allowed", () => {
  it("takes --region (repeated), --all, --member and --help", () => {
    expect(
      parsePreflightArgs(["--region", EAST, "--region=eu-west-1", "--all", "--member", OTHER]),
    ).to.deep.equal({
      regions: [EAST, WEST],
      all: true,
      member: OTHER,
      help: false,
    });
    expect(parsePreflightArgs([])).to.deep.equal({ regions: [], all: false, help: false });
    expect(parsePreflightArgs(["--help"]).help).to.equal(true);
  });

  const refusals: [string[], RegExp][] = [
    [
      ["--regoin", EAST],
      /^--regoin is not an option \(did you mean --region\?\); the options are --region, --all, --member, --help$/,
    ],
    [["-r", EAST], /^-r is not an option/],
    [
      ["--region", "us-east"],
      /^--region: region must look like an AWS region such as "us-east-1".*; got "us-east"/,
    ],
    [["--region", "us-east-1,eu-west-1"], /one region per --region; repeat the flag/],
    [["--region", EAST, "--region", EAST], /--region us-east-1 is given twice/],
    [["--region"], /^--region needs a value: R/],
    [["--region", "--all"], /^--region needs a value/],
    [["--member", "12345"], /^--member must be a 12-digit account id, e\.g\. 123456789012; got "12345"$/],
    [["--member", OTHER, "--member", OTHER], /--member is given twice/],
    [["--all=yes"], /^--all takes no value; got "yes"$/],
    [["us-east-1"], /^unexpected argument "us-east-1": macie-preflight takes only the options/],
  ];
  for (const [args, message] of refusals)
    it(`refuses ${args.join(" ")}`, () => {
      expect(() => parsePreflightArgs(args))
        .to.throw(message)
        .with.property("name", "UsageError");
    });

  it("--help names every flag and every exit code", () => {
    const help = preflightHelp();
    for (const flag of PREFLIGHT_FLAGS) expect(help).to.contain(`--${flag.name}`);
    for (const code of Object.values(EXIT_CODES)) expect(help).to.match(new RegExp(`^  ${code}  `, "m"));
  });
});

describe("the macie-preflight bin (dist/provider/preflight-cli.js) as a child process", () => {
  let emu: MacieEmulator;
  // An empty home: no shared config or credentials of this machine reaches the child.
  const home = mkdtempSync(path.join(tmpdir(), "macie-preflight-home-"));

  /** Runs the bin with the emulator's endpoints and dummy keys in the child's environment only. */
  function bin(
    args: string[],
    extra: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; out: string; err: string }> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...DUMMY_CREDENTIALS,
      ...emulatorEnv(emu),
      ...extra,
    };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
  }

  beforeEach(async () => {
    emu = await emulator();
    seed(emu);
  });

  it("ready: prints the report and exits 0, with exactly 1 STS, 1 ListMembers and 1 GetMember a region and no write", async () => {
    const { code, out, err } = await bin(["--region", EAST, "--region", WEST]);
    expect(err).to.equal("");
    expect(code, out).to.equal(EXIT_CODES.ready);
    expect(out).to.contain(`caller account: ${emu.adminAccountId}`);
    expect(out).to.contain("Enabled 1, Paused 1, Invited 1");
    expect(out).to.contain(`${WEST}\n  ListMembers: 1 member on the first page`);
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 2, get: 2, writes: 0 });
    for (const secret of [
      DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
      DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
      ROOT,
      home,
    ])
      expect(out).to.not.contain(secret);
  });

  it("the region from AWS_REGION when no --region is given; a denial exits 1 with the statement", async () => {
    emu.addFault({ kind: "403", operation: "GetMember" });
    const { code, out } = await bin([], { AWS_REGION: EAST });
    expect(code, out).to.equal(EXIT_CODES.blocked);
    expect(out).to.contain(`${EAST}\n  ListMembers: 3 members`);
    expect(out).to.contain('"Action": ["macie2:GetMember"]');
    expect(calls(emu)).to.deep.equal({ sts: 1, list: 1, get: 1, writes: 0 });
  });

  it("a bad flag, or no region anywhere: exit 2, the message on stderr, no AWS call at all", async () => {
    const bad = await bin(["--region", "mars-1"]);
    expect(bad.code).to.equal(EXIT_CODES.usage);
    expect(bad.out).to.equal("");
    expect(bad.err).to.match(/^macie-preflight: --region: region must look like an AWS region.*got "mars-1"/);
    const none = await bin([]);
    expect(none.code).to.equal(EXIT_CODES.usage);
    expect(none.err).to.contain("no region: pass --region R");
    expect(calls(emu)).to.deep.equal({ sts: 0, list: 0, get: 0, writes: 0 });
  });
});
