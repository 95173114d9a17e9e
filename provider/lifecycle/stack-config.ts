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
// program instead (`pulumi destroy --run-program`). Parsing (js-yaml) only here; `filesIn` reads the files the composition roots point it at.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { parseSetting, SETTINGS } from "../config/settings";
import type { LimitInForce } from "../member/change-limit";

/** What a stack config file says about one key. */
export type KeyInFile =
  | { kind: "value"; raw: string }
  | { kind: "absent" }
  /** Present but not as a plain value (a secret), or unclear: the file cannot be relied on for it. */
  | { kind: "unreadable"; why: string };

const KEY = SETTINGS.maxChangesPerRun.config;

/** A YAML document as a map, or undefined when it is not one (or not YAML at all). */
function mapOf(text: string): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    // Every scalar stays a string (no 0x10 → 16, 1e1 → 10, ~ → null), so the value is judged by
    // the same decimal-only parsing as in the program; duplicate keys throw.
    doc = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
  } catch {
    return undefined;
  }
  return doc !== null && typeof doc === "object" && !Array.isArray(doc)
    ? (doc as Record<string, unknown>)
    : undefined;
}

/**
 * What `Pulumi.<stack>.yaml` says about macie:maxChangesPerRun. A plain value (as `pulumi config
 * set` writes it, quoted or not) is read; a secret (`secure:`), a file that does not parse or names
 * the key twice is unreadable. A file that imports ESC environments may get the key from one:
 * absent is then unclear.
 */
export function limitInStackFile(text: string): KeyInFile {
  const doc = mapOf(text);
  if (!doc) return { kind: "unreadable", why: "it is not a YAML map (or names a key twice)" };
  const config = doc.config ?? {};
  if (typeof config !== "object" || Array.isArray(config))
    return { kind: "unreadable", why: "its config is not a map" };
  if (!(KEY in config)) {
    return doc.environment !== undefined
      ? { kind: "unreadable", why: "the file imports ESC environments, which may set it" }
      : { kind: "absent" };
  }
  const value = (config as Record<string, unknown>)[KEY];
  if (typeof value === "string") return { kind: "value", raw: value };
  return { kind: "unreadable", why: `${KEY} is not a plain value there (a secret?)` };
}

/** Whether a Pulumi.yaml's project-level `config` names the key (it may set it for every stack). */
function namesKey(project: Record<string, unknown> | undefined): boolean {
  const config = project?.config;
  return typeof config === "object" && config !== null && KEY in config;
}

/** `stackConfigDir` of a Pulumi.yaml, when it sets one (or `config` as a string: its older name). */
export function stackConfigDirOf(projectText: string): string | undefined {
  return stackConfigDirIn(mapOf(projectText));
}

function stackConfigDirIn(project: Record<string, unknown> | undefined): string | undefined {
  const dir = project?.stackConfigDir ?? project?.config;
  return typeof dir === "string" && dir !== "" ? dir : undefined;
}

/** The project file nearest `cwd` or above it: its directory, extension and (parsed once) content. */
function findProject(
  files: StackFiles,
): { dir: string; extension: string; doc: Record<string, unknown> | undefined } | undefined {
  for (let dir = files.cwd; ; dir = path.dirname(dir)) {
    for (const extension of [".yaml", ".yml"]) {
      const text = files.read(path.join(dir, `Pulumi${extension}`));
      if (text !== undefined) return { dir, extension, doc: mapOf(text) };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
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
  // The stack file takes the project file's extension (Pulumi's DetectProjectStackPath).
  const project = findProject(files);
  if (project === undefined) return fallback(`no Pulumi.yaml in ${path.basename(files.cwd)} or above`);
  const configDir = path.resolve(project.dir, stackConfigDirIn(project.doc) ?? ".");
  const name = `Pulumi.${stack}${project.extension}`;
  const text = files.read(path.join(configDir, name));
  if (text === undefined) return fallback(`no ${name} beside the project`);
  const found = limitInStackFile(text);
  if (found.kind === "unreadable") return fallback(`${name}: ${found.why}`);
  // Project-level config (Pulumi.yaml's `config:`) may set it for every stack: not read here.
  if (found.kind === "absent" && namesKey(project.doc))
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

/**
 * The stack's current change limit for deletes, read once per stack and process (one process per
 * `pulumi destroy`; `-c` on it saves to the file before the run starts). `configured`: what the
 * engine handed to configure, in force where the stack's config file cannot tell; `env`: the
 * composition root's environment (MACIE_MAX_CHANGES_PER_RUN wins over the file, as in the program).
 */
export function stackLimitsFrom(
  configured: number,
  env: Readonly<Record<string, string | undefined>>,
  files: StackFiles,
): (stack: unknown) => LimitInForce {
  const name = SETTINGS.maxChangesPerRun.env;
  const value = env[name];
  const fromEnvironment = () =>
    value === undefined ? undefined : parseSetting("maxChangesPerRun", value, `environment variable ${name}`);
  const known = new Map<string, LimitInForce>();
  return (stack) => {
    const key = typeof stack === "string" ? stack : "";
    let limit = known.get(key);
    if (!limit) {
      limit = currentLimit(stack, files, configured, fromEnvironment);
      known.set(key, limit);
    }
    return limit;
  };
}

/** The project files as seen from `cwd`: read as text, or undefined when they cannot be read. */
export function filesIn(cwd: string): StackFiles {
  return {
    cwd,
    read: (file) => {
      try {
        return fs.readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}
