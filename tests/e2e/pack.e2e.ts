// The npm package as a user gets it: `npm pack` of a fresh copy of the repository (what git tracks,
// no dist/, so `prepack` must build), the tarball installed with `npm install` into a scratch
// Pulumi project that has no link to this checkout, examples/basic compiled there with its own
// tsconfig.json under TypeScript 6, and the program run through the installed @pulumi/pulumi's
// dynamic-provider host and through the real CLI against the installed emulator.
// Slow (a build, an install, the CLI): part of the e2e suite, which has the CLI built; every step is
// timed in the output.
import { execFile, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type * as pulumiSdk from "@pulumi/pulumi";
import { expect } from "chai";
import type * as emulatorModule from "../../emulator/emulator";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { requireYamlHost } from "../../harness/plugin";
import { MiniEngine } from "../../harness/engine";
import { DynamicProviderHost, REPO_ROOT } from "../../harness/host";
import { declare } from "../../harness/program";
import { DUMMY_CREDENTIALS } from "../support/emulator";

const NAME = "pulumi-macie-member-status";
const A = "410000000001";
const B = "410000000002";
const C = "410000000003"; // keepOnDestroy
const ACCOUNTS = { [A]: "PAUSED", [B]: "ENABLED", [C]: "PAUSED" };
const run = promisify(execFile);

/** One entry of `npm pack --json`. */
interface Packed {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string; mode: number }[];
}

/** What git tracks (and what is new but not ignored) — the tree of a fresh clone — copied to `to`. */
function copyFreshClone(to: string): void {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (listed.status === 0) {
    for (const file of listed.stdout.split("\0").filter(Boolean)) {
      const from = path.join(REPO_ROOT, file);
      if (!fs.existsSync(from)) continue; // deleted in the work tree, not yet committed
      // A worktree may link node_modules from another checkout: .gitignore's `node_modules/` matches
      // directories only, so git lists the link. A fresh clone has none; the clone gets its own below.
      if (fs.lstatSync(from).isSymbolicLink() && fs.statSync(from).isDirectory()) continue;
      fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
      fs.copyFileSync(from, path.join(to, file));
    }
  } else {
    // Not a git checkout (a source archive): everything but what .gitignore names.
    const skip = new Set(["node_modules", "dist", ".git", ".pulumi"]);
    fs.cpSync(REPO_ROOT, to, {
      recursive: true,
      filter: (p) => !skip.has(path.basename(p)) && !p.endsWith(".tgz"),
    });
  }
}

/** Every file under `dir`, relative to it; symbolic links are listed, not followed. */
function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full, base) : [path.relative(base, full)];
  });
}

async function timed<T>(what: string, timings: string[], fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

describe("the npm package: packed from a fresh clone, installed into a scratch Pulumi project", function () {
  this.timeout(600_000);
  const timings: string[] = [];
  let root: string;
  let clone: string;
  let project: string;
  let packed: Packed;
  let installed: string;
  /** `require` as the scratch project's own code sees it. */
  let requireFromProject: NodeRequire;
  let emu: emulatorModule.MacieEmulator;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "macie-pack-"));
    clone = path.join(root, "clone");
    project = path.join(root, "project");
    copyFreshClone(clone);
    expect(fs.existsSync(path.join(clone, "dist")), "a fresh clone has no dist/").to.equal(false);
    // prepack needs the dev dependencies (tsc): lend it the checkout's. Nothing from them ships.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
    const pack = await timed("npm pack (prepack build included)", timings, () =>
      run("npm", ["pack", "--json", "--pack-destination", root], { cwd: clone }),
    );
    [packed] = JSON.parse(pack.stdout) as Packed[];

    // A Pulumi TypeScript project as `pulumi new typescript` makes it, with examples/basic as its
    // program and that example's tsconfig.json; org-policy's program beside it, to compile.
    fs.mkdirSync(path.join(project, "org-policy"), { recursive: true });
    for (const file of ["Pulumi.yaml", "index.ts", "tsconfig.json"])
      fs.copyFileSync(path.join(REPO_ROOT, "examples", "basic", file), path.join(project, file));
    fs.copyFileSync(
      path.join(REPO_ROOT, "examples", "org-policy", "index.ts"),
      path.join(project, "org-policy", "index.ts"),
    );
    const version = (name: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as {
          version: string;
        }
      ).version;
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "macie-pack-test",
        private: true,
        devDependencies: { typescript: version("typescript"), "@types/node": version("@types/node") },
      }),
    );
    await timed("npm install of the tarball", timings, () =>
      run(
        "npm",
        ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(root, packed.filename)],
        {
          cwd: project,
        },
      ),
    );
    installed = path.join(project, "node_modules", NAME);
    requireFromProject = createRequire(path.join(project, "package.json"));
    const emulator = requireFromProject(`${NAME}/emulator`) as typeof emulatorModule;
    emu = new emulator.MacieEmulator();
    await emu.start();
  });

  after(async () => {
    console.log(`      timings: ${timings.join(", ")}`);
    await emu?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    emu.reset();
    emu.seed(Object.keys(ACCOUNTS).map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
  });

  it("ships the build, README.md and the docs/ it links, CHANGELOG.md, LICENSE, the emulator's README and package.json — nothing from tests, sources or maps", () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const file of files) {
      expect(file).to.match(
        /^(package\.json|README\.md|docs\/[A-Za-z]+\.md|CHANGELOG\.md|LICENSE|schema\.json|bin\/pulumi-resource-macie|emulator\/README\.md|model\/(source\.json|NOTICE)|dist\/(provider(\/(program|lifecycle|member|aws|config|preflight|plugin))?|emulator|model)\/[a-z0-9-]+(\.js|\.d\.ts)|dist\/model\/[a-z0-9]+\.json)$/,
      );
    }
    expect(files).to.include.members([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "docs/ARCHITECTURE.md",
      "docs/contract.md",
      "docs/development.md",
      "docs/operations.md",
      "docs/plugin.md",
      "emulator/README.md",
      // The provider plugin and its schema (docs/plugin.md).
      "bin/pulumi-resource-macie",
      "schema.json",
      "package.json",
      // AWS's API model the emulator enforces and every request is checked against, with its source.
      "dist/model/macie2.json",
      "dist/model/sts.json",
      "model/source.json",
      "model/NOTICE",
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      main: string;
      types: string;
      bin: Record<string, string>;
      exports: Record<string, string | { types: string; default: string }>;
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
      keywords: string[];
    };
    // Everything package.json points at is in the tarball.
    const targets = [
      manifest.main,
      manifest.types,
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [e] : [e.types, e.default])),
    ].map((t) => path.posix.normalize(t));
    expect(files).to.include.members(targets);
    expect(manifest.bin).to.deep.equal({
      "macie-emulator": "dist/emulator/cli.js",
      "macie-preflight": "dist/provider/preflight-cli.js",
      "pulumi-resource-macie": "bin/pulumi-resource-macie",
    });
    expect(files).to.include.members([
      "dist/emulator/cli.js",
      "dist/provider/preflight-cli.js",
      "dist/provider/host.js",
      "dist/provider/shim.js",
      "dist/provider/plugin-main.js",
    ]);
    expect(manifest.repository.url).to.equal(
      "git+https://github.com/pulumi-macie-member-status/pulumi-macie-member-status.git",
    );
    expect(manifest.homepage).to.match(/^https:\/\/github\.com\/pulumi-macie-member-status\//);
    expect(manifest.bugs.url).to.match(/\/issues$/);
    expect(manifest.keywords).to.include.members(["pulumi", "macie"]);

    const license = fs.readFileSync(path.join(installed, "LICENSE"), "utf8");
    expect(license).to.match(/^Copyright 20[0-9]{2} The pulumi-macie-member-status Authors\n/);
    expect(license).to.contain("Apache License\n                           Version 2.0, January 2004");
    expect(license).to.contain("END OF TERMS AND CONDITIONS");
  });

  it("installs with no link to the checkout, no source map and no build path in any file", () => {
    for (const file of walk(path.join(project, "node_modules"))) {
      const full = path.join(project, "node_modules", file);
      if (fs.lstatSync(full).isSymbolicLink()) {
        expect(
          fs.realpathSync(full).startsWith(project + path.sep),
          `${file} → ${fs.realpathSync(full)}`,
        ).to.equal(true);
      }
    }
    expect(requireFromProject.resolve(NAME)).to.equal(path.join(installed, "dist", "provider", "index.js"));
    for (const file of walk(installed)) {
      const text = fs.readFileSync(path.join(installed, file), "utf8");
      expect(text, file).to.not.contain("sourceMappingURL");
      expect(text, file).to.not.contain(clone);
      expect(text, file).to.not.contain(REPO_ROOT);
    }
    for (const bin of [
      "dist/emulator/cli.js",
      "dist/provider/preflight-cli.js",
      "bin/pulumi-resource-macie",
    ]) {
      expect(fs.readFileSync(path.join(installed, bin), "utf8"), bin).to.match(/^#!\/usr\/bin\/env node\n/);
      expect(fs.statSync(path.join(installed, bin)).mode & 0o111, bin).to.not.equal(0);
    }
  });

  it("compiles examples/basic and examples/org-policy with their tsconfig.json under TypeScript 6", async () => {
    const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
    const ts = requireFromProject("typescript/package.json") as { version: string };
    expect(ts.version).to.match(/^6\./);
    // Both examples carry the same tsconfig.json: one type-check of both programs with it.
    const config = (example: string) =>
      fs.readFileSync(path.join(REPO_ROOT, "examples", example, "tsconfig.json"), "utf8");
    expect(config("org-policy")).to.equal(config("basic"));
    fs.writeFileSync(
      path.join(project, "tsconfig.both.json"),
      JSON.stringify({ extends: "./tsconfig.json", files: ["index.ts", "org-policy/index.ts"] }),
    );
    await timed("tsc (examples/basic and org-policy)", timings, () =>
      run(process.execPath, [tsc, "-p", "tsconfig.both.json", "--pretty", "false"], { cwd: project }),
    );
    expect(fs.existsSync(path.join(project, "bin", "index.js"))).to.equal(true);
    expect(fs.existsSync(path.join(project, "bin", "org-policy", "index.js"))).to.equal(true);
    // Why the examples carry their own: Pulumi's classic template config is refused by TypeScript 6.
    fs.writeFileSync(
      path.join(project, "tsconfig.classic.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
        },
        files: ["index.ts"],
      }),
    );
    const classic = spawnSync(
      process.execPath,
      [tsc, "-p", "tsconfig.classic.json", "--noEmit", "--pretty", "false"],
      {
        cwd: project,
        encoding: "utf8",
      },
    );
    expect(classic.status).to.not.equal(0);
    expect(classic.stdout).to.contain("TS5107");
  });

  it("`macie-emulator` from the package's bin answers the installed AWS SDK; the documented variable silences its Node 20 notice", async () => {
    const child = spawn(
      process.execPath,
      [path.join(project, "node_modules", ".bin", "macie-emulator"), "--port", "0", "--members", "1"],
      { cwd: project, stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const found = /http:\/\/127\.0\.0\.1:[0-9]+/.exec(out);
          if (found) resolve(found[0]);
        });
        child.once("exit", (code) => reject(new Error(`macie-emulator exited with ${code}: ${out}`)));
      });
      // A user's script in the project: the project's own SDK, in its own process.
      const getMember = `
        const { Macie2Client, GetMemberCommand } = require("@aws-sdk/client-macie2");
        new Macie2Client({ region: "us-east-1", endpoint: ${JSON.stringify(url)} })
          .send(new GetMemberCommand({ id: "100000000000" }))
          .then((m) => console.log(m.relationshipStatus));`;
      const user = (extra: NodeJS.ProcessEnv) =>
        run(process.execPath, ["-e", getMember], {
          cwd: project,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...DUMMY_CREDENTIALS, ...extra },
        });
      const silenced = await user({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
      expect(silenced.stdout.trim()).to.equal("Enabled");
      expect(silenced.stderr).to.equal("");
      if (Number(process.versions.node.split(".")[0]) < 22) {
        // Without it, on Node 20, the notice README tells how to silence is there.
        const plain = await user({});
        expect(plain.stdout.trim()).to.equal("Enabled");
        expect(plain.stderr).to.contain("NodeVersionSupportWarning");
      }
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("`macie-preflight` from the package's bin reads the installed emulator and writes nothing", async () => {
    const preflight = await run(
      path.join(project, "node_modules", ".bin", "macie-preflight"),
      ["--region", "us-east-1", "--member", B],
      {
        cwd: project,
        env: {
          PATH: process.env.PATH,
          HOME: project,
          ...DUMMY_CREDENTIALS,
          AWS_ENDPOINT_URL_MACIE2: emu.url,
          AWS_ENDPOINT_URL_STS: emu.url,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
      },
    );
    expect(preflight.stdout).to.contain(`caller account: ${emu.adminAccountId}`);
    expect(preflight.stdout).to.contain("3 members on the first page").and.contain("ready (exit 0)");
    expect(emu.calls("ListMembers")).to.equal(1);
    expect(emu.calls("GetMember")).to.equal(1);
    expect(emu.calls("UpdateMemberSession")).to.equal(0);
  });

  it("runs examples/basic, compiled in the project, through the installed @pulumi/pulumi's dynamic-provider host", async () => {
    const sdk = requireFromProject("@pulumi/pulumi") as typeof pulumiSdk;
    const program = path.join(project, "bin", "index.js");
    expect(fs.existsSync(program), "examples/basic was not compiled: see the tsconfig test").to.equal(true);
    const declared = await declare(() => void requireFromProject(program), {
      project: "macie-basic",
      stack: "pack",
      pulumi: sdk,
      config: {
        "aws:region": "us-east-1",
        "macie-basic:accounts": ACCOUNTS,
        "macie-basic:keepOnDestroy": [C],
      },
    });
    expect(declared.map((d) => d.name)).to.deep.equal([A, B, C].map((id) => `member-${id}`));
    // Installed by npm: Pulumi stores the shim by name (provider/program/serialized.ts), not its functions.
    const provider = String(declared[0].inputs.__provider);
    expect(provider).to.contain(`require("${NAME}/shim")`);
    expect(provider).to.not.contain(project);
    expect(Buffer.byteLength(provider)).to.be.at.most(1200);

    // One host per operation, as the engine starts them.
    const startProjectHost = async () => {
      const started = await DynamicProviderHost.start({
        cwd: project,
        script: requireFromProject.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...DUMMY_CREDENTIALS,
          AWS_ENDPOINT_URL_MACIE2: emu.url,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
      });
      await started.configure({});
      return started;
    };
    const host = await startProjectHost();
    const destroyHost = await startProjectHost();
    try {
      const engine = new MiniEngine(host);
      const up = await engine.up(declared);
      expect(up.map((s) => [s.name, s.op, s.error])).to.deep.equal(
        [A, B, C].map((id) => [`member-${id}`, "create", undefined]),
      );
      expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Paused" });
      expect(emu.calls("UpdateMemberSession")).to.equal(2); // A and C; B already Enabled

      expect((await engine.up(declared)).map((s) => s.op)).to.deep.equal(["same", "same", "same"]);
      expect(emu.calls("UpdateMemberSession")).to.equal(2);

      const destroying = new MiniEngine(destroyHost);
      for (const [urn, state] of engine.state) destroying.state.set(urn, state);
      await destroying.destroy();
      // statusOnDelete ENABLED writes A back; B is already Enabled; C is kept (UNCHANGED).
      expect(emu.statuses()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled", [C]: "Paused" });
      expect(emu.calls("UpdateMemberSession")).to.equal(3);
      expect(host.log).to.not.contain("NodeVersionSupportWarning");
    } finally {
      await host.stop();
      await destroyHost.stop();
    }
  });

  it("`pulumi up` of the TypeScript project with the real CLI: converges, raises the drift alarm, destroys", async () => {
    const bin = requireBuiltCli();
    const ws = new Workspace({ directory: project }, bin, {
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: emu.url,
    });
    try {
      await ws.newStack("pack", ACCOUNTS, [C]);
      await timed("pulumi up (TypeScript through ts-node)", timings, () =>
        ws.ok(["up", "--yes", "--skip-preview"]),
      );
      expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Enabled", [C]: "Paused" });
      expect(emu.calls("UpdateMemberSession")).to.equal(2);

      emu.setStatus(A, "Enabled"); // someone resumes Macie by hand
      const alarm = await ws.pulumi(["preview", "--refresh", "--expect-no-changes"]);
      expect(alarm.code, alarm.output).to.not.equal(0);
      expect(alarm.output).to.contain(`member-${A}`).and.contain("no changes were expected");
      expect(emu.calls("UpdateMemberSession")).to.equal(2);

      await ws.ok(["destroy", "--yes", "--skip-preview"]);
      expect(emu.statuses()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled", [C]: "Paused" });
      expect(emu.calls("UpdateMemberSession")).to.equal(2); // A was Enabled by hand already
    } finally {
      ws.remove();
    }
  });
  it("the installed provider plugin: serves schema.json, and a YAML program names it by the path docs/plugin.md gives", async () => {
    const yamlBin = requireYamlHost();
    const bin = [requireBuiltCli(), yamlBin].join(path.delimiter);
    const plugin = path.join(installed, "bin", "pulumi-resource-macie");
    const dir = path.join(project, "yaml");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      [
        "name: macie-pack-yaml",
        "runtime: yaml",
        "plugins:",
        "  providers:",
        "    - name: macie",
        "      path: ../node_modules/pulumi-macie-member-status/bin",
        "config:",
        "  macie:region: us-east-1",
        "resources:",
        "  member-a:",
        "    type: macie:index:MemberStatus",
        `    properties: { accountId: "${A}", status: PAUSED }`,
        "",
      ].join("\n"),
    );
    const ws = new Workspace({ directory: dir }, bin, {
      ...DUMMY_CREDENTIALS,
      AWS_ENDPOINT_URL_MACIE2: emu.url,
      AWS_ENDPOINT_URL_STS: emu.url,
    });
    try {
      const schema = await ws.ok(["package", "get-schema", plugin]);
      expect(JSON.parse(schema)).to.deep.equal(
        JSON.parse(fs.readFileSync(path.join(installed, "schema.json"), "utf8")),
      );
      await ws.ok(["stack", "init", "pack-yaml"]);
      await timed("pulumi up (YAML, the installed plugin)", timings, () =>
        ws.ok(["up", "--yes", "--skip-preview"]),
      );
      expect(emu.statuses()[A]).to.equal("Paused");
      expect(emu.calls("UpdateMemberSession")).to.equal(1);
      await ws.ok(["preview", "--expect-no-changes"]);
      await ws.ok(["destroy", "--yes", "--skip-preview"]);
      expect(emu.statuses()[A]).to.equal("Enabled");
    } finally {
      ws.remove();
    }
  });
});
