// Convergence under contention: someone changes every member by hand, and `pulumi up` puts them
// back while Macie is still busy with that change (the emulator answers writes with 409 for a
// window after each change). Measures the time to converge against the window, and the writes.
import { withInProcessProvider } from "./in-process";

export interface ContentionResult {
  windowMs: number;
  members: number;
  seconds: number;
  /** Time to converge ÷ the busy window. */
  ratioToWindow: number;
  /** UpdateMemberSession calls made, and those answered 409. */
  writes: number;
  conflicts: number;
  writesApplied: number;
  reads: number;
  failed: number;
}

export function runContention(windowMs: number, members: number): Promise<ContentionResult> {
  return withInProcessProvider({ busyWindowMs: windowMs }, async (emu, provider) => {
    const ids = Array.from({ length: members }, (_, i) => String(710000000000 + i));
    emu.seed(ids.map((accountId) => ({ accountId, relationshipStatus: "Enabled" })));
    const inputs = (accountId: string, status: string) => ({
      accountId,
      status,
      region: "us-east-1",
      statusOnDelete: "ENABLED",
    });
    for (const id of ids) emu.setStatus(id, "Paused"); // drift: the window starts now
    const t0 = Date.now();
    const results = await Promise.allSettled(
      ids.map((id) => provider.update(id, inputs(id, "PAUSED"), inputs(id, "ENABLED"))),
    );
    const seconds = (Date.now() - t0) / 1000;
    const update = emu.counts.operations.UpdateMemberSession;
    return {
      windowMs,
      members,
      seconds: Number(seconds.toFixed(2)),
      ratioToWindow: Number((seconds / (windowMs / 1000)).toFixed(2)),
      writes: update.calls,
      conflicts: update.answers["409"] ?? 0,
      writesApplied: emu.counts.writesApplied,
      reads: emu.counts.operations.GetMember.calls,
      failed:
        results.filter((r) => r.status === "rejected").length +
        Object.values(emu.statuses()).filter((s) => s !== "Enabled").length,
    };
  });
}
