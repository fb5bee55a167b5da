import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { IDENTIFY_QUEUE, identifyJobSchema, parseJobPayload } from '@wildid/common';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { loadIdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyService } from './identify.service';
import { ModelCallError } from './model-call.error';

const config = loadIdentifierWorkerConfig();

/** Thin: validates the job, runs the identification, and turns failures into retry decisions. */
@Processor(IDENTIFY_QUEUE, {
  concurrency: config.IDENTIFIER_CONCURRENCY,
  lockDuration: config.IDENTIFY_LOCK_DURATION_MS,
  stalledInterval: config.IDENTIFY_STALLED_INTERVAL_MS,
  // A job that stalls this often is failed instead of retried forever (a crash loop on one photo).
  maxStalledCount: 2,
})
export class IdentifyProcessor extends WorkerHost implements OnModuleDestroy {
  private readonly logger = new Logger(IdentifyProcessor.name);

  constructor(private readonly identifications: IdentifyService) {
    super();
  }

  /** First shutdown phase: take no new jobs and let active ones finish while Postgres and Redis are still open. */
  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }

  async process(job: Job): Promise<void> {
    const { identificationId } = parseJobPayload(identifyJobSchema, job.data);
    try {
      await this.identifications.identify(identificationId);
    } catch (error) {
      await this.handleFailure(job, identificationId, error);
    }
  }

  /**
   * A job that stalled too often (its workers kept dying) is failed by BullMQ
   * without process() running to record it; record it here so no identification
   * stays `processing`. Recording is idempotent, so the usual path is a no-op.
   */
  @OnWorkerEvent('failed')
  async recordFinalFailure(job: Job | undefined, error: Error): Promise<void> {
    // UnrecoverableError: process() recorded the failure before throwing it.
    if (!job?.finishedOn || error instanceof UnrecoverableError) return;
    const parsed = identifyJobSchema.safeParse(job.data);
    if (!parsed.success) return;
    await this.identifications
      .fail(parsed.data.identificationId, IdentifyService.failureOf(error))
      .catch((cause: Error) => this.logger.error(`could not record the failure of ${job.id}: ${cause.message}`));
  }

  private async handleFailure(job: Job, identificationId: string, error: unknown): Promise<never> {
    if (error instanceof ModelCallError && error.retryAfterMs) {
      // The provider asked everyone to wait: pause the whole queue rather than spend this job's attempts.
      await this.worker.rateLimit(error.retryAfterMs);
      throw Worker.RateLimitError();
    }
    const retryable = !(error instanceof ModelCallError) || error.retryable;
    const attemptsLeft = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    if (retryable && attemptsLeft) throw error;
    const failure = IdentifyService.failureOf(error);
    await this.identifications.fail(identificationId, failure);
    throw new UnrecoverableError(failure.code);
  }
}
