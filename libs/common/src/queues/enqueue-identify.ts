import type { Queue } from 'bullmq';
import { IDENTIFY_JOB, identifyJobSchema, type IdentifyJob } from './identify.job';

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** The one place identify jobs get their options: job id = identification id, so a job is never queued twice. */
export async function enqueueIdentify(queue: Queue, payload: IdentifyJob, retry: RetryPolicy): Promise<void> {
  const data = identifyJobSchema.parse(payload);
  await queue.add(IDENTIFY_JOB, data, {
    jobId: data.identificationId,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    // Bounded history so the dashboard shows recent jobs without Redis growing forever.
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
  });
}
