import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IDENTIFY_QUEUE, enqueueIdentify } from '@wildid/common';
import type { Queue } from 'bullmq';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { BatchFeedStore } from './batch-feed.store';

/** The periodic top-up: what no completion event fed (a gateway restart, a lost event, a lost job) is fed by this. */
const SWEEP_EVERY_MS = 30_000;
const FEED_REQUEST_ID = 'batch-feed';

/**
 * Feeds batch photos into the identify queue, at most BATCH_MAX_IN_FLIGHT_PER_USER of one user's at a
 * time, at the batch priority: with every user's slice that small, the workers go round the users in
 * turn instead of finishing one user's card first. Fed after uploads, as jobs finish, and every 30 s.
 * Held-back photos live only in Postgres (status queued, enqueued_at null), so a restart loses none.
 */
@Injectable()
export class BatchFeeder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BatchFeeder.name);
  /** One top-up per user at a time in this process; a request during one runs once more after it. */
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: BatchFeedStore,
    @InjectQueue(IDENTIFY_QUEUE) private readonly queue: Queue,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
    void this.sweep();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  /** After an identify job of this identification finished: its owner may have room again. */
  async jobFinished(identificationId: string): Promise<void> {
    const userId = await this.store.batchPhotoOwner(identificationId).catch((error: Error) => {
      this.logger.warn({ msg: 'could not look up a finished job', identificationId, error: error.message });
      return null;
    });
    if (userId) await this.topUp(userId);
  }

  /** Fills the user's room in the queue; never throws (the sweep retries whatever this could not do). */
  topUp(userId: string): Promise<void> {
    const current = this.running.get(userId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      do {
        entry.again = false;
        await this.feed(userId).catch((error: Error) => this.logger.warn({ msg: 'could not feed batch photos', userId, error: error.message }));
      } while (entry.again);
      this.running.delete(userId);
    })();
    this.running.set(userId, entry);
    return entry.done;
  }

  /** Every user with held-back photos, and jobs re-added for photos marked enqueued (a no-op for jobs that exist). */
  async sweep(): Promise<void> {
    try {
      await this.enqueue(await this.store.inFlightQueued());
      for (const userId of await this.store.usersWaiting()) await this.topUp(userId);
    } catch (error) {
      this.logger.warn({ msg: 'batch feed sweep failed', error: (error as Error).message });
    }
  }

  private async feed(userId: string): Promise<void> {
    const ids = await this.store.claim(userId, this.config.BATCH_MAX_IN_FLIGHT_PER_USER);
    try {
      await this.enqueue(ids);
    } catch (error) {
      await this.store.release(ids);
      throw error;
    }
  }

  private async enqueue(ids: string[]): Promise<void> {
    const retry = { attempts: this.config.IDENTIFY_ATTEMPTS, backoffMs: this.config.IDENTIFY_BACKOFF_MS };
    for (const id of ids) await enqueueIdentify(this.queue, { identificationId: id, requestId: FEED_REQUEST_ID }, retry, 'batch');
  }
}
