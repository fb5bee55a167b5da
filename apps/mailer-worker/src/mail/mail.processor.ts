import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { LogJobContext, MAIL_QUEUE, type MailJob, mailJobSchema, parseJobPayload } from '@wildid/common';
import { type Job, MetricsTime, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';
import { MAILER_LOGGER } from '../logging/mailer-logger';
import { describeMailError, permanentFailureReason } from './mail-failure';
import { MailService } from './mail.service';

/**
 * Thin: validates the job, sends the mail, and turns failures into retry-or-give-up.
 * Metrics are on: per-minute completed/failed counts in Redis, read by the admin stats and Bull Board.
 */
@Processor(MAIL_QUEUE, { metrics: { maxDataPoints: MetricsTime.ONE_WEEK } })
export class MailProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;

  constructor(
    private readonly mail: MailService,
    @Inject(MAILER_WORKER_CONFIG) private readonly config: MailerWorkerConfig,
    @Inject(MAILER_LOGGER) logger: Logger,
  ) {
    super();
    this.logger = logger.child({ context: MailProcessor.name, queue: MAIL_QUEUE });
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.MAILER_CONCURRENCY;
  }

  /**
   * Shutdown hooks run in this module before BullMQ's own, and MailTransport
   * closes in the next phase: stop taking jobs and let active sends finish first.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  @LogJobContext(MAIL_QUEUE)
  async process(job: Job): Promise<void> {
    // Log lines carry ids only: never the address, the token or the link.
    const fields = { jobId: job.id, attempt: job.attemptsMade + 1 };
    const mail = this.parse(job, fields);
    const sent = { ...fields, requestId: mail.requestId, template: mail.template };
    try {
      await this.mail.send(mail);
    } catch (error) {
      throw this.failure(error, sent);
    }
    this.logger.info(sent, 'mail sent');
  }

  private parse(job: Job, fields: object): MailJob {
    try {
      return parseJobPayload(mailJobSchema, job.data);
    } catch (error) {
      this.logger.warn(fields, 'invalid mail job payload; giving up');
      throw error;
    }
  }

  /** Only a final answer gives up; anything else is rethrown so BullMQ retries with the job's backoff. */
  private failure(error: unknown, fields: object): Error {
    const reason = permanentFailureReason(error);
    if (reason) {
      this.logger.warn({ ...fields, reason }, 'mail not sent; giving up');
      return new UnrecoverableError(reason);
    }
    this.logger.warn({ ...fields, error: describeMailError(error) }, 'mail not sent; will retry while attempts remain');
    return error instanceof Error ? error : new Error(String(error));
  }
}
