import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const LOG_TAIL_CHARS = 8_000;
// Start-up of an app from dist/ takes ~1–3 s; this allows for a machine busy with other work.
const READY_TIMEOUT_MS = 30_000;
const live = new Set<ChildProcess>();

export interface ChildOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Resolves once the process can take work. */
  ready: (child: BenchChild) => Promise<void>;
}

/** A node process started by the bench (an app from dist/, the floor, the fake model). */
export class BenchChild {
  private output = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-LOG_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(options: ChildOptions): Promise<BenchChild> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    const started = new BenchChild(options.name, child);
    try {
      await withDeadline(options.ready(started), READY_TIMEOUT_MS, () => started.describeFailure('not ready'));
    } catch (error) {
      await started.stop('SIGKILL');
      throw error;
    }
    return started;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get logs(): string {
    return this.output;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves when the output contains `text`; rejects if the process exits first. */
  async waitForOutput(text: string): Promise<void> {
    while (!this.output.includes(text)) {
      if (this.exited) throw new Error(this.describeFailure(`exited before printing "${text}"`));
      await sleep(25);
    }
  }

  /** Sends `signal`, waits up to `graceMs`, then kills. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  describeFailure(what: string): string {
    return `${this.name} (pid ${this.pid}) ${what}; last output:\n${this.output.slice(-3_000)}`;
  }
}

/** Last resort on an aborted run: no process of ours outlives the bench. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

export async function withDeadline<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` every 50 ms until it is true (start-up readiness only; never used while measuring). */
export async function until(check: () => Promise<boolean>, child?: BenchChild): Promise<void> {
  for (;;) {
    if (child?.exited) throw new Error(child.describeFailure('exited during start-up'));
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
}
