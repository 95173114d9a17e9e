// The provider plugin from a Pulumi Go program, under the real CLI (3.248) with the Go language host
// (tools/pulumi-language-go: sdk 3.66's host, which builds the program with `go build` at each run)
// and the SDK generated from schema.json (sdk/go, against sdk/v3 3.248): a member and a region
// policy declared in Go, up, a no-op up (0 writes), the drift alarm, refresh, destroy — exact Macie
// call counts, as for Python and TypeScript.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { MacieEmulator } from "../../emulator/emulator";
import { REPO_ROOT } from "../../harness/host";
import { requireBuiltCli, Workspace } from "../../harness/cli";
import { pluginProject, requireGoHost } from "../../harness/plugin";
import { cliEnvOn, emulator } from "../support/emulator";
import { runPluginLifecycle } from "../support/plugin-lifecycle";

const [A, B, C, D] = ["520000000001", "520000000002", "520000000003", "520000000004"];

const SDK = path.join(REPO_ROOT, "sdk", "go");
const MODULE = fs.readFileSync(path.join(SDK, "go.mod"), "utf8").split("\n")[0].replace("module ", "");

const GO_MOD = `module example.com/macie-go

go 1.25

require (
\t${MODULE} v0.0.0
\tgithub.com/pulumi/pulumi/sdk/v3 v3.248.0
)

replace ${MODULE} => ${SDK}
`;

const PROGRAM = `package main

import (
	"${MODULE}/macie"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		member, err := macie.NewMemberStatus(ctx, "member-a", &macie.MemberStatusArgs{
			AccountId: pulumi.String("${A}"),
			Status:    pulumi.String("PAUSED"),
		})
		if err != nil {
			return err
		}
		east, err := macie.NewRegionPolicy(ctx, "east", &macie.RegionPolicyArgs{
			Region:        pulumi.String("us-east-1"),
			DefaultStatus: pulumi.String("ENABLED"),
			Overrides:     pulumi.StringMap{"${B}": pulumi.String("PAUSED")},
			Exclude:       pulumi.StringArray{pulumi.String("${A}"), pulumi.String("${D}")},
		})
		if err != nil {
			return err
		}
		ctx.Export("relationship", member.RelationshipStatus)
		ctx.Export("held", east.Members)
		return nil
	})
}
`;

function go(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync("go", args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (result.status !== 0)
    throw new Error(`go ${args.join(" ")} exited ${result.status}:\n${result.stdout}${result.stderr}`);
}

/** This process's Go settings (GOPATH, GOMODCACHE, GOCACHE, GOFLAGS, …): the CLI's environment is clean. */
const goEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("GO")));

describe("the provider plugin from a Go program (real CLI)", function () {
  this.timeout(300_000);
  const bin = [requireBuiltCli(), requireGoHost()].join(path.delimiter);
  let module: string;
  let emu: MacieEmulator;
  let ws: Workspace;
  let dir: string;

  before(() => {
    // go.sum once, as a user's `go mod tidy` writes it (from the module cache: sdk.e2e.ts's program
    // needs the same modules); and one `go build`, so that a program that does not compile fails
    // here, plainly, and the host's build at each run finds the Go build cache warm.
    module = fs.mkdtempSync(path.join(os.tmpdir(), "macie-gomod-"));
    fs.writeFileSync(path.join(module, "go.mod"), GO_MOD);
    fs.writeFileSync(path.join(module, "main.go"), PROGRAM);
    go(["mod", "tidy"], module, { GOFLAGS: "-mod=mod" });
    go(["build", "-o", path.join(module, "program"), "."], module);
  });
  after(() => fs.rmSync(module, { recursive: true, force: true }));

  beforeEach(async () => {
    emu = await emulator();
    emu.seed([A, B, C, D].map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    const files = Object.fromEntries(
      ["go.mod", "go.sum", "main.go"].map((name) => [name, fs.readFileSync(path.join(module, name), "utf8")]),
    );
    dir = pluginProject("name: macie-go\nruntime: go\n", files);
    ws = new Workspace({ directory: dir }, bin, {
      ...goEnv(),
      ...cliEnvOn(emu),
      AWS_REGION: "us-east-1",
    });
    await ws.ok(["stack", "init", "dev"]);
  });
  afterEach(() => {
    ws?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("up writes only what differs, a second up writes nothing, drift fails the alarm, up --refresh fixes it, destroy applies statusOnDelete", async () => {
    await runPluginLifecycle(ws, emu, [A, B, C, D]);
  });
});
