// The provider plugin's RegionPolicy (macie:index:RegionPolicy): every member of one region held at
// a status, the TypeScript MacieMemberStatusPolicy's rules for one region with the listing done
// provider-side. Its check does what the policy does when the program runs — validate the
// arguments, list the region's members (ListMembers, every page validated), plan the region
// (member/region-plan.ts), refuse a plan over the change limit — and returns the per-region
// resource's inputs (members, pending, listedAt, dropped) beside the arguments. Everything after
// check is the policy's per-region lifecycle (lifecycle/region-provider.ts), unchanged.
//   check  – validate; list the region (⌈members ÷ 25⌉ calls; none while an argument is unknown)
//   diff   – the region resource's diff, plus: an argument changed → update (recorded, no call)
//   create / update / read / delete – the region resource's, arguments kept beside its state
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { closest } from "fastest-levenshtein";
import { refuseOverLimit } from "../member/change-limit";
import { listMembers } from "../member/discover";
import { overridesForNonMembers, policyArgsProblems, type PolicyArgs } from "../member/policy-args";
import { associatedOf, planRegion } from "../member/region-plan";
import { DEFAULT_STATUS_ON_DELETE } from "../member/types";
import { isUnknown, type CheckFailure, type CheckResult } from "../member/validate";
import { RegionMembersProvider } from "../lifecycle/region-provider";
import type { Runtime } from "../lifecycle/runtime";

type Props = Record<string, unknown>;

export const REGION_POLICY_TYPE = "macie:index:RegionPolicy";

/** The arguments a RegionPolicy takes: the policy's, for one region. */
export const REGION_POLICY_ARGUMENTS = [
  "region",
  "defaultStatus",
  "overrides",
  "exclude",
  "statusOnDelete",
  "maxChanges",
] as const;
/** Arguments that are the policy's own: kept beside the region resource's state. */
const OWN = ["defaultStatus", "overrides", "exclude", "maxChanges"] as const;
/** What check adds for the region lifecycle. */
const FROM_LISTING = ["members", "pending", "listedAt", "dropped"] as const;
/** Put there by the engine or by this package. */
const RESERVED = new Set(["__accountIdSecret", "__stack", "administratorAccountId"]);

/**
 * A problem sentence of policyArgsProblems (written for the TypeScript policy's `regions`) as a
 * check failure on the argument it is about: the one it starts with, else the first it names.
 */
function failureOf(problem: string): CheckFailure {
  const text = problem.replace(/^regions\[0\]: /, "").replace(/^regions\b/, "region");
  const leading = /^[A-Za-z]+/.exec(text)?.[0];
  const named = REGION_POLICY_ARGUMENTS.map(
    (name) => [name, text.search(new RegExp(`\\b${name}\\b`))] as const,
  )
    .filter(([, at]) => at >= 0)
    .sort(([, a], [, b]) => a - b)[0]?.[0];
  const property =
    leading && (REGION_POLICY_ARGUMENTS as readonly string[]).includes(leading)
      ? leading
      : (named ?? "region");
  return { property, reason: text };
}

/** Whether `value` is unknown at preview or holds an unknown (an element of exclude, an override). */
function hasUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasUnknown);
  return false;
}

function own(props: Props): Props {
  return Object.fromEntries(OWN.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** The region resource's part of a RegionPolicy's properties. */
function regionPart(props: Props): Props {
  const { defaultStatus: _d, overrides: _o, exclude: _e, maxChanges: _m, ...rest } = props;
  return rest;
}

export class RegionPolicyProvider {
  private readonly region: RegionMembersProvider;

  constructor(
    private readonly runtime: Runtime,
    private readonly name: (urn: string) => string,
  ) {
    this.region = new RegionMembersProvider(runtime);
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
    const inputs: Props = {
      ...news,
      region: news.region ?? this.runtime.defaultRegion,
      statusOnDelete: news.statusOnDelete ?? DEFAULT_STATUS_ON_DELETE,
    };
    const unknownNames = Object.keys(news).filter(
      (k) => !(REGION_POLICY_ARGUMENTS as readonly string[]).includes(k) && !RESERVED.has(k),
    );
    const failures: CheckFailure[] = unknownNames.map((k) => ({
      property: k,
      reason:
        `${k} is not an argument of RegionPolicy (did you mean ${closest(k, [...REGION_POLICY_ARGUMENTS])}?); ` +
        `it takes ${REGION_POLICY_ARGUMENTS.join(", ")}`,
    }));
    if (inputs.region === undefined)
      failures.push({
        property: "region",
        reason:
          "region is not set and the provider has no default region: set region, the stack config macie:region, or AWS_REGION",
      });
    // Not yet known (preview, from another resource's output): nothing to check it against or list for.
    if (REGION_POLICY_ARGUMENTS.some((k) => hasUnknown(inputs[k]))) return { inputs, failures };
    const policy = { ...inputs, regions: [inputs.region] } as unknown as PolicyArgs; // checked next
    failures.push(...policyArgsProblems(policy).map(failureOf));
    if (failures.length > 0) return { inputs, failures };

    const region = inputs.region as string;
    const listedAt = new Date(this.runtime.clock.now()).toISOString();
    const { members: listed } = await listMembers(this.runtime, region);
    const nonMembers = overridesForNonMembers(policy, new Map([[region, associatedOf(listed)]]));
    if (nonMembers.length > 0) return { inputs, failures: nonMembers.map(failureOf) };
    const plan = planRegion(policy, region, listed);
    // The blast-radius guard, at preview already: nothing is written, nothing recorded.
    refuseOverLimit(
      this.name(urn),
      plan.planned,
      { maxChanges: policy.maxChanges, maxChangesPerRun: this.runtime.settings.maxChangesPerRun },
      "RegionPolicy",
    );
    const { members, pending, dropped } = plan;
    const checked = await this.region.check(regionPart(olds), {
      ...regionPart(inputs),
      members,
      pending,
      listedAt,
      dropped,
    });
    return { inputs: { ...own(inputs), ...checked.inputs }, failures: checked.failures };
  }

  async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const result = await this.region.diff(id, regionPart(olds), regionPart(news));
    if (result.changes || FROM_LISTING.some((k) => isUnknown(news[k]))) return result;
    const changed = OWN.some(
      (k) => isUnknown(news[k]) || JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
    );
    return { ...result, changes: changed };
  }

  async create(news: Props): Promise<dynamic.CreateResult> {
    const result = await withOwn(news, () => this.region.create(regionPart(news)));
    return { ...result, outs: { ...own(news), ...(result.outs as Props) } };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const result = await withOwn(news, () => this.region.update(id, regionPart(olds), regionPart(news)));
    return { outs: { ...own(news), ...(result.outs as Props) } };
  }

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    if (props.members === undefined)
      throw new Error(
        `RegionPolicy ${JSON.stringify(id)} cannot be imported: declare it instead. Its first \`pulumi up\` lists ` +
          `the region and adopts every member, writing only to those at another status than declared.`,
      );
    const result = await this.region.read(id, regionPart(props));
    return result.props === undefined ? result : { ...result, props: { ...own(props), ...result.props } };
  }

  delete(id: string, props: Props): Promise<void> {
    return this.region.delete(id, regionPart(props));
  }
}

/** Runs a create or update; a partial failure records the arguments beside what was done. */
async function withOwn<T>(news: Props, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failed = error as { properties?: unknown };
    if (typeof failed.properties === "object" && failed.properties !== null)
      failed.properties = { ...own(news), ...failed.properties };
    throw error;
  }
}
