// A process and its descendants, read from /proc (Linux): who they are, their peak memory and CPU
// time, and stopping them all at once (what a CI runner does to a cancelled job).
import * as fs from "node:fs";

/** What a process of a `pulumi` run is: the CLI, the language host (plugin and program), a provider host. */
export type Role = "cli" | "language" | "provider" | "other";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  role: Role;
  /** Peak resident set size so far (VmHWM), in kB. */
  peakKb: number;
  /** CPU time used so far (user + system), in seconds. */
  cpuSeconds: number;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // gone meanwhile
  }
}

/** /proc/<pid>/stat from its third field on (state, ppid, …): the command name may hold spaces. */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
}

function parentOf(pid: number): number | undefined {
  const ppid = statFields(pid)?.[1];
  return ppid === undefined ? undefined : Number(ppid);
}

/** utime + stime (fields 14 and 15), in seconds: Linux counts them in USER_HZ, 100 a second. */
function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * The role of a process of a `pulumi` run, from its command line: the CLI; the language host, i.e.
 * pulumi-language-nodejs and the Node program it runs; the dynamic-provider host (Node running
 * @pulumi/pulumi/cmd/dynamic-provider, started through pulumi-resource-pulumi-nodejs).
 */
export function roleOf(pid: number): Role | undefined {
  const cmdline = read(`/proc/${pid}/cmdline`);
  if (!cmdline) return undefined; // gone, or a zombie
  const argv = cmdline.split("\0");
  const exe = argv[0]?.split("/").pop() ?? "";
  const text = argv.join(" ");
  if (text.includes("cmd/dynamic-provider") || text.includes("pulumi-resource-")) return "provider";
  if (exe.startsWith("pulumi-language-") || text.includes("@pulumi/pulumi/cmd/run")) return "language";
  if (exe === "pulumi") return "cli";
  return "other";
}

function peakKbOf(pid: number): number {
  return Number(/VmHWM:\s+([0-9]+) kB/.exec(read(`/proc/${pid}/status`) ?? "")?.[1] ?? 0);
}

/**
 * Samples the peak memory of `root` and its descendants until stopped: each process's VmHWM is a
 * high-water mark, so the last sample before it exits is its peak (to within the interval).
 * Descendants are looked for every `scanMs`, and known ones sampled every `sampleMs`.
 */
export class PeakMemory {
  private readonly seen = new Map<number, ProcessInfo>();
  private readonly cmdlines = new Map<number, string>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly root: number,
    sampleMs = 100,
    scanMs = 500,
  ) {
    this.scan();
    this.timers.push(setInterval(() => this.sample(), sampleMs));
    this.timers.push(setInterval(() => this.scan(), scanMs));
  }

  private scan(): void {
    for (const pid of [this.root, ...descendants(this.root)]) {
      if (!this.seen.has(pid))
        this.seen.set(pid, { pid, ppid: parentOf(pid) ?? 0, role: "other", peakKb: 0, cpuSeconds: 0 });
    }
    // A process seen between fork and exec shows its parent's command line (and, forked by Go, its
    // parent's memory): when the command line changes, it exec'd — start its peak afresh.
    for (const info of this.seen.values()) {
      const cmdline = read(`/proc/${info.pid}/cmdline`);
      if (!cmdline || cmdline === this.cmdlines.get(info.pid)) continue;
      this.cmdlines.set(info.pid, cmdline);
      info.role = roleOf(info.pid) ?? info.role;
      info.peakKb = 0;
    }
    this.sample();
  }

  private sample(): void {
    for (const info of this.seen.values()) {
      info.peakKb = Math.max(info.peakKb, peakKbOf(info.pid));
      info.cpuSeconds = Math.max(info.cpuSeconds, cpuSecondsOf(info.pid));
    }
  }

  /**
   * Stops sampling; returns the peak of each role in MB: the largest process of the role (an
   * operation may start a role's process more than once, one after the other: `preview --refresh`
   * runs a provider host for each phase), except the language host, whose plugin and Node program
   * run together and are added.
   */
  stop(): Record<Role, number> & { cpuSeconds: Record<Role, number>; processes: ProcessInfo[] } {
    this.sample();
    for (const timer of this.timers) clearInterval(timer);
    const largest = (match: (info: ProcessInfo) => boolean) =>
      Math.max(0, ...[...this.seen.values()].filter(match).map((info) => info.peakKb));
    const mb = (kb: number) => Math.round(kb / 1024);
    const plugin = (info: ProcessInfo) => info.role === "language" && this.isPlugin(info.pid);
    return {
      cli: mb(largest((i) => i.role === "cli")),
      language: mb(largest(plugin) + largest((i) => i.role === "language" && !plugin(i))),
      provider: mb(largest((i) => i.role === "provider")),
      other: mb(largest((i) => i.role === "other")),
      cpuSeconds: this.cpuByRole(),
      processes: [...this.seen.values()],
    };
  }

  /** CPU seconds by role, every process of the role added (as last sampled: to within the interval). */
  private cpuByRole(): Record<Role, number> {
    const cpu: Record<Role, number> = { cli: 0, language: 0, provider: 0, other: 0 };
    for (const info of this.seen.values()) cpu[info.role] += info.cpuSeconds;
    for (const role of Object.keys(cpu) as Role[]) cpu[role] = Number(cpu[role].toFixed(1));
    return cpu;
  }

  private isPlugin(pid: number): boolean {
    const argv0 = this.cmdlines.get(pid)?.split("\0")[0] ?? "";
    return argv0.split("/").pop()?.startsWith("pulumi-language-") ?? false;
  }
}

/** SIGKILL for `root` and every descendant, all at once, as a runner kills a cancelled job. */
export function killTree(root: number): number[] {
  const pids = [root, ...descendants(root)];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return pids;
}
