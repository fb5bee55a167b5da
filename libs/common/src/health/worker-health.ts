import type { Worker } from 'bullmq';
import { withDeadline } from '../async/with-deadline';
import type { OpsRoute } from '../metrics/ops-listener';

/** Throws when the dependency is not usable; may return details for the report. */
export type HealthCheck = () => Promise<object | void>;

type IndicatorResult = { status: 'up' | 'down' } & Record<string, unknown>;

/** The same shape Terminus gives the gateway's answers, so one probe parser reads every process. */
export interface HealthReport {
  status: 'ok' | 'error' | 'shutting_down';
  info: Record<string, IndicatorResult>;
  error: Record<string, IndicatorResult>;
  details: Record<string, IndicatorResult>;
}

/** A worker's live and ready endpoints for its health listener (workers have no Nest HTTP server). */
export class WorkerHealth {
  private draining = false;

  constructor(
    private readonly checks: Record<string, HealthCheck>,
    private readonly timeoutMs = 1_500,
  ) {}

  /** From the first shutdown phase on, ready answers 503: this process is finishing, not taking work. */
  drain(): void {
    this.draining = true;
  }

  routes(): Record<string, OpsRoute> {
    const ready: OpsRoute = async () => {
      const report = await this.report();
      return { status: report.status === 'ok' ? 200 : 503, body: report };
    };
    return {
      // Live: the event loop answers. No dependency checks, so an outage never gets a healthy process restarted.
      '/health/live': async () => ({ status: 200, body: { status: 'ok' } }),
      '/health/ready': ready,
      '/health': ready,
    };
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(
      Object.entries(this.checks).map(async ([key, check]) => [key, await this.run(check)] as const),
    );
    const details = Object.fromEntries(results);
    const pick = (status: 'up' | 'down') => Object.fromEntries(results.filter(([, result]) => result.status === status));
    const failing = results.some(([, result]) => result.status === 'down');
    return {
      status: this.draining ? 'shutting_down' : failing ? 'error' : 'ok',
      info: pick('up'),
      error: pick('down'),
      details,
    };
  }

  private async run(check: HealthCheck): Promise<IndicatorResult> {
    try {
      const data = await withDeadline(check(), this.timeoutMs);
      return { ...(data ?? {}), status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message };
    }
  }
}

/**
 * Up while the BullMQ worker's loop runs: not before it started, not once it
 * was closed. Takes the processor (a WorkerHost), whose worker exists only after init.
 */
export function bullWorkerCheck(host: { readonly worker: Worker }): HealthCheck {
  return async () => {
    const worker = host.worker;
    if (!worker.isRunning()) throw new Error('the BullMQ worker is not running');
    return { concurrency: worker.concurrency };
  };
}
