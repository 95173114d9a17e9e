// What Pulumi's closure serializer makes of the ways a dynamic provider's shim can be written: the
// bytes of `__provider`, which the engine stores twice per resource. Serialized as
// pulumi.dynamic.Resource does it (`serializeFunction(() => provider)`); the by-name form in a
// child process whose project has the package installed as npm installs it.
//
//   node dist/bench/shim-forms.js
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   the shapes below are what is measured, written as a user would. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { REPO_ROOT } from "../harness/host";
import { installInto } from "../harness/program";

export interface ShimForm {
  form: string;
  bytes: number;
  /** Whether the host can use it as this package's provider, and if not, why. */
  works: string;
}

type AnyArgs = unknown[];

const FORMS: { form: string; works: string; make: () => dynamic.ResourceProvider }[] = [
  {
    form: "by value: seven arrows, `require(…/host)` each, rest parameters (0.1; linked installs)",
    works: "yes",
    make: () => ({ ...(require("../provider/shim") as dynamic.ResourceProvider) }),
  },
  {
    form: "the same with a shorter subpath, `require(…/h)`",
    works: "yes, with an `./h` export",
    make: () => ({
      configure: (...a: AnyArgs) => require("pulumi-macie-member-status/h").configure(...a),
      check: (...a: AnyArgs) => require("pulumi-macie-member-status/h").check(...a),
      diff: (...a: AnyArgs) => require("pulumi-macie-member-status/h").diff(...a),
      create: (...a: AnyArgs) => require("pulumi-macie-member-status/h").create(...a),
      read: (...a: AnyArgs) => require("pulumi-macie-member-status/h").read(...a),
      update: (...a: AnyArgs) => require("pulumi-macie-member-status/h").update(...a),
      delete: (...a: AnyArgs) => require("pulumi-macie-member-status/h").delete(...a),
    }),
  },
  {
    form: "seven arrows calling one captured dispatcher by method name",
    works: "yes",
    make: () => {
      const d = (m: string, a: unknown[]) => require("pulumi-macie-member-status/h")[m](...a);
      return {
        configure: (...a: AnyArgs) => d("configure", a),
        check: (...a: AnyArgs) => d("check", a),
        diff: (...a: AnyArgs) => d("diff", a),
        create: (...a: AnyArgs) => d("create", a),
        read: (...a: AnyArgs) => d("read", a),
        update: (...a: AnyArgs) => d("update", a),
        delete: (...a: AnyArgs) => d("delete", a),
      };
    },
  },
  {
    form: "method shorthand, `check(...a) { return require(…).check(...a); }`",
    works: "yes",
    make: () => ({
      configure(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").configure(...a);
      },
      check(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").check(...a);
      },
      diff(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").diff(...a);
      },
      create(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").create(...a);
      },
      read(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").read(...a);
      },
      update(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").update(...a);
      },
      delete(...a: AnyArgs) {
        return require("pulumi-macie-member-status/h").delete(...a);
      },
    }),
  },
  {
    form: "one function object for all seven methods",
    works: "no: it cannot tell read from delete, nor diff from update (same arguments)",
    make: () => {
      const f = (...a: AnyArgs) => require("pulumi-macie-member-status/h").any(...a);
      return { configure: f, check: f, diff: f, create: f, read: f, update: f, delete: f };
    },
  },
  {
    form: "a trivial provider: one inline `create` that echoes its inputs",
    works: "– (not this package's provider)",
    make: () => ({ create: (inputs: { id: string }) => Promise.resolve({ id: inputs.id, outs: inputs }) }),
  },
];

async function serialize(provider: dynamic.ResourceProvider): Promise<number> {
  const text = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
  return Buffer.byteLength(text);
}

/** The shim module captured as it is, in a project where the package is installed: the by-name form. */
function byName(): number {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "macie-shim-forms-"));
  try {
    installInto(path.join(root, "node_modules"), REPO_ROOT);
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const provider = require("pulumi-macie-member-status/shim");
      pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })
        .then((f) => console.log(JSON.stringify(f.text)));`;
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const text = JSON.parse(out.trim().split("\n").pop() ?? '""') as string;
    if (!text.includes('require("pulumi-macie-member-status/shim")'))
      throw new Error(`not by name:\n${text}`);
    return Buffer.byteLength(text);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export async function shimForms(): Promise<ShimForm[]> {
  const rows: ShimForm[] = [];
  for (const f of FORMS) rows.push({ form: f.form, bytes: await serialize(f.make()), works: f.works });
  rows.splice(rows.length - 1, 0, {
    form: "**by name: the shim module captured as it is, package installed (0.2)**",
    bytes: byName(),
    works: "yes, where the package is in node_modules (serialized.ts checks; by value elsewhere)",
  });
  return rows;
}

if (require.main === module) {
  shimForms()
    .then((rows) => {
      for (const r of rows) console.log(`${String(r.bytes).padStart(5)}  ${r.form}  (${r.works})`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
