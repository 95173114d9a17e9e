// What a program may declare, refused in the program itself (so at `pulumi preview`, before any
// AWS call): misspelt arguments, the same member declared twice, an explicit pulumi-nodejs
// provider, and Pulumi's `import` option.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { MacieMemberStatus, MacieMemberStatusPolicy } from "../../../provider";
import type { MacieMemberStatusArgs, MacieMemberStatusPolicyArgs } from "../../../provider";
import { declare } from "../../../harness/program";
import { emulator, programOn } from "../../support/emulator";

const PROGRAM = { project: "decl", stack: "test" };
const A = "111111111111";

/** The error a program run fails with (thrown by a constructor, or raised later in an apply). */
async function programError(program: () => unknown, options = PROGRAM): Promise<Error> {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await declare(async () => {
      await program();
      // Let applies that check computed values run before the program ends.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }, options);
  } catch (error) {
    return error as Error;
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  if (rejections[0] instanceof Error) return rejections[0];
  throw new Error("expected the program to fail, and it succeeded");
}

describe("declarations", () => {
  describe("unknown arguments", () => {
    it("MacieMemberStatus refuses a misspelt argument, naming the closest one", async () => {
      const args = { accountId: A, status: "ENABLED", region: "us-east-1", statusOnDelte: "UNCHANGED" };
      const error = await programError(() => new MacieMemberStatus("m", args as MacieMemberStatusArgs));
      expect(error.message).to.contain('MacieMemberStatus "m"');
      expect(error.message).to.contain('"statusOnDelte" is not an argument (did you mean "statusOnDelete"?)');
      expect(error.message).to.contain("accountId, status, region, statusOnDelete");
    });

    it("cuts a long unknown argument name in the message", async () => {
      const long = "x".repeat(10_000);
      const args = { accountId: A, status: "ENABLED", region: "us-east-1", [long]: 1 };
      const error = await programError(() => new MacieMemberStatus("m", args as MacieMemberStatusArgs));
      expect(error.message).to.contain(
        `"${"x".repeat(40)}"… (a name of 10000 characters) is not an argument`,
      );
      expect(error.message.length).to.be.below(400);
    });

    it("MacieMemberStatusPolicy refuses a misspelt argument before listing anything", async () => {
      const emu = await emulator();
      const args = { regions: ["us-east-1"], defaultStatus: "PAUSED", exlude: [A] };
      const error = await programError(
        () => new MacieMemberStatusPolicy("org", args as unknown as MacieMemberStatusPolicyArgs),
        { ...PROGRAM, ...programOn(emu) },
      );
      expect(error.message).to.contain('"exlude" is not an argument (did you mean "exclude"?)');
      expect(emu.calls("ListMembers")).to.equal(0);
    });
  });

  describe("the same member declared twice", () => {
    it("two resources for one (account, region) fail, naming both", async () => {
      const error = await programError(() => {
        new MacieMemberStatus("first", { accountId: A, status: "ENABLED", region: "eu-west-1" });
        new MacieMemberStatus("second", { accountId: A, status: "PAUSED", region: "eu-west-1" });
      });
      expect(error.message)
        .to.contain(`Account ${A} in eu-west-1 is declared twice`)
        .and.contain('MacieMemberStatus "first"')
        .and.contain('MacieMemberStatus "second"')
        .and.contain("exclude");
    });

    it("the same account in two regions is two members, and fine", async () => {
      const declared = await declare(() => {
        new MacieMemberStatus("east", { accountId: A, status: "ENABLED", region: "us-east-1" });
        new MacieMemberStatus("west", { accountId: A, status: "PAUSED", region: "eu-west-1" });
      }, PROGRAM);
      expect(declared).to.have.length(2);
    });

    it("an explicit resource and a policy child for one member fail, in either order", async () => {
      const emu = await emulator();
      emu.seed([{ accountId: A, relationshipStatus: "Enabled", region: "eu-west-1" }]);
      const policy = () =>
        new MacieMemberStatusPolicy("org", { regions: ["eu-west-1"], defaultStatus: "PAUSED" }).ready;
      const explicit = () =>
        new MacieMemberStatus("mine", { accountId: A, status: "ENABLED", region: "eu-west-1" });
      const options = { ...PROGRAM, ...programOn(emu) };
      const before = await programError(async () => {
        explicit();
        await policy();
      }, options);
      expect(before.message)
        .to.contain('MacieMemberStatus "mine"')
        .and.contain('MacieMemberStatusPolicy "org"');
      const after = await programError(async () => {
        await policy();
        explicit();
      }, options);
      expect(after.message).to.contain(`Account ${A} in eu-west-1 is declared twice`);
    });

    it("checks a computed account id once it is known", async () => {
      const error = await programError(() => {
        new MacieMemberStatus("plain", { accountId: A, status: "ENABLED", region: "us-east-1" });
        new MacieMemberStatus("computed", {
          accountId: pulumi.output(Promise.resolve(A)),
          status: "PAUSED",
          region: "us-east-1",
        });
      });
      expect(error.message)
        .to.contain('MacieMemberStatus "computed"')
        .and.contain('MacieMemberStatus "plain"');
    });

    it("shows a secret account id masked, whichever declaration came first (Secrets stay secret)", async () => {
      const emu = await emulator();
      emu.seed([{ accountId: A, relationshipStatus: "Enabled", region: "eu-west-1" }]);
      const secret = () =>
        new MacieMemberStatus("mine", {
          accountId: pulumi.secret(A),
          status: "ENABLED",
          region: "eu-west-1",
        });
      const policy = () =>
        new MacieMemberStatusPolicy("org", { regions: ["eu-west-1"], defaultStatus: "PAUSED" }).ready;
      const options = { ...PROGRAM, ...programOn(emu) };
      for (const program of [
        async () => {
          secret();
          await new Promise((resolve) => setTimeout(resolve, 20)); // its claim lands first
          await policy();
        },
        async () => {
          await policy();
          secret();
        },
      ]) {
        const error = await programError(program, options);
        expect(error.message).to.contain("Account …1111 in eu-west-1 is declared twice").and.not.contain(A);
      }
    });

    it("starts afresh for each program run", async () => {
      for (let run = 0; run < 2; run += 1) {
        const declared = await declare(() => {
          new MacieMemberStatus("m", { accountId: A, status: "ENABLED", region: "us-east-1" });
        }, PROGRAM);
        expect(declared).to.have.length(1);
      }
    });
  });

  // The change limit is counted in one provider process. An explicit pulumi-nodejs provider is
  // another process, with its own count and none of the stack's macie:* config (#22 §2): refused.
  describe("an explicit provider", () => {
    const B = "222222222222";
    class Provider extends pulumi.ProviderResource {}
    const explicitProvider = () => new Provider("pulumi-nodejs", "second", {});

    it("MacieMemberStatus refuses opts.provider and a parent's, naming the resource", async () => {
      const group = (providers: pulumi.ComponentResourceOptions["providers"]) =>
        new pulumi.ComponentResource("my:x:Group", "group", {}, { providers });
      const ways: Array<[string, () => pulumi.CustomResourceOptions]> = [
        ["provider", () => ({ provider: explicitProvider() })],
        ["parent's providers (list)", () => ({ parent: group([explicitProvider()]) })],
        ["parent's providers (map)", () => ({ parent: group({ "pulumi-nodejs": explicitProvider() }) })],
        [
          "parent's provider",
          () => ({
            parent: new pulumi.ComponentResource("my:x:Group", "g", {}, { provider: explicitProvider() }),
          }),
        ],
      ];
      for (const [way, opts] of ways) {
        const error = await programError(
          () => new MacieMemberStatus("m", { accountId: A, status: "PAUSED", region: "us-east-1" }, opts()),
        );
        expect(error.message, way).to.contain('MacieMemberStatus "m"').and.contain('"second"');
        expect(error.message, way).to.contain("macie:maxChangesPerRun").and.contain("default provider");
      }
    });

    it("MacieMemberStatusPolicy refuses one before listing anything", async () => {
      const emu = await emulator();
      const error = await programError(
        () =>
          new MacieMemberStatusPolicy(
            "org",
            { regions: ["us-east-1"], defaultStatus: "PAUSED" },
            { providers: [explicitProvider()] },
          ),
        { ...PROGRAM, ...programOn(emu) },
      );
      expect(error.message).to.contain('MacieMemberStatusPolicy "org"').and.contain('"second"');
      expect(emu.calls("ListMembers")).to.equal(0);
    });

    it("leaves alone a provider of another package, and the default provider", async () => {
      const declared = await declare(() => {
        const parent = new pulumi.ComponentResource(
          "my:x:Group",
          "group",
          {},
          { providers: [new Provider("aws", "east", {})] },
        );
        new MacieMemberStatus("m", { accountId: A, status: "PAUSED", region: "us-east-1" }, { parent });
        new MacieMemberStatus("n", { accountId: B, status: "PAUSED", region: "us-east-1" });
      }, PROGRAM);
      expect(declared.filter((r) => String(r.type).includes("macie"))).to.have.length(2);
    });
  });

  // The engine's import Read of a dynamic resource carries no __provider: Pulumi's host fails with a
  // TypeError and a gRPC stack (pulumi/pulumi#16175). Refused in the constructor, saying what to do.
  describe("the import resource option", () => {
    const args = { accountId: A, status: "PAUSED", region: "us-east-1" } as const;

    it("MacieMemberStatus refuses it at once, naming the resource and the option, and registers nothing", async () => {
      let thrown: unknown;
      const declared = await declare(() => {
        try {
          new MacieMemberStatus("adopted", args, { import: A });
        } catch (error) {
          thrown = error;
        }
      }, PROGRAM);
      expect(declared).to.deep.equal([]);
      expect(thrown).to.be.instanceOf(Error);
      const { name, message } = thrown as Error;
      expect(name).to.equal("DeclarationError");
      expect(message).to.equal(
        `MacieMemberStatus "adopted" is declared with the import resource option ("${A}"), which does not work with ` +
          "dynamic resources: Pulumi's import Read carries no serialized provider, so the provider host would fail " +
          "(pulumi/pulumi#16175). Dynamic resources adopt by declaration — declare it without `import`: create reads " +
          "the member first and writes nothing when it already has the declared status. Nothing was declared or called.",
      );
    });

    it("lets an empty id pass: Pulumi imports nothing then", async () => {
      const declared = await declare(() => {
        new MacieMemberStatus("m", args, { import: "" });
      }, PROGRAM);
      expect(declared.map((r) => r.name)).to.deep.equal(["m"]);
    });
  });
});
