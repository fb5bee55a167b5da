import type { Queue } from 'bullmq';
import { IDENTIFY_JOB, identifyJobSchema, type IdentifyJob } from './identify.job';

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * Batch photos wait behind every single upload: BullMQ serves jobs without a priority (single uploads)
 * before prioritized ones, and prioritized ones first in, first out within one priority.
 */
export const BATCH_JOB_PRIORITY = 10;

export type IdentifyOrigin = 'single' | 'batch';

/**
 * The one place identify jobs get their options: job id = identification id, so a job is never queued
 * twice (adding it again is a no-op, which lets the batch feeder re-add jobs safely).
 */
export async function enqueueIdentify(queue: Queue, payload: IdentifyJob, retry: RetryPolicy, origin: IdentifyOrigin = 'single'): Promise<void> {
  const data = identifyJobSchema.parse(payload);
  await queue.add(IDENTIFY_JOB, data, {
    jobId: data.identificationId,
    ...(origin === 'batch' ? { priority: BATCH_JOB_PRIORITY } : {}),
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 },
    // Bounded history so the dashboard shows recent jobs without Redis growing forever.
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
  });
}
