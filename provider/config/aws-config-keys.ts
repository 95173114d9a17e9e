// Every `aws:*` key of pulumi-aws this package has a word for (aws-config.ts): honoured, ignored for
// a stated reason, or refused with what to do instead. docs/contract.md shows this table; a test keeps
// the two in step.

/** What this package does with an `aws:*` key. */
export type AwsKeyUse = "honoured" | "ignored" | "refused";

/** Every `aws:*` key of pulumi-aws (v5–v7) this package has a word for: what it does with it, and why. */
export const AWS_CONFIG_KEYS: Readonly<Record<string, { use: AwsKeyUse; why: string }>> = {
  region: { use: "honoured", why: "the region of a resource that names none, before AWS_REGION" },
  profile: { use: "honoured", why: "the shared-config profile the calls are made with (the SDK's fromIni)" },
  sharedCredentialsFiles: { use: "honoured", why: "the credentials file for the profile (one file)" },
  sharedCredentialsFile: { use: "honoured", why: "as sharedCredentialsFiles (pulumi-aws 5)" },
  sharedConfigFiles: { use: "honoured", why: "the config file for the profile (one file)" },
  accessKey: { use: "honoured", why: "static keys, with secretKey (and token): the calls' own credentials" },
  secretKey: { use: "honoured", why: "with accessKey; never shown, never stored by this package" },
  token: { use: "honoured", why: "the session token of accessKey/secretKey" },
  assumeRoles: { use: "honoured", why: "the role chain, each link assumed with the one before" },
  assumeRole: { use: "honoured", why: "a chain of one (pulumi-aws 6)" },
  endpoints: { use: "honoured", why: "its macie2 and sts entries, before AWS_ENDPOINT_URL_*" },
  stsRegion: { use: "honoured", why: "the region STS is called in (AssumeRole, GetCallerIdentity)" },
  useFipsEndpoint: { use: "honoured", why: "FIPS endpoints for Macie and STS" },
  useDualstackEndpoint: { use: "honoured", why: "dual-stack endpoints for Macie and STS" },
  assumeRoleWithWebIdentity: {
    use: "refused",
    why:
      "ignoring it would make the calls as another identity: give the role through AWS_ROLE_ARN and " +
      "AWS_WEB_IDENTITY_TOKEN_FILE (the SDK's own, which pulumi-aws reads too) and remove the key",
  },
  allowedAccountIds: {
    use: "honoured",
    why: "no call is sent unless the caller's account (STS, once per region) is listed",
  },
  forbiddenAccountIds: { use: "honoured", why: "no call is sent if the caller's account is listed" },
  skipCredentialsValidation: {
    use: "ignored",
    why:
      "nothing to skip: no call validates credentials up front (STS is asked who the caller is only " +
      "when a rule needs it: a policy region's create, a gone member, the account guard)",
  },
  skipRequestingAccountId: {
    use: "ignored",
    why:
      "the caller's account is asked only to record a policy region's administrator and to confirm " +
      "a gone member: safety rules that stay on",
  },
  skipMetadataApiCheck: {
    use: "ignored",
    why: "no metadata check is made (the SDK's chain reads IMDS only as a last source)",
  },
  skipRegionValidation: { use: "ignored", why: "a region is checked against the SDK's own region list" },
  skipGetEc2Platforms: { use: "ignored", why: "EC2 only" },
  maxRetries: {
    use: "ignored",
    why: "retries are this package's (macie:maxAttempts, macie:maxRetrySeconds)",
  },
  retryMode: { use: "ignored", why: "as maxRetries: one retry policy, with an adaptive limiter of its own" },
  tokenBucketRateLimiterCapacity: {
    use: "ignored",
    why: "the rate is this package's (macie:requestsPerSecond)",
  },
  defaultTags: { use: "ignored", why: "nothing is tagged" },
  ignoreTags: { use: "ignored", why: "nothing is tagged" },
  tagPolicyCompliance: { use: "ignored", why: "nothing is tagged" },
  s3UsePathStyle: { use: "ignored", why: "S3 only" },
  s3ForcePathStyle: { use: "ignored", why: "S3 only" },
  s3UsEast1RegionalEndpoint: { use: "ignored", why: "S3 only" },
  insecure: { use: "ignored", why: "TLS is always verified; a private CA goes in NODE_EXTRA_CA_CERTS" },
  customCaBundle: { use: "ignored", why: "a private CA goes in NODE_EXTRA_CA_CERTS" },
  httpProxy: { use: "ignored", why: "calls go direct" },
  httpsProxy: { use: "ignored", why: "calls go direct" },
  noProxy: { use: "ignored", why: "calls go direct" },
  ec2MetadataServiceEndpoint: {
    use: "ignored",
    why: "the SDK reads AWS_EC2_METADATA_SERVICE_ENDPOINT",
  },
  ec2MetadataServiceEndpointMode: {
    use: "ignored",
    why: "the SDK reads AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  },
  userAgents: { use: "ignored", why: "the user agent names this package and its version" },
  dynamodbEndpoint: { use: "ignored", why: "DynamoDB only" },
  kinesisEndpoint: { use: "ignored", why: "Kinesis only" },
};
