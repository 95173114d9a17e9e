// Every member account PAUSED in the sandbox regions, except three accounts that keep Macie
// running (one of them only in us-west-2), and the security tooling account left alone:
//
//   pulumi config set macie-org-policy:regions '["us-west-2","eu-west-1"]'   # optional
//
// Run it with credentials of the delegated Macie administrator account. Members that join the
// organization are PAUSED on the next `pulumi up`; members that leave are dropped without an error.
import * as pulumi from "@pulumi/pulumi";
import { MacieMemberStatusPolicy } from "pulumi-macie-member-status";

const config = new pulumi.Config("macie-org-policy");
const sandboxRegions = config.getObject<string[]>("regions") ?? ["us-west-2", "eu-west-1"];

const policy = new MacieMemberStatusPolicy("sandbox", {
  regions: sandboxRegions,
  defaultStatus: "PAUSED",
  overrides: {
    "111111111111": "ENABLED", // data platform: classification jobs must keep running
    "222222222222": "ENABLED", // payments sandbox holds real card data for testing
    "333333333333": { "us-west-2": "ENABLED" }, // ML team, only where its buckets are
  },
  exclude: ["444444444444"], // security tooling: managed by the security team by hand
  statusOnDelete: "ENABLED",
});

export const counts = policy.counts;
export const skipped = policy.skipped;
