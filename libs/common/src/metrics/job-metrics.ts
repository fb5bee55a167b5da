import type { Job, Worker } from 'bullmq';
import { Histogram, type Registry } from 'prom-client';

/** How one attempt ended: `retried` means BullMQ will run the job again. */
export type AttemptOutcome = 'completed' | 'retried' | 'failed';

/** Duration of every attempt and the attempts a job used, per queue, from the BullMQ worker's own events. */
export class JobMetrics {
  private readonly duration: Histogram<'queue' | 'outcome'>;
  private readonly attempts: Histogram<'queue' | 'outcome'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'wildid_job_duration_seconds',
      help: 'Time one job attempt took, from taken by a worker to finished, by queue and outcome.',
      labelNames: ['queue', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
      registers: [registry],
    });
    this.attempts = new Histogram({
      name: 'wildid_job_attempts',
      help: 'Attempts a job used by the time it completed or finally failed, by queue and outcome.',
      labelNames: ['queue', 'outcome'],
      buckets: [1, 2, 3, 4, 5, 6, 8, 10],
      registers: [registry],
    });
  }

  observe(worker: Worker, queue: string): void {
    worker.on('completed', (job) => this.record(queue, job, 'completed'));
    // BullMQ sets finishedOn only when it gives up; otherwise the job goes back to wait for a retry.
    worker.on('failed', (job) => job && this.record(queue, job, job.finishedOn ? 'failed' : 'retried'));
  }

  record(queue: string, job: Pick<Job, 'processedOn' | 'attemptsMade'>, outcome: AttemptOutcome): void {
    if (job.processedOn) this.duration.observe({ queue, outcome }, Math.max(0, Date.now() - job.processedOn) / 1000);
    // The event fires after BullMQ counted this attempt.
    if (outcome !== 'retried') this.attempts.observe({ queue, outcome }, job.attemptsMade);
  }
}
