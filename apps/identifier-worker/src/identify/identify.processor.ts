import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IDENTIFY_QUEUE, LogJobContext, type ProcessorOptions, QueueProcessor, identifyJobSchema, parseJobPayload } from '@wildid/common';
import { type Job, MetricsTime, type Queue, UnrecoverableError, Worker } from 'bullmq';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import type { IdentifyProgress } from './identify-progress';
import { IdentifyService } from './identify.service';
import { MODEL_RATE_LIMITED, ModelCallError } from './model-errors';

/** Thin: validates the job, runs the identification, and turns failures into retry decisions. */
@Injectable()
export class IdentifyProcessor extends QueueProcessor {
  private readonly logger = new Logger(IdentifyProcessor.name);

  constructor(
    private readonly identifications: IdentifyService,
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
    @InjectQueue(IDENTIFY_QUEUE) queue: Queue,
  ) {
    super(queue);
  }

  protected workerOptions(): ProcessorOptions {
    return {
      concurrency: this.config.IDENTIFIER_CONCURRENCY,
      lockDuration: this.config.IDENTIFY_LOCK_DURATION_MS,
      stalledInterval: this.config.IDENTIFY_STALLED_INTERVAL_MS,
      // A job that stalls this often is failed instead of retried forever (a crash loop on one photo).
      maxStalledCount: 2,
      // Never limits in normal use; having a limiter makes every worker's fetch honour the queue-wide
      // pause that worker.rateLimit() sets on a 429, instead of one taking the job straight back.
      limiter: { max: 10_000, duration: 1_000 },
      // Per-minute completed/failed counts in Redis, read by the gateway's admin stats and Bull Board.
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    };
  }

  override async onModuleDestroy(): Promise<void> {
    this.logger.log('stopping: finishing active jobs, taking no new ones');
    await super.onModuleDestroy();
  }

  @LogJobContext(IDENTIFY_QUEUE)
  async process(job: Job): Promise<void> {
    const { identificationId } = parseJobPayload(identifyJobSchema, job.data);
    const progress = jobLogProgress(job, `attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}`);
    try {
      await this.identifications.identify(identificationId, progress);
    } catch (error) {
      await this.handleFailure(job, identificationId, error, progress);
    }
  }

  private async handleFailure(job: Job, identificationId: string, error: unknown, progress: IdentifyProgress): Promise<never> {
    if (error instanceof ModelCallError && error.notice) {
      // The operator's to fix, not the photo's fault: the job goes back with its attempts while the queue is paused.
      await this.identifications.holdForOperator(identificationId, error, progress);
      throw Worker.RateLimitError();
    }
    if (error instanceof ModelCallError && error.code === MODEL_RATE_LIMITED) {
      const waitMs = error.retryAfterMs ?? backoffMs(job);
      await progress(`error ${error.code}: waiting ${waitMs} ms (${error.retryAfterMs ? 'as the provider asked' : 'backoff'}); pausing the queue, this attempt does not count`);
      // The provider asked everyone to wait: pause the whole queue rather than spend this job's attempts.
      await this.worker.rateLimit(waitMs);
      throw Worker.RateLimitError();
    }
    const retryable = !(error instanceof ModelCallError) || error.retryable;
    const attemptsLeft = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    if (retryable && attemptsLeft) {
      await progress(`error ${describeError(error)}; will retry`);
      throw error;
    }
    await progress(`error ${describeError(error)}; giving up (${retryable ? 'no attempts left' : 'not retryable'})`);
    const failure = this.identifications.failureWithSpend(error);
    await this.identifications.fail(identificationId, failure, progress);
    throw new UnrecoverableError(failure.code);
  }
}

/**
 * Timestamped lines in the job's log (shown by the dashboard), the attempt named
 * on the first one (one Redis write less per job). A line that cannot be written
 * never fails the job.
 */
export function jobLogProgress(job: Pick<Job, 'log'>, attempt: string): IdentifyProgress {
  let first = true;
  return async (step) => {
    const line = first ? `${attempt}: ${step}` : step;
    first = false;
    await job.log(`${new Date().toISOString()} ${line}`).catch(() => undefined);
  };
}

/** The job's own backoff for this attempt, for a 429 that names no wait. */
function backoffMs(job: Job): number {
  const backoff = job.opts.backoff;
  const delay = typeof backoff === 'number' ? backoff : (backoff?.delay ?? 1_000);
  return delay * 2 ** job.attemptsMade;
}

function describeError(error: unknown): string {
  if (error instanceof ModelCallError) return error.code;
  const message = error instanceof Error ? error.message : String(error);
  return `internal_error (${message.slice(0, 200)})`;
}
