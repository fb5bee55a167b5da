import { readFileSync, writeFileSync } from 'node:fs';

const SAMPLE_EVERY_MS = 100;

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resets the kernel's peak-RSS counter (VmHWM) of a process we own; false when not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface PeakRss {
  /** Bytes; the larger of the sampled VmRSS maximum and the kernel's VmHWM since the reset. */
  peakBytes: number;
  /** Whether VmHWM could be reset at the start (otherwise only samples count). */
  kernelPeak: boolean;
  /** VmRSS of the largest process when sampling started (the resting size), bytes. */
  startBytes: number;
}

/** Peak resident memory of a group of processes (e.g. all identifier workers) during a window. */
export class RssSampler {
  private readonly sampledPeak = new Map<number, number>();
  private readonly resetOk = new Map<number, boolean>();
  private readonly startRss = new Map<number, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly groups: Record<string, number[]>) {}

  start(): void {
    for (const pid of Object.values(this.groups).flat()) {
      this.resetOk.set(pid, resetPeak(pid));
      this.startRss.set(pid, statusField(pid, 'VmRSS'));
      this.sampledPeak.set(pid, this.startRss.get(pid) ?? 0);
    }
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  /** Per group, the peak of its largest process. */
  stop(): Record<string, PeakRss> {
    clearInterval(this.timer);
    this.sample();
    const result: Record<string, PeakRss> = {};
    for (const [group, pids] of Object.entries(this.groups)) {
      let peakBytes = 0;
      for (const pid of pids) {
        const kernel = this.resetOk.get(pid) ? statusField(pid, 'VmHWM') : 0;
        peakBytes = Math.max(peakBytes, kernel, this.sampledPeak.get(pid) ?? 0);
      }
      const startBytes = Math.max(0, ...pids.map((pid) => this.startRss.get(pid) ?? 0));
      result[group] = { peakBytes, kernelPeak: pids.every((pid) => this.resetOk.get(pid)), startBytes };
    }
    return result;
  }

  private sample(): void {
    for (const pid of this.sampledPeak.keys()) {
      this.sampledPeak.set(pid, Math.max(this.sampledPeak.get(pid) ?? 0, statusField(pid, 'VmRSS')));
    }
  }
}
