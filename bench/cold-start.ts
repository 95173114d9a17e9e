// Cold start: how long the dynamic-provider host takes over the first resource, when it loads the
// provider from `__provider`, against a trivial provider that does no work; and the same for the
// second resource (loaded, warm). Ours makes one GetMember for each (the member is already as
// declared), so the warm figure is one call through the host.
import * as pulumi from "@pulumi/pulumi";
import { MacieEmulator } from "../emulator/emulator";
import { DynamicProviderHost, REPO_ROOT } from "../harness/host";
import { declare, programDirectory, providerBytes, type Declared } from "../harness/program";
import { MacieMemberStatus } from "../provider";
import { BENCH_CREDENTIALS } from "./in-process";

export interface ColdStart {
  provider: "ours" | "trivial";
  firstMs: number;
  warmMs: number;
  providerBytes: number;
}

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(
      { create: (inputs: unknown) => Promise.resolve({ id: name, outs: inputs }) },
      name,
      {},
      undefined,
      "trivial",
    );
  }
}

async function timeFirstTwo(declared: Declared[], env: NodeJS.ProcessEnv): Promise<[number, number]> {
  const dir = programDirectory(REPO_ROOT);
  const host = await DynamicProviderHost.start({ cwd: dir.dir, env });
  try {
    await host.configure({});
    const times: number[] = [];
    for (const d of declared.slice(0, 2)) {
      const t0 = process.hrtime.bigint();
      await host.create(d.urn, d.inputs);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return [times[0] ?? 0, times[1] ?? 0];
  } finally {
    await host.stop();
    dir.remove();
  }
}

export async function coldStart(): Promise<ColdStart[]> {
  const emu = new MacieEmulator();
  const url = await emu.start();
  const accounts = ["720000000001", "720000000002"];
  emu.seed(accounts.map((accountId) => ({ accountId, relationshipStatus: "Paused" })));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...BENCH_CREDENTIALS,
    AWS_ENDPOINT_URL_MACIE2: url,
  };
  try {
    const ours = await declare(
      () =>
        accounts.forEach(
          (accountId) =>
            new MacieMemberStatus(accountId, { accountId, status: "PAUSED", region: "us-east-1" }),
        ),
      { project: "bench", stack: "cold" },
    );
    const trivial = await declare(() => ["t1", "t2"].forEach((name) => new Trivial(name)), {
      project: "bench",
      stack: "cold",
    });
    const row = async (provider: ColdStart["provider"], declared: Declared[]): Promise<ColdStart> => {
      const [firstMs, warmMs] = await timeFirstTwo(declared, env);
      return {
        provider,
        firstMs: Math.round(firstMs),
        warmMs: Number(warmMs.toFixed(1)),
        providerBytes: providerBytes(declared[0]),
      };
    };
    return [await row("ours", ours), await row("trivial", trivial)];
  } finally {
    await emu.stop();
  }
}
