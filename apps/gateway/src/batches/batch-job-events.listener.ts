import { OnQueueEvent, QueueEventsHost, QueueEventsListener } from '@nestjs/bullmq';
import { IDENTIFY_QUEUE } from '@wildid/common';
import { z } from 'zod';
import { BatchFeeder } from './batch-feeder.service';

const identificationId = z.uuid();

/** Every finished identify job may leave room for its owner's next batch photos. */
@QueueEventsListener(IDENTIFY_QUEUE)
export class BatchJobEventsListener extends QueueEventsHost {
  constructor(private readonly feeder: BatchFeeder) {
    super();
  }

  @OnQueueEvent('completed')
  async completed({ jobId }: { jobId: string }): Promise<void> {
    if (identificationId.safeParse(jobId).success) await this.feeder.jobFinished(jobId);
  }

  @OnQueueEvent('failed')
  async failed({ jobId }: { jobId: string }): Promise<void> {
    if (identificationId.safeParse(jobId).success) await this.feeder.jobFinished(jobId);
  }
}
