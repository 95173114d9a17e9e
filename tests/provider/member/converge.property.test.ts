// Property tests of create/update, read and delete against a model of one Macie member: random
// sequences of faults (409, 429, 500, latency, a connection dropped before or after the write was
// applied, an answer that never comes, a malformed 200), stale reads after a write (Macie's reads
// are eventually consistent) and out-of-band status changes, with a clock whose sleeps pass at once.
import {
  ConflictException,
  GetMemberCommand,
  InternalServerException,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateMemberSessionCommand,
  ValidationException,
} from "@aws-sdk/client-macie2";
import { expect } from "chai";
import fc from "fast-check";
import { MacieOperationError, MemberStateError } from "../../../provider/aws/errors";
import { MemberStatusProvider } from "../../../provider/lifecycle/provider";
import { memberContext } from "../../../provider/lifecycle/member-context";
import { confirmWrite, writeFromListing, type ConvergeResult } from "../../../provider/member/converge";
import { resolveSettings } from "../../../provider/config/settings";
import { timeoutError } from "../../../provider/aws/client";
import { awsError, mockRuntime, networkError } from "../../support/macie-mock";
import { ManualClock } from "../../support/manual-clock";

const ACCOUNT = "777788889999";
const REGION = "eu-west-1";
const STATUSES = [
  "Enabled",
  "Paused",
  "Invited",
  "Created",
  "AccountSuspended",
  "RegionDisabled",
  "Removed",
  "Resigned",
];

/** hang: no answer within the request timeout (hang-after: the write was applied). malformed: a 200 without relationshipStatus. */
type Fault = "409" | "429" | "500" | "drop-before" | "drop-after" | "hang" | "hang-after" | "malformed";
type Event =
  | { kind: "ok" }
  | { kind: "fault"; fault: Fault }
  | { kind: "latency"; ms: number }
  | { kind: "oob"; status: string };

interface Call {
  op: "Get" | "Update";
  ok: boolean;
  /** What a successful Get showed. */
  seen?: string;
  /** The status the member had when the call was answered. */
  after: string;
}

/** One member as Macie keeps it, answering calls as the script says. */
class ModelMember {
  readonly calls: Call[] = [];
  /** Writes that changed the status, and reads still owed the status before the last write. */
  changes = 0;
  private stale: { status: string; reads: number } | undefined;
  constructor(
    public status: string,
    private readonly script: Event[],
    private readonly clock: ManualClock,
    private readonly staleReads = 0,
    private readonly requestTimeoutMs = 30_000,
  ) {}

  // The provider only ever sends these two commands; `unknown` keeps the model free of SDK generics.
  send(command: unknown): Promise<unknown> {
    const event = this.script.shift() ?? { kind: "ok" };
    if (event.kind === "oob") this.status = event.status;
    if (event.kind === "latency") this.clock.advance(event.ms);
    const fault = event.kind === "fault" ? event.fault : undefined;
    // The client's deadline: the call is abandoned after the request timeout.
    if (fault === "hang" || fault === "hang-after") this.clock.advance(this.requestTimeoutMs);
    if (command instanceof GetMemberCommand) return this.get(fault);
    if (command instanceof UpdateMemberSessionCommand)
      return this.update(String(command.input.status), fault);
    throw new Error("unexpected command");
  }

  private record(op: Call["op"], ok: boolean, seen?: string): void {
    this.calls.push({ op, ok, seen, after: this.status });
  }

  private get(fault: Fault | undefined): Promise<unknown> {
    if (fault === "malformed") {
      this.record("Get", false);
      return Promise.resolve({ $metadata: {}, accountId: ACCOUNT });
    }
    if (fault) {
      this.record("Get", false);
      return Promise.reject(errorFor(fault));
    }
    if (this.stale && this.stale.reads > 0) {
      this.stale.reads -= 1;
      this.record("Get", true, this.stale.status);
      return Promise.resolve({ $metadata: {}, accountId: ACCOUNT, relationshipStatus: this.stale.status });
    }
    if (this.status === "NotFound") {
      this.record("Get", false);
      return Promise.reject(awsError(ResourceNotFoundException, "not found", 404));
    }
    this.record("Get", true, this.status);
    return Promise.resolve({ $metadata: {}, accountId: ACCOUNT, relationshipStatus: this.status });
  }

  private update(status: string, fault: Fault | undefined): Promise<unknown> {
    if (fault === "malformed") fault = undefined; // UpdateMemberSession's answer has no body to get wrong
    const applied = fault === "drop-after" || fault === "hang-after";
    if (fault && !applied) {
      this.record("Update", false);
      return Promise.reject(errorFor(fault));
    }
    if (this.status !== "Enabled" && this.status !== "Paused") {
      this.record("Update", false);
      return Promise.reject(
        awsError(ValidationException, "The account is not associated with your account.", 400),
      );
    }
    const next = status === "ENABLED" ? "Enabled" : "Paused";
    if (next !== this.status) {
      this.changes += 1;
      if (this.staleReads > 0) this.stale = { status: this.status, reads: this.staleReads };
    }
    this.status = next;
    this.record("Update", !fault);
    return fault ? Promise.reject(errorFor(fault)) : Promise.resolve({ $metadata: {} });
  }
}

function errorFor(fault: Fault): Error {
  switch (fault) {
    case "409":
      return awsError(ConflictException, "busy", 409);
    case "429":
      return awsError(ThrottlingException, "Rate exceeded", 429);
    case "500":
      return awsError(InternalServerException, "oops", 500);
    case "hang":
    case "hang-after":
      return timeoutError("http://macie.test", 1000);
    default:
      return networkError("ECONNRESET");
  }
}

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Event>({ kind: "ok" }) },
  {
    weight: 4,
    arbitrary: fc
      .constantFrom<Fault>(
        "409",
        "429",
        "500",
        "drop-before",
        "drop-after",
        "hang",
        "hang-after",
        "malformed",
      )
      .map((fault): Event => ({ kind: "fault", fault })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((ms): Event => ({ kind: "latency", ms })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...STATUSES, "NotFound").map((status): Event => ({ kind: "oob", status })),
  },
);

const scenario = fc.record({
  initial: fc.constantFrom(...STATUSES, "NotFound"),
  desired: fc.constantFrom<"ENABLED" | "PAUSED">("ENABLED", "PAUSED"),
  script: fc.array(event, { maxLength: 25 }),
  maxAttempts: fc.integer({ min: 1, max: 8 }),
  maxRetrySeconds: fc.integer({ min: 1, max: 120 }),
  waitTimeoutSeconds: fc.integer({ min: 1, max: 30 }),
  requestTimeoutSeconds: fc.integer({ min: 1, max: 30 }),
  /** Reads that still show the old status after a write that changed it. */
  staleReads: fc.integer({ min: 0, max: 3 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const RUNS = 400;

function setup(s: Scenario) {
  const clock = new ManualClock();
  const model = new ModelMember(
    s.initial,
    [...s.script],
    clock,
    s.staleReads,
    s.requestTimeoutSeconds * 1000,
  );
  const settings = {
    ...resolveSettings({}, {}),
    maxAttempts: s.maxAttempts,
    maxRetrySeconds: s.maxRetrySeconds,
    waitTimeoutSeconds: s.waitTimeoutSeconds,
    requestTimeoutSeconds: s.requestTimeoutSeconds,
  };
  const runtime = mockRuntime(model, clock, settings);
  return { clock, model, runtime, provider: new MemberStatusProvider(runtime) };
}

const inputs = (status: string, statusOnDelete = "ENABLED") => ({
  accountId: ACCOUNT,
  status,
  region: REGION,
  statusOnDelete,
});
const relationshipOf = (desired: string) => (desired === "ENABLED" ? "Enabled" : "Paused");

/** Invariants on the calls made, whatever the outcome. */
function checkCalls(model: ModelMember, desired: string, s: Scenario, clock: ManualClock): void {
  const calls = model.calls;
  let lastSeen: string | undefined;
  let readSinceFailedWrite = true;
  for (const call of calls) {
    if (call.op === "Get" && call.ok) {
      lastSeen = call.seen;
      readSinceFailedWrite = true;
    }
    if (call.op === "Update") {
      // Never write when the last read already showed the desired status (or showed nothing).
      expect(lastSeen, "a write must follow a read").to.not.equal(undefined);
      expect(lastSeen, "never write when the member already has the desired status").to.not.equal(
        relationshipOf(desired),
      );
      expect(["Enabled", "Paused"], "never write to a member that is neither Enabled nor Paused").to.include(
        lastSeen,
      );
      // After a failed (possibly ambiguous) write, read back before writing again.
      expect(readSinceFailedWrite, "read back after a failed write before writing again").to.equal(true);
      if (!call.ok) readSinceFailedWrite = false;
    }
  }
  const failures = calls.filter((c) => !c.ok).length;
  expect(failures, "failed calls within maxAttempts").to.be.at.most(s.maxAttempts);
  const latency = s.script.reduce((sum, e) => sum + (e.kind === "latency" ? e.ms : 0), 0);
  // Retrying stops before maxRetrySeconds would pass, and waiting at waitTimeoutSeconds; a call
  // already sent when either runs out may still take its whole request timeout.
  expect(clock.now(), "time within the retry, wait and request bounds").to.be.at.most(
    (s.maxRetrySeconds + s.waitTimeoutSeconds + s.requestTimeoutSeconds) * 1000 + latency,
  );
  // A write changes the status at most once per change asked for: only someone else's change
  // (out of band) can call for another.
  const outOfBand = s.script.filter((e) => e.kind === "oob").length;
  expect(model.changes, "status-changing writes").to.be.at.most(1 + outOfBand);
}

function isClearError(error: unknown): boolean {
  return (
    (error instanceof MacieOperationError || error instanceof MemberStateError) &&
    error.message.includes(ACCOUNT)
  );
}

describe("properties of the converge loop against a model member", () => {
  it(`create ends at the desired status or fails clearly, within its bounds (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { clock, model, provider } = setup(s);
        try {
          const result = await provider.create(inputs(s.desired));
          expect(model.status, "success means the member is at the desired status").to.equal(
            relationshipOf(s.desired),
          );
          expect(result.outs).to.include({
            status: s.desired,
            relationshipStatus: relationshipOf(s.desired),
          });
        } catch (error) {
          expect(isClearError(error), String(error)).to.equal(true);
        }
        checkCalls(model, s.desired, s, clock);
      }),
      { numRuns: RUNS },
    );
  });

  it(`update (a status change in place) holds the same invariants as create (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { clock, model, provider } = setup(s);
        const other = s.desired === "ENABLED" ? "PAUSED" : "ENABLED";
        try {
          const result = await provider.update(ACCOUNT, inputs(other), inputs(s.desired));
          expect(model.status).to.equal(relationshipOf(s.desired));
          expect(result.outs).to.include({ status: s.desired });
        } catch (error) {
          expect(isClearError(error), String(error)).to.equal(true);
        }
        checkCalls(model, s.desired, s, clock);
      }),
      { numRuns: RUNS },
    );
  });

  it(`read reports exactly what Macie showed, and never ENABLED for another status (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { model, provider } = setup(s);
        try {
          const result = await provider.read(ACCOUNT, inputs(s.desired));
          const seen = model.calls.filter((c) => c.op === "Get" && c.ok).pop()?.seen;
          if (seen === undefined || seen === "Removed" || seen === "Resigned") {
            expect(result).to.deep.equal({});
          } else {
            const expected = seen === "Enabled" ? "ENABLED" : seen === "Paused" ? "PAUSED" : undefined;
            expect(result.props?.status).to.equal(expected);
            expect(result.props?.relationshipStatus).to.equal(seen);
          }
        } catch (error) {
          expect(isClearError(error), String(error)).to.equal(true);
        }
        expect(model.calls.every((c) => c.op === "Get")).to.equal(true);
      }),
      { numRuns: RUNS },
    );
  });

  it(`delete leaves statusOnDelete behind, or the member gone or suspended by AWS, or fails clearly (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { clock, model, provider } = setup(s);
        try {
          await provider.delete(ACCOUNT, inputs("ENABLED", s.desired));
          const gone =
            ["Removed", "Resigned", "NotFound"].includes(model.status) ||
            model.calls.some(
              (c) => c.op === "Update" && !c.ok && c.after !== "Enabled" && c.after !== "Paused",
            );
          // Nothing can be written to a suspended member: delete ends without a write (checkCalls).
          const suspended = ["AccountSuspended", "RegionDisabled"].includes(model.status);
          if (!gone && !suspended) expect(model.status).to.equal(relationshipOf(s.desired));
        } catch (error) {
          expect(isClearError(error), String(error)).to.equal(true);
        }
        checkCalls(model, s.desired, s, clock);
      }),
      { numRuns: RUNS },
    );
  });

  it("a lost write answer followed by stale reads costs exactly one write, not two (200 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          desired: fc.constantFrom<"ENABLED" | "PAUSED">("ENABLED", "PAUSED"),
          lost: fc.constantFrom<Fault>("drop-after", "hang-after"),
          staleReads: fc.integer({ min: 1, max: 3 }),
          waitTimeoutSeconds: fc.integer({ min: 5, max: 30 }),
        }),
        async ({ desired, lost, staleReads, waitTimeoutSeconds }) => {
          const clock = new ManualClock();
          const initial = desired === "ENABLED" ? "Paused" : "Enabled";
          // The first read is answered; the write lands but its answer is lost; reads then lag.
          const script: Event[] = [{ kind: "ok" }, { kind: "fault", fault: lost }];
          const model = new ModelMember(initial, script, clock, staleReads, 1_000);
          const settings = { ...resolveSettings({}, {}), waitTimeoutSeconds, requestTimeoutSeconds: 1 };
          const provider = new MemberStatusProvider(mockRuntime(model, clock, settings));
          await provider.create(inputs(desired));
          expect(model.calls.filter((c) => c.op === "Update")).to.have.length(1);
          expect(model.status).to.equal(relationshipOf(desired));
        },
      ),
      { numRuns: 200 },
    );
  });

  it(`a write decided on a listing, then verified: the declared status or a clear outcome, never a second write on the listing's word (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { model, runtime } = setup(s);
        // The listing showed the other status; Macie may show anything by now (s.initial).
        const listed = s.desired === "ENABLED" ? "Paused" : "Enabled";
        const ctx = () => memberContext(runtime, ACCOUNT, REGION);
        let result: ConvergeResult | undefined;
        try {
          const sent = await writeFromListing(ctx(), s.desired, {
            accountId: ACCOUNT,
            relationshipStatus: listed,
          });
          result = sent.kind === "sent" ? await confirmWrite(ctx(), s.desired, sent) : sent;
        } catch (error) {
          expect(isClearError(error), String(error)).to.equal(true);
        }
        if (result?.kind === "converged") expect(model.status).to.equal(relationshipOf(s.desired));
        // The first write follows the listing; every later one a read (checkCalls' rules after it).
        const writes = model.calls.filter((c) => c.op === "Update");
        const [first] = model.calls;
        if (first !== undefined)
          expect(first.op, "the listing decides the first call: a write").to.equal("Update");
        let lastSeen: string | undefined = listed;
        let readSinceFailedWrite = true;
        for (const call of model.calls) {
          if (call.op === "Get" && call.ok) [lastSeen, readSinceFailedWrite] = [call.seen, true];
          if (call.op !== "Update") continue;
          expect(lastSeen, "never write when the last read showed the desired status").to.not.equal(
            relationshipOf(s.desired),
          );
          expect(readSinceFailedWrite, "read back after a failed write before writing again").to.equal(true);
          if (!call.ok) readSinceFailedWrite = false;
        }
        const outOfBand = s.script.filter((e) => e.kind === "oob").length;
        expect(model.changes, "status-changing writes").to.be.at.most(1 + outOfBand);
        expect(writes.length, "writes").to.be.at.most(s.maxAttempts + 1);
      }),
      { numRuns: RUNS },
    );
  });
});
