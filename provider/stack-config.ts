// The stack's current macie:maxChangesPerRun, for the writes a delete sends (#22 §2).
//
// A plain `pulumi destroy` runs no program, and the engine configures the provider with the stack
// config recorded by the last `pulumi up`, not the current one (Pulumi v3.248: the default
// provider's inputs in state). So a limit changed with `pulumi config set` (or `-c` on destroy,
// which saves to the same file before the run) would reach a destroy only after an `up`. The
// delete therefore reads this one key from the stack's config file itself: the resource records
// its stack's name (`__stack`) in state, and the provider host runs in the project directory.
// What cannot be read that way — a secret value, an ESC environment, a stack recorded before
// 0.2 — leaves the configured (recorded) limit in force, and the refusal says how to run the
// program instead (`pulumi destroy --run-program`). Parsing only here; host.ts reads the files.
import * as path from "node:path";
import { parseSetting, SETTINGS } from "./settings";

/** The hidden input (and output) holding the stack's name, set by the program's resources. */
export const STACK_KEY = "__stack";

/** The limit a delete's writes obey, and where it came from (for the refusal). */
export interface LimitInForce {
  /** Members per region and run; 0: no limit. */
  limit: number;
  /** Where it came from, e.g. "macie:maxChangesPerRun in Pulumi.dev.yaml". */
  source: string;
  /** Read from the stack as it is now (its config file, or the environment where that file sets none). */
  current: boolean;
}

/** What a stack config file says about one key. */
export type KeyInFile =
  | { kind: "value"; raw: string }
  | { kind: "absent" }
  /** Present but not as a plain value (a secret), or unclear: the file cannot be relied on for it. */
  | { kind: "unreadable"; why: string };

const KEY = SETTINGS.maxChangesPerRun.config;

/**
 * What `Pulumi.<stack>.yaml` says about macie:maxChangesPerRun. Only the shapes the Pulumi CLI
 * writes (`  macie:maxChangesPerRun: "25"`) are read; a secret (`secure:`) or anything else is
 * unreadable. A file that imports ESC environments may get the key from one: absent is then unclear.
 */
export function limitInStackFile(text: string): KeyInFile {
  const lines = text.split(/\r?\n/);
  const named = lines.filter((line) => new RegExp(`^\\s+["']?${KEY}["']?\\s*:`).test(line));
  if (named.length > 1) return { kind: "unreadable", why: `${KEY} is named more than once` };
  if (named.length === 0) {
    return lines.some((line) => /^environment\s*:/.test(line))
      ? { kind: "unreadable", why: "the file imports ESC environments, which may set it" }
      : { kind: "absent" };
  }
  const raw = named[0].slice(named[0].indexOf(":", named[0].indexOf(KEY) + KEY.length) + 1).trim();
  const unquoted = /^(["'])(.*)\1$/.exec(raw)?.[2] ?? raw;
  if (unquoted === "" || unquoted.startsWith("#"))
    return { kind: "unreadable", why: `${KEY} is not a plain value there (a secret?)` };
  return { kind: "value", raw: unquoted };
}

/** `stackConfigDir` of a Pulumi.yaml, when it sets one at the top level. */
export function stackConfigDirOf(projectText: string): string | undefined {
  const line = projectText.split(/\r?\n/).find((l) => /^stackConfigDir\s*:/.test(l));
  if (!line) return undefined;
  const raw = line.slice(line.indexOf(":") + 1).trim();
  return (/^(["'])(.*)\1$/.exec(raw)?.[2] ?? raw) || undefined;
}

/** What host.ts needs from the file system (tests pass their own). */
export interface StackFiles {
  /** The directory the provider host runs in: Pulumi starts it in the project (or `main`) directory. */
  cwd: string;
  /** The file's text, or undefined when there is none. */
  read(file: string): string | undefined;
}

/**
 * The limit in force for a delete of a resource recorded in `stack`: the stack's config file as it
 * is now; where it sets none, `fromEnvironment` (MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN, parsed
 * only then) or no limit; where it cannot tell, `configured` (what the engine handed to configure).
 */
export function currentLimit(
  stack: unknown,
  files: StackFiles,
  configured: number,
  fromEnvironment: () => number | undefined,
): LimitInForce {
  const fallback = (why: string): LimitInForce => ({
    limit: configured,
    source: `the stack's config as the engine handed it, which for a plain \`pulumi destroy\` is the one recorded by the last \`pulumi up\` (${why})`,
    current: false,
  });
  if (typeof stack !== "string" || stack === "" || /[/\\]/.test(stack))
    return fallback("the state names no stack: resources recorded before 0.2, or not updated since");
  let dir = files.cwd;
  let project: string | undefined;
  for (;;) {
    project = files.read(path.join(dir, "Pulumi.yaml")) ?? files.read(path.join(dir, "Pulumi.yml"));
    if (project !== undefined || path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  if (project === undefined) return fallback(`no Pulumi.yaml in ${path.basename(files.cwd)} or above`);
  const configDir = path.resolve(dir, stackConfigDirOf(project) ?? ".");
  const name = `Pulumi.${stack}.yaml`;
  const text = files.read(path.join(configDir, name));
  if (text === undefined) return fallback(`no ${name} beside the project`);
  const found = limitInStackFile(text);
  if (found.kind === "unreadable") return fallback(`${name}: ${found.why}`);
  // Project-level config (Pulumi.yaml's `config:`) may set it for every stack: not read here.
  if (found.kind === "absent" && project.includes(KEY))
    return fallback(`${name} sets no ${KEY}, and Pulumi.yaml names it`);
  if (found.kind === "value")
    return {
      limit: parseSetting("maxChangesPerRun", found.raw, `Pulumi config ${KEY} in ${name}`),
      source: `${KEY} in ${name}`,
      current: true,
    };
  const fromEnv = fromEnvironment();
  if (fromEnv !== undefined)
    return {
      limit: fromEnv,
      source: `${SETTINGS.maxChangesPerRun.env} (${name} sets no ${KEY})`,
      current: true,
    };
  return { limit: 0, source: `${name}, which sets no ${KEY}`, current: true };
}
