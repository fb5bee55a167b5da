import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { MAIL_QUEUE, mailJobSchema, parseJobPayload } from '@wildid/common';
import { type Job, UnrecoverableError } from 'bullmq';

/**
 * Consumes the mail queue. No template is implemented yet (sign-in mail comes
 * with accounts), so a job fails visibly instead of being dropped in silence.
 */
@Processor(MAIL_QUEUE)
export class MailProcessor extends WorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  async process(job: Job): Promise<void> {
    const mail = parseJobPayload(mailJobSchema, job.data);
    this.logger.warn(`no mail template "${mail.template}" exists yet; job ${job.id} fails`);
    throw new UnrecoverableError(`unknown_template: ${mail.template}`);
  }
}
