import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { LogJobContext, MAIL_QUEUE, type MailJob, type ProcessorOptions, QueueProcessor, mailJobSchema, parseJobPayload } from '@wildid/common';
import { type Job, MetricsTime, type Queue, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';
import { MAILER_LOGGER } from '../logging/mailer-logger';
import { describeMailError, permanentFailureReason } from './mail-failure';
import { MailService } from './mail.service';

/** Thin: validates the job, sends the mail, and turns failures into retry-or-give-up. */
@Injectable()
export class MailProcessor extends QueueProcessor {
  private readonly logger: Logger;

  constructor(
    private readonly mail: MailService,
    @Inject(MAILER_WORKER_CONFIG) private readonly config: MailerWorkerConfig,
    @Inject(MAILER_LOGGER) logger: Logger,
    @InjectQueue(MAIL_QUEUE) queue: Queue,
  ) {
    super(queue);
    this.logger = logger.child({ context: MailProcessor.name, queue: MAIL_QUEUE });
  }

  protected workerOptions(): ProcessorOptions {
    return {
      concurrency: this.config.MAILER_CONCURRENCY,
      // Per-minute completed/failed counts in Redis, read by the admin stats and Bull Board.
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    };
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
