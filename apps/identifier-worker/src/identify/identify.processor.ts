import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { IDENTIFY_QUEUE, identifyJobSchema, parseJobPayload } from '@wildid/common';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyService } from './identify.service';
import { ModelCallError } from './model-call.error';

/** Thin: validates the job, runs the identification, and turns failures into retry decisions. */
@Processor(IDENTIFY_QUEUE)
export class IdentifyProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly identifications: IdentifyService,
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.IDENTIFIER_CONCURRENCY;
  }

  async process(job: Job): Promise<void> {
    const { identificationId } = parseJobPayload(identifyJobSchema, job.data);
    try {
      await this.identifications.identify(identificationId);
    } catch (error) {
      await this.handleFailure(job, identificationId, error);
    }
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
