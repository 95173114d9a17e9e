// Calls each lifecycle operation makes, through the real AWS SDK against the emulator, beside
// the minimum the operation needs.
import { withInProcessProvider } from "./in-process";

export interface CallRow {
  operation: string;
  measured: number;
  minimum: number;
  why: string;
}

/** Each lifecycle operation once, through the real SDK against the emulator, counting calls. */
export function apiCalls(): Promise<CallRow[]> {
  return withInProcessProvider({}, async (emu, provider) => {
    const id = "123456789012";
    const inputs = (status: string) => ({
      accountId: id,
      status,
      region: "us-east-1",
      statusOnDelete: "ENABLED",
    });
    const calls = () => emu.calls("GetMember") + emu.calls("UpdateMemberSession");
    const measure = async (run: () => Promise<unknown>) => {
      const before = calls();
      await run();
      return calls() - before;
    };
    emu.seed([{ accountId: id, relationshipStatus: "Paused" }]);
    return [
      {
        operation: "check",
        measured: await measure(() => provider.check({}, inputs("PAUSED"))),
        minimum: 0,
        why: "validation only",
      },
      {
        operation: "diff",
        measured: await measure(() => provider.diff(id, inputs("PAUSED"), inputs("ENABLED"))),
        minimum: 0,
        why: "compares state with inputs",
      },
      {
        operation: "create, already at the desired status",
        measured: await measure(() => provider.create(inputs("PAUSED"))),
        minimum: 1,
        why: "1 read",
      },
      {
        operation: "update, status change",
        measured: await measure(() => provider.update(id, inputs("PAUSED"), inputs("ENABLED"))),
        minimum: 2,
        why: "1 read + 1 write; measured adds 1 verifying read: success is only reported once Macie shows the status",
      },
      {
        operation: "refresh (read)",
        measured: await measure(() => provider.read(id, inputs("ENABLED"))),
        minimum: 1,
        why: "1 read",
      },
      {
        operation: "delete, member already at statusOnDelete",
        measured: await measure(() => provider.delete(id, inputs("ENABLED"))),
        minimum: 1,
        why: "1 read",
      },
      {
        operation: "delete, status change",
        measured: await measure(async () => {
          emu.setStatus(id, "Paused");
          await provider.delete(id, inputs("PAUSED"));
        }),
        minimum: 2,
        why: "1 read + 1 write; measured adds the verifying read",
      },
    ];
  });
}
