import { Inject, Injectable } from '@nestjs/common';
import { type QueuePlace, batchEtaOf, etaSeconds, measuredIdentifyRate } from '@wildid/common';
import type Redis from 'ioredis';
import { GATEWAY_REDIS } from '../redis/gateway-redis';
import { QueueOutlookStore } from './queue-outlook.store';

/**
 * Queue positions and ETAs: counts from Postgres, the pace from the identify jobs finished in the
 * last minutes (counted in Redis by the workers). Never fails a read: without Redis there is no ETA.
 */
@Injectable()
export class QueueOutlook {
  constructor(
    private readonly store: QueueOutlookStore,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  /** Where a queued identification stands; null when it is not queued (any more). */
  async placeOf(identificationId: string): Promise<QueuePlace | null> {
    const ahead = await this.store.ahead(identificationId);
    if (ahead === null) return null;
    return { ahead, etaSeconds: etaSeconds(ahead + 1, await this.rate()) };
  }

  /** Seconds until the batch's last photo should be done; undefined when none is left or no rate is known. */
  async batchEta(batchId: string): Promise<{ seconds: number } | undefined> {
    return batchEtaOf(await this.store.batchRemaining(batchId), await this.rate());
  }

  private rate(): Promise<number | null> {
    return measuredIdentifyRate(this.redis).catch(() => null);
  }
}
