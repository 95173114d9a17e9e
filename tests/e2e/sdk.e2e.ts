// The SDKs in sdk/ are what tools/sdk-gen's pulumi-sdkgen generates from schema.json today (a change
// of the schema without `npm run sdk` fails here), and the Go SDK builds: a Go program using it
// compiles against github.com/pulumi/pulumi/sdk/v3 at the version the CLI is built from.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../harness/host";
import { requireSdkGen } from "../../harness/plugin";

/** Every file under `dir`, relative, with its text. */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files.set(rel, fs.readFileSync(path.join(dir, rel), "utf8"));
    }
  };
  walk("");
  return files;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  return result.stdout;
}

describe("the generated SDKs", function () {
  this.timeout(600_000);
  const sdkgen = requireSdkGen();
  let scratch: string;
  beforeEach(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "macie-sdk-"))));
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  for (const language of ["python", "go"]) {
    it(`sdk/${language} is what pulumi-sdkgen makes of schema.json (regenerate: npm run sdk)`, () => {
      const out = path.join(scratch, language);
      run(sdkgen, [language, path.join(REPO_ROOT, "schema.json"), out], REPO_ROOT);
      const committed = filesOf(path.join(REPO_ROOT, "sdk", language));
      const generated = filesOf(out);
      expect([...committed.keys()].sort()).to.deep.equal([...generated.keys()].sort());
      for (const [file, text] of generated) expect(committed.get(file), file).to.equal(text);
    });
  }

  it("a Go program declaring both resources compiles against sdk/go", () => {
    const program = path.join(scratch, "program");
    fs.mkdirSync(program);
    const sdk = path.join(REPO_ROOT, "sdk", "go");
    const module = fs.readFileSync(path.join(sdk, "go.mod"), "utf8").split("\n")[0].replace("module ", "");
    fs.writeFileSync(
      path.join(program, "go.mod"),
      `module example.com/macie-program\n\ngo 1.25\n\nrequire (\n\t${module} v0.0.0\n\tgithub.com/pulumi/pulumi/sdk/v3 v3.248.0\n)\n\nreplace ${module} => ${sdk}\n`,
    );
    fs.writeFileSync(
      path.join(program, "main.go"),
      `package main

import (
	"${module}/macie"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		member, err := macie.NewMemberStatus(ctx, "member", &macie.MemberStatusArgs{
			AccountId: pulumi.String("111111111111"),
			Status:    pulumi.String("PAUSED"),
		})
		if err != nil {
			return err
		}
		east, err := macie.NewRegionPolicy(ctx, "east", &macie.RegionPolicyArgs{
			Region:        pulumi.String("us-east-1"),
			DefaultStatus: pulumi.String("ENABLED"),
			Exclude:       pulumi.StringArray{pulumi.String("111111111111")},
			MaxChanges:    pulumi.Int(50),
		})
		if err != nil {
			return err
		}
		ctx.Export("relationship", member.RelationshipStatus)
		ctx.Export("held", east.Members)
		return nil
	})
}
`,
    );
    run("go", ["mod", "tidy"], program, { GOFLAGS: "-mod=mod" });
    run("go", ["build", "-o", path.join(scratch, "macie-program"), "."], program);
    expect(fs.statSync(path.join(scratch, "macie-program")).size).to.be.greaterThan(0);
  });
});
