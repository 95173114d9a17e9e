// The CLI's --seed file: members per region, as JSON
//   { "us-east-1": { "111111111111": "Enabled", "222222222222": "Paused" }, "eu-west-1": { ... } }
// checked whole before anything is seeded, with errors that name the file and the field. A status
// is written as --status takes it: Macie's word in any case (ENABLED and PAUSED work too).
import { relationshipStatusFrom } from "./cli-values";
import { ACCOUNT_ID, type SeedMember } from "./members";

// us-east-1, us-gov-west-1, cn-north-1, ap-southeast-3, eu-central-2 ...
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

/** The members a seed file declares; throws an Error naming `file` and the bad field. */
export function membersFromSeedFile(json: string, file: string): SeedMember[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`--seed ${file}: not JSON: ${(error as Error).message}`, { cause: error });
  }
  const where = (path: string) => `--seed ${file}: ${path}`;
  if (!isObject(parsed))
    throw new Error(
      where(
        'must be an object of region → { accountId: status }, e.g. {"us-east-1": {"111111111111": "Enabled"}}',
      ),
    );
  const members: SeedMember[] = [];
  for (const [region, accounts] of Object.entries(parsed)) {
    if (!REGION.test(region))
      throw new Error(where(`${JSON.stringify(region)} is not a region like "us-east-1"`));
    if (!isObject(accounts))
      throw new Error(
        where(`"${region}" must be an object of accountId → status; got ${JSON.stringify(accounts)}`),
      );
    for (const [accountId, status] of Object.entries(accounts)) {
      const field = `"${region}"."${accountId}"`;
      if (!ACCOUNT_ID.test(accountId))
        throw new Error(where(`${field}: ${JSON.stringify(accountId)} is not a 12-digit account id`));
      const relationshipStatus = relationshipStatusFrom(status, where(`${field}: status`));
      members.push({ accountId, relationshipStatus, region });
    }
  }
  return members;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
