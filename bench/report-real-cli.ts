// Section 6 of BENCHMARKS.md from real-cli-stacks.ts's results: N single resources through the real
// CLI, each configuration's wall times against the trivial provider's in the same run and the API
// floor; state, memory, CPU; what one resource stores.
import type { Operation, RealCliResult, StackResult } from "./real-cli-stacks";
import { seconds, table, times } from "./table";

function stackLabel(r: StackResult): [string, string] {
  return [
    r.skipCheckpoints ? "`PULUMI_SKIP_CHECKPOINTS=true`" : "default",
    r.parallel ? String(r.parallel) : "default (8)",
  ];
}

/** CPU seconds of `up`: CLI / language host / provider host. */
export function cpuOfUp(s: StackResult): string {
  const cpu = s.operations.find((o) => o.operation === "up")?.cpuSeconds;
  return cpu ? `${cpu.cli} / ${cpu.language} / ${cpu.provider}` : "–";
}

/** The section on the real CLI: wall times against the engine's own and the API floor; state; memory. */
export function renderRealCli(r: RealCliResult): string {
  const sizes = [...new Set(r.stacks.map((s) => s.n))];
  const OPERATIONS = Object.keys(r.callsPerMember) as Operation[];
  const floor = (n: number, op: Operation, rate: number) => (r.callsPerMember[op] * n) / rate;
  const order = (s: StackResult) =>
    [s.skipCheckpoints ? 1 : 0, s.parallel ?? 0, s.provider === "trivial" ? 0 : s.byValue ? 2 : 1].join(".");
  const perSize = sizes.map((n) => {
    const stacks = r.stacks
      .filter((s) => s.n === n)
      .sort((a, b) => order(a).localeCompare(order(b), "en", { numeric: true }));
    const baseline = (s: StackResult) =>
      stacks.find(
        (t) =>
          t.provider === "trivial" && t.skipCheckpoints === s.skipCheckpoints && t.parallel === s.parallel,
      );
    const floorLine = (rate: number) =>
      OPERATIONS.map((op) => `${op} ${seconds(floor(n, op, rate))}`).join(", ");
    const wall = table(
      [
        "checkpoints",
        "--parallel",
        "provider",
        ...OPERATIONS,
        "state bytes / resource",
        "`__provider` bytes",
      ],
      stacks.map((s) => {
        const base = baseline(s);
        return [
          ...stackLabel(s),
          s.provider === "trivial"
            ? "trivial (the engine's own cost)"
            : s.byValue
              ? "ours, shim by value (a linked install; 0.1's state)"
              : "**ours**",
          ...OPERATIONS.map((op) => {
            const mine = s.operations.find((o) => o.operation === op)?.seconds ?? 0;
            if (s.provider === "trivial") return seconds(mine);
            const engine = base?.operations.find((o) => o.operation === op)?.seconds ?? 0;
            const api = floor(n, op, r.rate);
            return `${seconds(mine)}: **${times(mine, engine)}** engine${api > 0 ? `, ${times(mine, api)} floor` : ""}`;
          }),
          s.stateBytesPerResource,
          s.providerBytes,
        ];
      }),
    );
    const memory = table(
      [
        "checkpoints",
        "--parallel",
        "provider",
        "CLI",
        "language host",
        "provider host",
        "CPU s of up: CLI / language host / provider host",
        "writes applied (up / destroy)",
        "all converged",
        "429s",
      ],
      stacks.map((s) => {
        const peak = (role: "cli" | "language" | "provider") =>
          Math.max(...s.operations.map((o) => o.peakMb[role]));
        return [
          ...stackLabel(s),
          s.byValue ? "ours, by value" : s.provider,
          `${peak("cli")} MB`,
          `${peak("language")} MB`,
          `${peak("provider")} MB`,
          cpuOfUp(s),
          s.provider === "ours" ? `${s.writesApplied.up} / ${s.writesApplied.destroy}` : "–",
          s.provider === "ours" ? (s.converged ? "yes" : "**no**") : "–",
          s.throttled,
        ];
      }),
    );
    return `### N = ${n.toLocaleString("en-US")}

API floor (Macie calls ÷ rate; up and destroy change every member: read, write, verifying read): at ${r.rate} calls/s ${floorLine(r.rate)}; at 20 calls/s ${floorLine(20)}.

Wall time; for ours, ÷ the trivial provider in the same configuration ("engine") and ÷ the API floor at ${r.rate} calls/s ("floor"):

${wall}

Peak resident memory (VmHWM of each process, sampled every 100 ms; the highest of the five operations; the language host is pulumi-language-nodejs and the Node program together), and the CPU time each took in \`up\` (the machine has nproc cores for all of them, the emulator and the bench):

${memory}`;
  });
  // One resource's record, from the first stack of each kind: a record is the same at any N.
  const kinds: [string, (s: StackResult) => boolean][] = [
    ["trivial", (s) => s.provider === "trivial"],
    ["**ours**", (s) => s.provider === "ours" && !s.byValue],
    ["ours, shim by value", (s) => s.provider === "ours" && s.byValue === true],
  ];
  const records = kinds.flatMap(([label, kind]) => {
    const stack = r.stacks.find(kind);
    return stack ? [{ label, record: stack.record }] : [];
  });
  const stored = table(
    [
      "provider",
      "record",
      "`__provider` (inputs + outputs)",
      "other inputs",
      "other outputs",
      "sourcePosition + stackTrace",
      "the rest (urn, type, id, parent, provider, dependencies, times)",
    ],
    records.map(({ label, record }) => [
      label,
      record.total,
      record.provider,
      record.inputs,
      record.outputs,
      record.sourcePositions,
      record.other,
    ]),
  );
  const forms = table(
    ["how the shim is written", "`__provider` bytes", "works"],
    r.shimForms.map((f) => [f.form, f.bytes, f.works]),
  );
  return `## 6. Through the real Pulumi CLI

Written by \`${r.command}\` on ${r.date}; took ${r.seconds} s.
Machine: ${r.machine}.
${r.versions}; the CLI built by \`tools/pulumi-cli/build.sh\`.

N single \`MacieMemberStatus\` resources declared PAUSED over members seeded Enabled, through the real
CLI on a DIY file backend, against the emulator in the bench process at ${r.rate} calls/s (burst ${r.burst}).
Each configuration is a fresh stack: \`up\`, a no-op \`up\`, \`refresh\`, the drift check
\`preview --refresh --expect-no-changes\` and \`destroy\` (\`--skip-preview\` where it applies). Beside each,
the same N through a trivial dynamic provider installed as a package, in the same run: its
\`__provider\` is a \`require\` of it, the smallest there is, and it echoes its inputs and calls
nothing — the engine's own cost, which ours is measured against. Both programs are installed as
\`npm install\` leaves them, so Pulumi stores our shim by name (provider/program/serialized.ts). The default
\`--parallel\` is the CLI's, 4 × CPUs. Other test runs may share the machine: compare within one
configuration (same checkpointing and \`--parallel\`), and read the CPU seconds, which load moves less than
wall time.

${perSize.join("\n\n")}

### What each resource stores

One resource's record in the checkpoint after \`up\`, in JSON bytes (from the first stack of each kind above: a record is the same at any N):

${stored}

The outputs repeat the inputs (\`accountId\`, \`status\`, \`region\`, \`statusOnDelete\`: about 100 bytes), which
docs/contract.md makes outputs; the dynamic-provider host adds \`__provider\` to the outputs itself. The
engine's source positions come from the program's call stack, for any resource.

What Pulumi's closure serializer makes of the ways to write the shim (\`node dist/bench/shim-forms.js\`):

${forms}

Every function costs about 170 bytes of the serializer's own wrapping (\`with\` scope, \`apply\`), and the
host needs seven (configure, check, diff, create, read, update, delete), so no hand-written form gets far
below 2,000 bytes; only a module captured as it is is stored as a \`require\` by name.
`;
}
