// The composition root inside the user's Pulumi program: the resource and the policy read the
// stack config and the environment only through here (the provider side has its own root,
// host.ts). Tests and benchmarks hand in their own environment and credentials with
// `useProgramEnvironment` instead of rewriting `process.env`.
import * as pulumi from "@pulumi/pulumi";
import {
  readProviderConfig,
  refuseUnknownConfigKeys,
  type Environment,
  type ProviderConfig,
} from "../config/config";
import { createAwsAccess, type AwsAccess, type AwsAccessOptions } from "../aws/access";
import { ProgramError } from "../aws/run-error";

let environment: Environment = process.env;
let runtimeOptions: AwsAccessOptions = {};
let cached: { key: string; runtime: AwsAccess } | undefined;

/**
 * The provider configuration as the program sees it: `macie:*` stack config, Pulumi's own `aws:*`
 * config, then the environment — the same parser the provider host feeds with the same stack config.
 * Raw config reads: the external id and static keys are secrets, and pulumi.Config#get would warn.
 */
export function programConfig(): ProviderConfig {
  refuseUnknownConfigKeys(Object.keys(pulumi.runtime.allConfig()), ProgramError);
  try {
    return readProviderConfig(
      (key) => pulumi.runtime.getConfig(`macie:${key}`),
      environment,
      (key) => pulumi.runtime.getConfig(`aws:${key}`),
    );
  } catch (error) {
    // A bad value is the user's to fix: the message alone, without a stack.
    throw error instanceof Error ? new ProgramError(error.message) : error;
  }
}

/** The region of a resource that names none: config aws:region, then AWS_REGION / AWS_DEFAULT_REGION. */
export function programRegion(): string | undefined {
  return programConfig().defaultRegion;
}

/** PULUMI_DEBUG_PROMISE_LEAKS: Pulumi's promise-leak report is wanted, with the stacks it records. */
export function promiseLeaksDebugged(): boolean {
  return Boolean(environment.PULUMI_DEBUG_PROMISE_LEAKS);
}

/**
 * The program's AWS access (the policy's listing), one per configuration: clients, clock and
 * settings only; the change count, scans and handovers belong to the provider host's run.
 */
export function programRuntime(): AwsAccess {
  const config = programConfig();
  const key = JSON.stringify(config);
  if (cached?.key !== key) {
    cached?.runtime.destroy();
    cached = { key, runtime: createAwsAccess(config, runtimeOptions) };
  }
  return cached.runtime;
}

/**
 * For tests, benchmarks and tools that run programs in their own process: the environment and
 * runtime options (dummy credentials, a manual clock) to use instead of `process.env` and the
 * SDK's default chain. Returns a function that puts back what was there before.
 */
export function useProgramEnvironment(env: Environment, options: AwsAccessOptions = {}): () => void {
  const before = { environment, runtimeOptions };
  environment = env;
  runtimeOptions = options;
  cached?.runtime.destroy();
  cached = undefined;
  return () => {
    environment = before.environment;
    runtimeOptions = before.runtimeOptions;
    cached?.runtime.destroy();
    cached = undefined;
  };
}
