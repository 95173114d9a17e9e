// The provider plugin's lifecycle as a program in another language runs it, for the e2e files of
// each language (plugin-python, plugin-go): the program declares MemberStatus "member-a" (A, PAUSED)
// and RegionPolicy "east" (us-east-1, ENABLED, override B PAUSED, exclude A and D), exports
// `relationship` and `held`; the emulator holds A, B, C, D Enabled. Exact Macie call counts.
import { expect } from "chai";
import type { MacieEmulator } from "../../emulator/emulator";
import type { Workspace } from "../../harness/cli";
import { macieCalls } from "./emulator";

/** up, a no-op up, the drift alarm, up --refresh, destroy: each with the calls and writes it must make. */
export async function runPluginLifecycle(
  ws: Workspace,
  emu: MacieEmulator,
  [A, B, C, D]: readonly [string, string, string, string],
): Promise<void> {
  let before = macieCalls(emu);
  expect(await ws.ok(["up", "--yes", "--skip-preview"])).to.match(/3 created/);
  // A (its own resource) and B (the override) change; the policy listed once, read A once.
  expect(macieCalls(emu, before)).to.deep.equal({ list: 1, get: 3, update: 2 });
  expect(emu.statuses()).to.deep.equal({ [A]: "Paused", [B]: "Paused", [C]: "Enabled", [D]: "Enabled" });
  const outputs = JSON.parse(await ws.ok(["stack", "output", "--json"])) as Record<string, unknown>;
  expect(outputs).to.deep.equal({ relationship: "Paused", held: { [B]: "PAUSED", [C]: "ENABLED" } });

  before = macieCalls(emu);
  expect(await ws.ok(["up", "--yes", "--skip-preview"])).to.match(/3 unchanged/);
  expect(macieCalls(emu, before)).to.deep.include({ update: 0, list: 1 });
  await ws.ok(["preview", "--expect-no-changes"]);

  emu.setStatus(C, "Paused"); // someone pauses Macie by hand
  const drift = await ws.pulumi(["preview", "--refresh", "--expect-no-changes"]);
  expect(drift.code, drift.output).to.not.equal(0);
  expect(drift.output)
    .to.match(/east.*\[diff: ~listedAt,pending\]/)
    .and.contain("no changes were expected");

  before = macieCalls(emu);
  await ws.ok(["up", "--refresh", "--yes", "--skip-preview"]);
  expect(macieCalls(emu, before).update).to.equal(1);
  await ws.ok(["preview", "--refresh", "--expect-no-changes"]);

  before = macieCalls(emu);
  await ws.ok(["destroy", "--yes", "--skip-preview"]);
  expect(emu.statuses()).to.deep.equal({ [A]: "Enabled", [B]: "Enabled", [C]: "Enabled", [D]: "Enabled" });
  expect(macieCalls(emu, before).update).to.equal(2);
}
