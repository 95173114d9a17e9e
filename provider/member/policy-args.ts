// MacieMemberStatusPolicy's arguments: validated in full before anything is listed or declared,
// with every problem named (field, value, what is allowed) in one error; and, once the members
// are known, the status each (region, member) should have.
import { DESIRED_STATUSES, STATUSES_ON_DELETE, type DesiredStatus, type StatusOnDelete } from "./types";
import { ACCOUNT_ID, checkRegion, describeName, describeValue, quoteAll } from "./validate";
import { ProgramError } from "../aws/run-error";

/** An account's status everywhere, or per region (regions left out get `defaultStatus`). */
export type StatusOverride = DesiredStatus | Record<string, DesiredStatus>;

export interface PolicyArgs {
  /** The regions whose members the policy holds; at least one, no duplicates. */
  regions: string[];
  /** The status of every member no override names. */
  defaultStatus: DesiredStatus;
  /** Account id → status, everywhere or per region. Each account must be a member. */
  overrides?: Record<string, StatusOverride>;
  /** Account ids left unmanaged in every region. */
  exclude?: string[];
  /** What releasing a member (excluded, its region dropped, or the policy destroyed) leaves behind. */
  statusOnDelete?: StatusOnDelete;
  /**
   * Members whose status one run may change per region, checked against the listing when the
   * program runs (`pulumi preview` included), before anything is declared. A whole number ≥ 1.
   * Default: the stack's macie:maxChangesPerRun, if set; with both, the lower one applies (the
   * provider enforces macie:maxChangesPerRun on every write, whatever the policy allows).
   */
  maxChanges?: number;
}

/** Every argument the policy takes; anything else is refused with the closest of these. */
export const POLICY_ARGUMENTS: readonly (keyof PolicyArgs)[] = [
  "regions",
  "defaultStatus",
  "overrides",
  "exclude",
  "statusOnDelete",
  "maxChanges",
];

/** MacieMemberStatusPolicy's arguments are wrong: every problem found, each naming field, value and what is allowed. */
// A RunError: the CLI prints its message alone, without "unhandled exception" and stack frames.
export class PolicyArgsError extends ProgramError {
  /** Always "PolicyArgsError". */
  override readonly name = "PolicyArgsError";
  /** @param problems one sentence per problem. @param resourceName the policy's name. */
  constructor(
    /** One sentence per problem. */
    readonly problems: string[],
    resourceName: string,
  ) {
    super(`MacieMemberStatusPolicy ${JSON.stringify(resourceName)}: ${problems.join("; ")}`);
  }
}

const STATUS_WORDS = quoteAll(DESIRED_STATUSES);

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

function regionProblems(regions: unknown): string[] {
  if (!Array.isArray(regions) || regions.length === 0)
    return [
      `regions must be a non-empty list of AWS regions, e.g. ["us-east-1"]; got ${describeValue(regions)}`,
    ];
  const problems = regions.flatMap((r: unknown, i) => {
    const why = checkRegion(r);
    return why ? [`regions[${i}]: ${why}`] : [];
  });
  for (const d of duplicates(regions.filter((r): r is string => typeof r === "string")))
    problems.push(`regions lists ${JSON.stringify(d)} more than once`);
  return problems;
}

function overrideProblems(overrides: unknown, regions: string[]): string[] {
  if (overrides === undefined) return [];
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides))
    return [`overrides must be an object of account id → status; got ${describeValue(overrides)}`];
  return Object.entries(overrides).flatMap(([account, value]) => {
    const field = `overrides[${describeName(account)}]`;
    const problems = ACCOUNT_ID.test(account)
      ? []
      : [`${field}: an account id must be exactly 12 digits; got ${describeValue(account)}`];
    if (DESIRED_STATUSES.includes(value as DesiredStatus)) return problems;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return [
        ...problems,
        `${field} must be ${STATUS_WORDS}, or an object of region → status; got ${describeValue(value)}`,
      ];
    for (const [region, status] of Object.entries(value as Record<string, unknown>)) {
      if (!regions.includes(region))
        problems.push(
          `${field}[${describeName(region)}]: the region is not one of regions (${regions.join(", ")})`,
        );
      if (!DESIRED_STATUSES.includes(status as DesiredStatus))
        problems.push(
          `${field}[${describeName(region)}] must be ${STATUS_WORDS}; got ${describeValue(status)}`,
        );
    }
    return problems;
  });
}

function excludeProblems(exclude: unknown, overrides: unknown): string[] {
  if (exclude === undefined) return [];
  if (!Array.isArray(exclude))
    return [`exclude must be a list of 12-digit account ids; got ${describeValue(exclude)}`];
  const problems = exclude.flatMap((a: unknown, i) =>
    typeof a === "string" && ACCOUNT_ID.test(a)
      ? []
      : [`exclude[${i}]: an account id must be exactly 12 digits; got ${describeValue(a)}`],
  );
  const ids = exclude.filter((a): a is string => typeof a === "string");
  for (const d of duplicates(ids)) problems.push(`exclude lists ${JSON.stringify(d)} more than once`);
  const overridden = typeof overrides === "object" && overrides !== null ? Object.keys(overrides) : [];
  for (const a of ids.filter((id) => overridden.includes(id)))
    problems.push(
      `${JSON.stringify(a)} is both in exclude and in overrides: an account is either managed or not`,
    );
  return problems;
}

/** Every problem with the arguments, before any AWS call; empty when they are good. */
export function policyArgsProblems(args: PolicyArgs): string[] {
  const problems = regionProblems(args.regions);
  const regions = Array.isArray(args.regions) ? args.regions : [];
  if (!DESIRED_STATUSES.includes(args.defaultStatus))
    problems.push(`defaultStatus must be ${STATUS_WORDS}; got ${describeValue(args.defaultStatus)}`);
  problems.push(...overrideProblems(args.overrides, regions));
  problems.push(...excludeProblems(args.exclude, args.overrides));
  if (args.statusOnDelete !== undefined && !STATUSES_ON_DELETE.includes(args.statusOnDelete))
    problems.push(
      `statusOnDelete must be ${STATUSES_ON_DELETE.map((s) => JSON.stringify(s)).join(", ")}, or left out; got ${describeValue(args.statusOnDelete)}`,
    );
  if (args.maxChanges !== undefined && !(Number.isSafeInteger(args.maxChanges) && args.maxChanges >= 1))
    problems.push(
      `maxChanges must be a whole number of at least 1 (members per region and run), or left out for the stack's macie:maxChangesPerRun; got ${describeValue(args.maxChanges)}`,
    );
  return problems;
}

/** The status `accountId` should have in `region`. */
export function desiredFor(args: PolicyArgs, accountId: string, region: string): DesiredStatus {
  const override = args.overrides?.[accountId];
  if (override === undefined) return args.defaultStatus;
  if (typeof override === "string") return override;
  return override[region] ?? args.defaultStatus;
}

/**
 * Overrides that name an account which is not a member where they apply: an account-wide override
 * needs the account to be a member in at least one region, a per-region one in that region.
 */
export function overridesForNonMembers(
  args: PolicyArgs,
  membersByRegion: Map<string, Set<string>>,
): string[] {
  return Object.entries(args.overrides ?? {}).flatMap(([account, override]) => {
    const field = `overrides[${describeName(account)}]`;
    if (typeof override === "string")
      return [...membersByRegion.values()].some((m) => m.has(account))
        ? []
        : [
            `${field}: account ${account} is not a member in any of ${[...membersByRegion.keys()].join(", ")}`,
          ];
    return Object.keys(override).flatMap((region) =>
      membersByRegion.get(region)?.has(account)
        ? []
        : [`${field}[${describeName(region)}]: account ${account} is not a member in ${region}`],
    );
  });
}
