#!/usr/bin/env node
// macie-preflight: the read-only preflight as a bin (`npx macie-preflight --region us-east-1`).
// The composition root of the preflight: the only place it reads process.env and argv. Flags are
// checked before anything else, so a typo makes no AWS call; the report goes to stdout, a usage
// error to stderr, and the exit code says ready, blocked, usage or inconclusive (--help lists them).
import { STSClient } from "@aws-sdk/client-sts";
import { NO_CONFIG, readProviderConfig, regionFromEnv } from "./config/config";
import { preflight } from "./preflight/preflight";
import { formatReport } from "./preflight/report";
import { EXIT_CODES, parsePreflightArgs, preflightHelp, UsageError } from "./preflight/preflight-flags";
import { createAwsAccess } from "./aws/access";
import { checkRegion } from "./member/validate";

/**
 * The regions to check: the flags, else the provider's own default (AWS_REGION, AWS_DEFAULT_REGION),
 * else the region the AWS SDK finds (the profile's `region` in the shared config).
 */
async function regionsOf(flags: readonly string[]): Promise<string[]> {
  if (flags.length > 0) return [...flags];
  const fromEnv = regionFromEnv(process.env);
  const region = fromEnv ?? (await sdkRegion());
  if (region === undefined)
    throw new UsageError(
      "no region: pass --region R (repeat it for more), or set AWS_REGION, or a region in the AWS profile",
    );
  const problem = checkRegion(region);
  if (problem)
    throw new UsageError(
      `${fromEnv ? "AWS_REGION / AWS_DEFAULT_REGION" : "the AWS profile's region"}: ${problem}`,
    );
  return [region];
}

/** The region the SDK's default sources give (environment, shared config); undefined if none. */
async function sdkRegion(): Promise<string | undefined> {
  const client = new STSClient({});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

async function main(): Promise<number> {
  const flags = parsePreflightArgs(process.argv.slice(2));
  if (flags.help) {
    console.log(preflightHelp());
    return EXIT_CODES.ready;
  }
  const regions = await regionsOf(flags.regions);
  const runtime = createAwsAccess(readProviderConfig(NO_CONFIG, process.env));
  try {
    const report = await preflight(runtime, { regions, all: flags.all, member: flags.member });
    console.log(formatReport(report, flags));
    return EXIT_CODES[report.verdict];
  } finally {
    runtime.destroy();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // Messages only: a stack would print this machine's absolute paths.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`macie-preflight: ${message}`);
    if (error instanceof UsageError) console.error("run macie-preflight --help for the options");
    process.exitCode = error instanceof UsageError ? EXIT_CODES.usage : EXIT_CODES.blocked;
  },
);
