import type { Job, Worker } from 'bullmq';
import { boundedLabel } from '@wildid/common';
import { Counter, type Registry } from 'prom-client';

/** Mails sent, and mails given up on by reason, from the mail worker's own job events. */
export class MailMetrics {
  private readonly sent: Counter<'template'>;
  private readonly failed: Counter<'template' | 'reason'>;

  constructor(registry: Registry) {
    this.sent = new Counter({
      name: 'wildid_mails_sent_total',
      help: 'Mails the SMTP server accepted, by template.',
      labelNames: ['template'],
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'wildid_mails_failed_total',
      help: 'Mails given up on, by template and reason (a permanent SMTP answer, or retries_exhausted).',
      labelNames: ['template', 'reason'],
      registers: [registry],
    });
  }

  observe(worker: Worker): void {
    worker.on('completed', (job) => this.sent.inc({ template: templateOf(job) }));
    worker.on('failed', (job, error) => {
      // Without finishedOn the job waits for another attempt: not given up yet.
      if (job?.finishedOn) this.failed.inc({ template: templateOf(job), reason: reasonOf(error) });
    });
  }
}

function templateOf(job: Job): string {
  return boundedLabel((job.data as { template?: unknown } | undefined)?.template, 'other');
}

/** The processor gives up with UnrecoverableError('<code>: <detail>'); anything else failed its last attempt. */
function reasonOf(error: Error): string {
  if (error.name !== 'UnrecoverableError') return 'retries_exhausted';
  return boundedLabel(error.message.split(':')[0], 'other');
}
