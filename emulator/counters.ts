// What the emulator counts, so tests can assert exact numbers: calls and answers per operation,
// writes that changed a status, throttles, unsigned calls, clients, access keys and STS calls.
import { OPERATIONS, type Operation } from "./routes";

export interface OperationCounts {
  calls: number;
  /**
   * Every call counted once, under its answer: the HTTP status (e.g. {"200": 3, "429": 1}), or how
   * it went wrong: "dropped", "held", "stalled", "malformed", "cut-short", "repeat-token", "omit-member", "duplicate-member", "stale"
   * (a read that showed a status the member no longer has) or "stranger" (a caller that is not
   * the administrator, with caller checks on).
   */
  answers: Record<string, number>;
}

export interface Counters {
  operations: Record<Operation, OperationCounts>;
  /** UpdateMemberSession calls that changed a status. */
  writesApplied: number;
  /** The same, per "region/accountId". */
  writesByMember: Record<string, number>;
  throttled: number;
  unsigned: number;
  /** Calls refused because their signature did not check out (signature checks on); also counted as "403". */
  badSignatures: number;
  /** Calls per client, by the pulumi-macie-member-status/<version> token of the user agent ("other" without one). */
  clients: Record<string, number>;
  /** Macie calls per signing access key id. */
  accessKeys: Record<string, number>;
  /**
   * STS AssumeRole calls, with whether an external id came (its value is not kept) and the access
   * key id that signed the call (a role chain's second link is signed with the first link's key).
   */
  assumeRole: { roleArn: string; sessionName: string; externalId: boolean; ok: boolean; signedBy: string }[];
  /** STS calls by Action (AssumeRole, GetCallerIdentity, ...). */
  sts: Record<string, number>;
  /**
   * Requests (Macie and STS) refused because they break AWS's published API model (model/), with
   * the ValidationException message each got. A client that follows the model never adds one.
   */
  modelViolations: { operation: string; message: string }[];
}

export function emptyCounters(): Counters {
  const operations = Object.fromEntries(OPERATIONS.map((op) => [op, { calls: 0, answers: {} }])) as Record<
    Operation,
    OperationCounts
  >;
  return {
    operations,
    writesApplied: 0,
    writesByMember: {},
    throttled: 0,
    unsigned: 0,
    badSignatures: 0,
    clients: {},
    accessKeys: {},
    assumeRole: [],
    sts: {},
    modelViolations: [],
  };
}

/** Adds one to `key` of a tally. */
export function tally(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
