// What the tests of tools/*/build.sh share: running a script, and fakes of `go` and `python3` that log
// what they were asked and write a small script where a binary (or a virtualenv) would be, so that
// a "build" takes a second instead of minutes and builds nothing.
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bash <script> <args…>` with exactly `env`; a non-zero exit is a result, not a rejection. */
export const runBash = (script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> =>
  promisify(execFile)("bash", [script, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
    }),
  );

export const lastLine = (r: Run): string => r.stdout.trim().split("\n").pop() ?? "";

/** `bash -n`: the script parses. Returns bash's complaint, empty when none. */
export const bashSyntaxErrors = (script: string): string => {
  const result = spawnSync("bash", ["-n", script], { encoding: "utf8" });
  return result.status === 0 ? "" : `${result.stderr}`;
};

export const hasFlock = (): boolean => spawnSync("sh", ["-c", "command -v flock"]).status === 0;

/**
 * A fake `go`. `go build … -o OUT [-ldflags FLAGS] PKG` logs "build PKG OUT FLAGS" to $FAKE_GO_LOG,
 * waits a second and writes a script at OUT; `go list …` logs "list …" and prints $FAKE_GO_MODDIR
 * (what `go list -m -f {{.Dir}}` prints: the module's directory).
 */
const FAKE_GO = `#!/bin/sh
cmd=$1; shift
if [ "$cmd" = list ]; then echo "list $*" >> "$FAKE_GO_LOG"; echo "$FAKE_GO_MODDIR"; exit 0; fi
[ "$cmd" = build ] || { echo "fake go: no $cmd" >&2; exit 2; }
out=""; pkg=""; ldflags=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -ldflags) ldflags=$2; shift ;;
    -*) ;;
    *) pkg=$1 ;;
  esac
  shift
done
echo "build $pkg $out $ldflags" >> "$FAKE_GO_LOG"
sleep 1
printf '#!/bin/sh\\necho fake\\n' > "$out"
chmod +x "$out"
`;

/**
 * A fake `python3`: `-c …` prints 3.99 (the version build.sh keys the virtualenv by); `-m venv DIR`
 * logs "venv DIR" and makes DIR/bin/python (which logs "python ARGS…") and DIR/bin/activate (which
 * names DIR, as a real one does).
 */
const FAKE_PYTHON3 = `#!/bin/sh
case "$1" in
  -c) echo 3.99 ;;
  -m)
    [ "$2" = venv ] || exit 2
    echo "venv $3" >> "$FAKE_GO_LOG"
    mkdir -p "$3/bin"
    printf '#!/bin/sh\\necho "python $*" >> "$FAKE_GO_LOG"\\n' > "$3/bin/python"
    chmod +x "$3/bin/python"
    printf 'VIRTUAL_ENV="%s"\\n' "$3" > "$3/bin/activate"
    ;;
  *) exit 2 ;;
esac
`;

/** Writes the fakes into `dir` (to put first on PATH). */
export const writeFakes = (dir: string, fakes: ("go" | "python3")[]): void => {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fakes) {
    fs.writeFileSync(path.join(dir, name), name === "go" ? FAKE_GO : FAKE_PYTHON3, { mode: 0o755 });
  }
};

/** The log of the fakes, one array of words per line. */
export const fakeLog = (log: string): string[][] =>
  fs.existsSync(log)
    ? fs
        .readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(" "))
    : [];

/** The version a go.mod requires `module` at (a `require` line or a line of a `require (…)` block). */
export const goModRequire = (goMod: string, module: string): string | undefined => {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`^(?:require )?\\s*${escaped} (v\\S+)`, "m").exec(goMod)?.[1];
};

/** Every module a go.mod requires, with its version. */
export const goModRequires = (goMod: string): Map<string, string> => {
  const requires = new Map<string, string>();
  for (const match of goMod.matchAll(/^(?:require )?\s*([a-z0-9.-]+\.[a-z]+\/\S+) (v\S+)/gm)) {
    requires.set(match[1], match[2]);
  }
  return requires;
};

/** A scratch directory for one build.sh test: the fakes first on PATH, their log, the cache in it. */
export interface FakeSandbox {
  root: string;
  /** Where the fakes write what they were asked (fakeLog reads it). */
  log: string;
  /** The script's environment: HOME and the cache (`cacheVariable`) inside `root`, the fakes first on PATH. */
  env: NodeJS.ProcessEnv;
}

/** A new sandbox under the system's temp directory; remove `root` after the test. */
export function fakeSandbox(
  prefix: string,
  cacheVariable: string,
  fakes: ("go" | "python3")[] = ["go"],
): FakeSandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  writeFakes(path.join(root, "fake-bin"), fakes);
  const log = path.join(root, "go.log");
  const env = {
    HOME: root,
    PATH: `${path.join(root, "fake-bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    [cacheVariable]: path.join(root, "cache"),
    FAKE_GO_LOG: log,
  };
  return { root, log, env };
}
