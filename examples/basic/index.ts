// Holds Macie ENABLED or PAUSED for each member account listed in stack config:
//
//   config:
//     aws:region: us-east-1
//     macie-basic:accounts:
//       "111111111111": ENABLED
//       "222222222222": PAUSED
//
// Run it with credentials of the delegated Macie administrator account.
import * as pulumi from "@pulumi/pulumi";
import { MacieMemberStatus, type DesiredStatus } from "pulumi-macie-member-status";

const config = new pulumi.Config("macie-basic");
const accounts = config.requireObject<Record<string, DesiredStatus>>("accounts");
// Accounts whose Macie should be left as it is if this stack is ever destroyed.
const keepOnDestroy = new Set(config.getObject<string[]>("keepOnDestroy") ?? []);

export const members = Object.entries(accounts).map(
  ([accountId, status]) =>
    new MacieMemberStatus(`member-${accountId}`, {
      accountId,
      status,
      statusOnDelete: keepOnDestroy.has(accountId) ? "UNCHANGED" : "ENABLED",
    }),
);

export const relationshipStatuses = pulumi
  .all(members.map((m) => pulumi.all([m.accountId, m.relationshipStatus])))
  .apply((pairs) => Object.fromEntries(pairs));
