import type { Queue } from 'bullmq';
import type { RetryPolicy } from './enqueue-identify';
import { MAIL_JOB, type MailJob, mailJobSchema } from './mail.job';

/** The one place mail jobs get their options: SMTP outages are retried with exponential backoff. */
export async function enqueueMail(queue: Queue, payload: MailJob, retry: RetryPolicy): Promise<void> {
  const data = mailJobSchema.parse(payload);
  await queue.add(MAIL_JOB, data, {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
  });
}
