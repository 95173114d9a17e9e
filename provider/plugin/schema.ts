// The provider plugin's Pulumi package schema (https://www.pulumi.com/docs/iac/extending-pulumi/schema/):
// what `pulumi package get-schema` prints, what YAML programs are checked against, and what the
// Python and Go SDKs are generated from (schema.json at the repo's root is this, written out;
// tests/provider/plugin/schema.test.ts keeps them equal). The package is `macie`, so a stack's
// `macie:*` settings are the plugin's own config, as they are the dynamic provider's.
import { DEFAULT_STATUS_ON_DELETE } from "../member/types";
import { MEMBER_STATUS_TYPE } from "./plugin-provider";
import { REGION_POLICY_TYPE } from "./region-policy";

export const PACKAGE = "macie";
const REPOSITORY = "https://github.com/pulumi-macie-member-status/pulumi-macie-member-status";

interface Property {
  type: string;
  description: string;
  items?: { type: string };
  additionalProperties?: { type: string };
  willReplaceOnChanges?: boolean;
  default?: string;
}

const string = (description: string, extra: Partial<Property> = {}): Property => ({
  type: "string",
  description,
  ...extra,
});

const STATUS = 'The Macie status: "ENABLED" or "PAUSED".';
const ON_DELETE =
  `What deleting the resource leaves behind: "ENABLED", "PAUSED" or "UNCHANGED". ` +
  `Default "${DEFAULT_STATUS_ON_DELETE}" (Macie's normal state for a member).`;
const REGION =
  "The AWS region of the membership. Default: the provider's region (AWS_REGION or AWS_DEFAULT_REGION). Changing it replaces the resource.";

const MEMBER_INPUTS: Record<string, Property> = {
  accountId: string("The member's 12-digit AWS account id. Changing it replaces the resource.", {
    willReplaceOnChanges: true,
  }),
  status: string(`${STATUS} One \`pulumi up\` converges: it reads first and writes only when it differs.`),
  region: string(REGION, { willReplaceOnChanges: true }),
  statusOnDelete: string(ON_DELETE),
};

const MEMBER_OUTPUTS: Record<string, Property> = {
  ...MEMBER_INPUTS,
  status: string(
    `${STATUS} After a refresh, as Macie shows it; absent when the member is neither Enabled nor Paused.`,
  ),
  relationshipStatus: string(
    "Macie's relationship status for the member: Enabled, Paused, Invited, Removed, …",
  ),
  arn: string("The member's ARN in Macie."),
  administratorAccountId: string("The delegated administrator account Macie reports for the member."),
  email: string("The member account's email address (absent for members added through AWS Organizations)."),
  updatedAt: string("When Macie last changed the member's relationship status (ISO 8601)."),
};

const POLICY_INPUTS: Record<string, Property> = {
  region: string(
    "The region whose members the policy holds. Default: the provider's region (AWS_REGION or AWS_DEFAULT_REGION). Changing it replaces the resource.",
    { willReplaceOnChanges: true },
  ),
  defaultStatus: string(`The status of every member no override names. ${STATUS}`),
  overrides: {
    type: "object",
    additionalProperties: { type: "string" },
    description:
      'Account id → "ENABLED" or "PAUSED", for members held at another status than defaultStatus. Each must be a member of the region.',
  },
  exclude: {
    type: "array",
    items: { type: "string" },
    description:
      "Account ids left unmanaged. A member excluded after it was held is released: statusOnDelete is applied to it.",
  },
  statusOnDelete: string(
    `What releasing a member (excluded, or the resource deleted) leaves behind: "ENABLED", "PAUSED" or "UNCHANGED". Default "${DEFAULT_STATUS_ON_DELETE}".`,
  ),
  maxChanges: {
    type: "integer",
    description:
      "Members whose status one run may change, checked against the listing at preview, before anything is written. Default: the stack's macie:maxChangesPerRun; with both, the lower applies.",
  },
};

const POLICY_OUTPUTS: Record<string, Property> = {
  ...POLICY_INPUTS,
  members: {
    type: "object",
    additionalProperties: { type: "string" },
    description:
      "Account id → ENABLED or PAUSED, every member held, as last seen or set (after a refresh: the relationship status when it is neither).",
  },
  administratorAccountId: string("The account the members are managed as."),
  listedAt: string("When the listing the last run acted on was taken (ISO 8601)."),
};

/** The provider's own config (macie:region); the settings (macie:maxAttempts, …) are read as stack config. */
const PROVIDER_CONFIG: Record<string, Property> = {
  region: string(
    "The region of a resource that names none (before AWS_REGION / AWS_DEFAULT_REGION). Pulumi's aws:region does not reach this provider.",
  ),
};

/** The schema for package version `version`. */
export function schemaOf(version: string): Record<string, unknown> {
  return {
    name: PACKAGE,
    displayName: "Macie member status",
    version,
    description:
      "Holds Amazon Macie ENABLED or PAUSED for member accounts, from the delegated Macie administrator: one pulumi up converges, refresh detects drift.",
    keywords: ["pulumi", "aws", "macie", "category/cloud", "kind/native"],
    homepage: REPOSITORY,
    repository: REPOSITORY,
    license: "Apache-2.0",
    publisher: "pulumi-macie-member-status",
    meta: { moduleFormat: "(.*)" },
    config: { variables: PROVIDER_CONFIG },
    // No inputs: explicit providers are refused (plugin-main.ts); the default one reads stack config.
    provider: {
      description:
        "The default macie provider: settings from the stack's macie:* config and the environment (AWS credentials, AWS_REGION, AWS_ENDPOINT_URL_MACIE2). Explicit providers are refused.",
    },
    resources: {
      [MEMBER_STATUS_TYPE]: {
        description:
          "Holds Amazon Macie ENABLED or PAUSED for one member account, from the delegated administrator. Import with its account id.",
        inputProperties: MEMBER_INPUTS,
        requiredInputs: ["accountId", "status"],
        properties: MEMBER_OUTPUTS,
        required: ["accountId", "region", "statusOnDelete", "relationshipStatus"],
      },
      [REGION_POLICY_TYPE]: {
        description:
          "Every member account of one region held at a status: lists the region's members at preview and up, and writes only to those at another status than declared. One resource per region, whatever the number of members.",
        inputProperties: POLICY_INPUTS,
        requiredInputs: ["defaultStatus"],
        properties: POLICY_OUTPUTS,
        required: ["region", "defaultStatus", "statusOnDelete", "members"],
      },
    },
    language: {
      python: { packageName: "pulumi_macie", requires: { pulumi: ">=3.0.0,<4.0.0" } },
      go: { importBasePath: `${REPOSITORY.replace("https://", "")}/sdk/go/macie` },
      nodejs: { packageName: "@pulumi-macie-member-status/macie" },
    },
  };
}

/** The schema as the plugin serves it and schema.json holds it. */
export function schemaText(version: string): string {
  return `${JSON.stringify(schemaOf(version), null, 2)}\n`;
}
