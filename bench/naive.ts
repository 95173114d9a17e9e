// The baseline: the dynamic provider most people would write first. It closes over the AWS SDK
// (so Pulumi serializes what it captures into every resource's state), keeps the SDK's default
// retries (3 attempts, no read-back after a failed write) and has no limiter shared across
// resources. It does the same work as ours: read the member, write if the status differs.
//
// Three shapes, as found in the wild: "client" closes over one SDK client made in the program
// (Pulumi 3.248 cannot serialize it: the client's config providers reach Node internals);
// "module" closes over the imported SDK and makes a client per call (serializes ~54 KB of SDK
// internals, which then fail in the host); "require" requires the SDK inside each call and makes
// a client per call — the one that runs, so it is the baseline for time and 429s.
import * as macie2 from "@aws-sdk/client-macie2";
import * as pulumi from "@pulumi/pulumi";
import { spawn } from "node:child_process";
import * as os from "node:os";

interface NaiveInputs {
  accountId: string;
  status: "ENABLED" | "PAUSED";
}

export type NaiveShape = "client" | "module" | "require";

async function converge(client: macie2.Macie2Client, inputs: NaiveInputs) {
  const member = await client.send(new macie2.GetMemberCommand({ id: inputs.accountId }));
  const current = member.relationshipStatus === "Paused" ? "PAUSED" : "ENABLED";
  if (current !== inputs.status) {
    await client.send(new macie2.UpdateMemberSessionCommand({ id: inputs.accountId, status: inputs.status }));
  }
  return { id: inputs.accountId, outs: inputs };
}

function naiveProvider(shape: NaiveShape): pulumi.dynamic.ResourceProvider<NaiveInputs> {
  if (shape === "client") {
    const client = new macie2.Macie2Client({ region: "us-east-1" });
    return { create: (inputs: NaiveInputs) => converge(client, inputs) };
  }
  if (shape === "module") {
    return {
      create: (inputs: NaiveInputs) => converge(new macie2.Macie2Client({ region: "us-east-1" }), inputs),
    };
  }
  return {
    async create(inputs: NaiveInputs) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this shape
      const sdk = require("@aws-sdk/client-macie2") as typeof macie2;
      const client = new sdk.Macie2Client({ region: "us-east-1" });
      const member = await client.send(new sdk.GetMemberCommand({ id: inputs.accountId }));
      const current = member.relationshipStatus === "Paused" ? "PAUSED" : "ENABLED";
      if (current !== inputs.status) {
        await client.send(
          new sdk.UpdateMemberSessionCommand({ id: inputs.accountId, status: inputs.status }),
        );
      }
      return { id: inputs.accountId, outs: inputs };
    },
  };
}

class NaiveMemberStatus extends pulumi.dynamic.Resource {
  constructor(name: string, provider: pulumi.dynamic.ResourceProvider<NaiveInputs>, inputs: NaiveInputs) {
    super(provider, name, inputs, undefined, "naive", "MemberStatus");
  }
}

/** Declares one naive resource per account, all sharing one provider. */
export function declareNaive(accounts: string[], status: NaiveInputs["status"], shape: NaiveShape): void {
  const provider = naiveProvider(shape);
  for (const accountId of accounts) {
    new NaiveMemberStatus(`naive-${accountId}`, provider, { accountId, status });
  }
}

/**
 * What Pulumi does with the shape's provider when it serializes it: its size, or why it cannot.
 * Run in a child process: without shared config files the SDK's pending config read rejects
 * first; with them (as on a user's machine) Pulumi gets further and fails on what the client
 * really holds. The child gets that environment; this process's is left alone.
 */
export async function serializeNaive(shape: NaiveShape): Promise<{ bytes: number } | { error: string }> {
  const child = spawn(process.execPath, [__filename, "--serialize", shape], {
    env: { ...process.env, AWS_CONFIG_FILE: os.devNull, AWS_SHARED_CREDENTIALS_FILE: os.devNull },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once("close", resolve));
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as { bytes: number } | { error: string };
}

async function serializeHere(shape: NaiveShape): Promise<{ bytes: number } | { error: string }> {
  try {
    const provider = naiveProvider(shape);
    const fn = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    return { bytes: fn.text.length };
  } catch (error) {
    // Pulumi's message walks the whole capture chain; say how deep it went and where it ended.
    const lines = String(error instanceof Error ? error.message : error)
      .split("\n")
      .map((l) => l.trim());
    const depth = lines.filter((l) => /which (captured|referenced|indirectly referenced)/.test(l)).length;
    const end = lines.find((l) => l.startsWith("it was ")) ?? lines[0] ?? "";
    return { error: `${depth} captures deep into the SDK and Node internals: ${end}` };
  }
}

if (require.main === module && process.argv[2] === "--serialize") {
  void serializeHere(process.argv[3] as NaiveShape).then((result) => console.log(JSON.stringify(result)));
}
