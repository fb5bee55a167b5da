import type { Job } from 'bullmq';
import { type LogContext, runWithLogContext } from './log-context';

/** The job's ids for log lines; read leniently because the processor validates the payload itself. */
export function jobLogContext(queue: string, job: Pick<Job, 'id' | 'data'>): LogContext {
  const data = (typeof job.data === 'object' && job.data !== null ? job.data : {}) as Record<string, unknown>;
  const pick = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  return { queue, jobId: job.id, identificationId: pick('identificationId'), requestId: pick('requestId') };
}

/**
 * Decorates a processor's `process(job)`: every line logged while the job
 * runs carries `{queue, jobId, identificationId, requestId}`, so one upload can
 * be followed from the gateway's request line to the worker's last line.
 */
export function LogJobContext(queue: string): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const process = descriptor.value as (this: unknown, job: Job, ...rest: unknown[]) => unknown;
    descriptor.value = function (this: unknown, job: Job, ...rest: unknown[]) {
      return runWithLogContext(jobLogContext(queue, job), () => process.call(this, job, ...rest));
    };
    return descriptor;
  };
}
