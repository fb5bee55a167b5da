import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { QueueAdapterOptions } from '@bull-board/api/typings/app';
import type { Queue } from 'bullmq';

/** What the dashboard may show of a mail job: no address, no sealed token. */
export function mailJobDataForDashboard(data: unknown): Record<string, unknown> {
  const job = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  return { template: job.template, to: '(hidden)', expiresAt: job.expiresAt, requestId: job.requestId };
}

/**
 * The mail queue on the dashboard: read-only (no retry, clean, promote, add or
 * edit, which could re-send or re-address a sign-in mail) and with every job's
 * data reduced to fields that name no one. Admins find a job by its request id.
 */
export class MailQueueDashboardAdapter extends BullMQAdapter {
  constructor(queue: Queue, options: Partial<QueueAdapterOptions> = {}) {
    super(queue, { ...options, readOnlyMode: true, allowRetries: false });
    this.setFormatter('data', mailJobDataForDashboard);
  }
}
