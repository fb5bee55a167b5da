import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far, in ms (0 once it is gone). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuUse {
  /** CPU ms used by each group of processes during the window. */
  groupsMs: Record<string, number>;
  /** Share of all cores busy during the window (0–1), whoever used them. */
  machineBusy: number;
  /** CPU ms used on the whole machine during the window, whoever used it. */
  machineBusyMs: number;
}

/** A fixed list of pids, or a function listing them now (for processes that come and go, like Postgres backends). */
export type PidGroup = number[] | (() => number[]);

const pidsNow = (group: PidGroup): number[] => (typeof group === 'function' ? group() : group);

/**
 * CPU used by groups of processes (gateway, workers, …) and by the machine between
 * start() and stop(). A process of a listed group that appears during the window
 * counts from zero (all its CPU is inside the window).
 */
export class CpuMeter {
  private readonly before = new Map<number, number>();
  private machineBefore = machineTicks();

  constructor(private readonly groups: Record<string, PidGroup>) {}

  start(): void {
    for (const group of Object.values(this.groups)) for (const pid of pidsNow(group)) this.before.set(pid, processCpuMs(pid));
    this.machineBefore = machineTicks();
  }

  stop(): CpuUse {
    const machine = machineTicks();
    const groupsMs: Record<string, number> = {};
    for (const [name, group] of Object.entries(this.groups)) {
      groupsMs[name] = pidsNow(group).reduce((sum, pid) => sum + Math.max(0, processCpuMs(pid) - (this.before.get(pid) ?? 0)), 0);
    }
    const total = machine.total - this.machineBefore.total;
    const busy = machine.busy - this.machineBefore.busy;
    return { groupsMs, machineBusy: total > 0 ? busy / total : Number.NaN, machineBusyMs: (busy * 1000) / TICKS_PER_SECOND };
  }
}

/** Share of all cores (0–1) used during the window by processes outside the metered groups. */
export function othersShare(cpu: CpuUse): number {
  const ours = Object.values(cpu.groupsMs).reduce((sum, ms) => sum + ms, 0);
  const capacityMs = cpu.machineBusy > 0 ? cpu.machineBusyMs / cpu.machineBusy : Number.NaN;
  return Math.max(0, cpu.machineBusyMs - ours) / capacityMs;
}

/** Share of the machine busy over `ms` (used before the suite starts, to see what else is running). */
export async function machineBusyOver(ms: number): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

/** Pids whose command line contains `text` (e.g. Postgres backends of one database: "postgres: 15/main: postgres <db> …"). */
export function pidsWithCommandLine(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Pids of processes named `name` (/proc/<pid>/comm), e.g. redis-server. */
export function pidsNamed(name: string): number[] {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  }).map(Number);
}
