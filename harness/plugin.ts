// Projects that use the provider plugin (bin/pulumi-resource-macie) from a language other than
// TypeScript, for the real CLI: the language hosts tools/pulumi-language-{yaml,python,go} build, and a
// project directory whose Pulumi.yaml names the plugin by path, as users' projects do.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./host";

/** The directory holding pulumi-resource-macie (the package's bin/). */
export const PLUGIN_DIR = path.join(REPO_ROOT, "bin");

/** What a build script prints with --check (and `extra` flags): its product, or undefined if not built. */
function checked(script: string, env: string | undefined, extra: string[] = []): string | undefined {
  const built =
    env ??
    spawnSync("bash", [path.join(REPO_ROOT, script), "--check", ...extra], {
      encoding: "utf8",
    }).stdout.trim();
  return built && fs.existsSync(built) ? built : undefined;
}

function required(what: string, found: string | undefined, script: string): string {
  if (!found) throw new Error(`${what} is not built: run \`bash ${script}\` (npm run test:e2e does)`);
  return found;
}

/** tools/pulumi-language-yaml's bin directory (PULUMI_YAML_BIN, or ask the script). */
export function requireYamlHost(): string {
  const script = "tools/pulumi-language-yaml/build.sh";
  return required("The YAML language host", checked(script, process.env.PULUMI_YAML_BIN), script);
}

/** tools/pulumi-language-python's bin directory and virtualenv (PULUMI_PYTHON_BIN / _VENV, or ask). */
export function requirePythonHost(): { bin: string; venv: string } {
  const script = "tools/pulumi-language-python/build.sh";
  return {
    bin: required("The Python language host", checked(script, process.env.PULUMI_PYTHON_BIN), script),
    venv: required(
      "The Python virtualenv",
      checked(script, process.env.PULUMI_PYTHON_VENV, ["--venv"]),
      script,
    ),
  };
}

/** tools/pulumi-language-go's bin directory (PULUMI_GO_BIN, or ask the script). */
export function requireGoHost(): string {
  const script = "tools/pulumi-language-go/build.sh";
  return required("The Go language host", checked(script, process.env.PULUMI_GO_BIN), script);
}

/** tools/sdk-gen's pulumi-sdkgen binary (PULUMI_SDKGEN_BIN, or ask the script). */
export function requireSdkGen(): string {
  const script = "tools/sdk-gen/build.sh";
  return required("pulumi-sdkgen", checked(script, process.env.PULUMI_SDKGEN_BIN), script);
}

/** The Pulumi.yaml lines that load the plugin from the package's bin/ (absolute: a temp project). */
export function pluginLines(dir = PLUGIN_DIR): string {
  return `plugins:\n  providers:\n    - name: macie\n      path: ${dir}\n`;
}

/**
 * A new project directory: Pulumi.yaml from `head` (name, runtime, …) with the plugin lines, and
 * `files` (name → text) beside it.
 */
export function pluginProject(head: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "macie-plugin-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${head}${pluginLines()}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
