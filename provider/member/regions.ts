// The regions that exist, as the installed AWS SDK knows them. A region that merely looks like one
// (`us-esat-1`, `eu-west-99`) would be accepted by the SDK's endpoint rules — it resolves any name
// of the right shape to a host — and a stack would then manage nothing there, silently. The SDK's
// partition data (@aws-sdk/core's `partition`, the same data its endpoint resolution uses) names
// every region AWS had launched when that SDK was released: a region it knows carries a
// description. A newer region is allowed by updating the SDK (`npm update @aws-sdk/core
// @aws-sdk/client-macie2`).
import { partition } from "@aws-sdk/core/client";
import { closest } from "fastest-levenshtein";

/** Whether the installed SDK's partition data names `region` (not just matches its pattern). */
export function isKnownRegion(region: string): boolean {
  // `description` is in the partition data but not in EndpointPartition's type.
  return (partition(region) as { description?: string }).description !== undefined;
}

// The partition data is not exported as a list, so the known regions are found by asking
// `partition` about every name of the shapes AWS uses (prefix-direction-number), once.
const PREFIXES = [
  "af",
  "ap",
  "ca",
  "cn",
  "eu",
  "il",
  "me",
  "mx",
  "sa",
  "us",
  "us-gov",
  "us-iso",
  "us-isob",
  "us-isof",
  "eu-isoe",
];
const DIRECTIONS = [
  "central",
  "east",
  "west",
  "north",
  "south",
  "northeast",
  "northwest",
  "southeast",
  "southwest",
];
let known: string[] | undefined;

/** The regions the installed SDK knows, of the shape `<prefix>-<direction>-<n>`. */
export function knownRegions(): readonly string[] {
  known ??= PREFIXES.flatMap((prefix) =>
    DIRECTIONS.flatMap((direction) =>
      Array.from({ length: 9 }, (_, i) => `${prefix}-${direction}-${i + 1}`).filter(isKnownRegion),
    ),
  );
  return known;
}

/** The known region closest to `region` by edit distance, for "did you mean". */
export function closestRegion(region: string): string {
  return closest(region, [...knownRegions()]);
}
