import { OnQueueEvent, QueueEventsHost, QueueEventsListener } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { IDENTIFY_QUEUE } from '@wildid/common';
import { z } from 'zod';
import { IdentifyService } from './identify.service';

const identificationId = z.uuid();

/**
 * Records every final job failure on the identification. process() records its
 * own failures before giving up, so for them the status guard makes this a no-op
 * (the reason it would derive from failedReason is never stored); it matters for
 * jobs BullMQ fails by itself — one that stalled too often because its workers
 * kept dying — which no worker's process() sees and no worker 'failed' event
 * reports. Every worker hears the event; recording is idempotent.
 */
@QueueEventsListener(IDENTIFY_QUEUE)
export class FinalFailuresListener extends QueueEventsHost {
  private readonly logger = new Logger(FinalFailuresListener.name);

  constructor(private readonly identifications: IdentifyService) {
    super();
  }

  @OnQueueEvent('failed')
  async record({ jobId, failedReason }: { jobId: string; failedReason: string }): Promise<void> {
    if (!identificationId.safeParse(jobId).success) return;
    await this.identifications
      .fail(jobId, IdentifyService.failureOf(new Error(failedReason)))
      .catch((error: Error) => this.logger.error({ msg: 'could not record the failure of a job', jobId, error: error.message }));
  }
}
