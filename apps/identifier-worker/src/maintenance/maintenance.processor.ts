import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MAINTENANCE_QUEUE, PURGE_EXPIRED_JOB, type ProcessorOptions, QueueProcessor, parseJobPayload, purgeExpiredJobSchema } from '@wildid/common';
import { type Job, Queue, UnrecoverableError } from 'bullmq';
import { type SignInPurge, EndedSignInsPurger } from './ended-sign-ins.purger';
import { ExpiredIdentificationsPurger } from './expired-identifications.purger';

const PURGE_EVERY_MS = 15 * 60_000;

/** Repeatable housekeeping; the scheduler is upserted by every worker, BullMQ keeps one. */
@Injectable()
export class MaintenanceProcessor extends QueueProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly purger: ExpiredIdentificationsPurger,
    private readonly signIns: EndedSignInsPurger,
    @InjectQueue(MAINTENANCE_QUEUE) queue: Queue,
  ) {
    super(queue);
  }

  /** BullMQ's defaults: one job at a time is plenty every 15 minutes. */
  protected workerOptions(): ProcessorOptions {
    return {};
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      PURGE_EXPIRED_JOB,
      { every: PURGE_EVERY_MS },
      { name: PURGE_EXPIRED_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /** The job keeps its name (renaming a scheduled job strands the old scheduler); it purges sign-in data too. */
  async process(job: Job): Promise<{ purged: number } & SignInPurge> {
    if (job.name !== PURGE_EXPIRED_JOB) throw new UnrecoverableError(`unknown maintenance job ${job.name}`);
    parseJobPayload(purgeExpiredJobSchema, job.data);
    return { purged: await this.purger.purge(), ...(await this.signIns.purge()) };
  }
}
