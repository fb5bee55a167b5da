import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { IDENTIFY_QUEUE, MODEL_PAUSE_KEY, type ModelNoticeCode, type ModelPause, noticeOf, readModelPause } from '@wildid/common';
import type { Queue } from 'bullmq';
import { WorkerStateRedis } from '../redis/worker-state-redis';
import { WaitingIdentificationsNotifier } from './waiting-identifications.notifier';

/**
 * Pauses the identify queue for an operator problem (bad key, no credits, no
 * served model, budget reached) and resumes it once fixed. Jobs stay in the
 * queue with their attempts; the reason lives in one Redis key that gateways
 * read to tell the people waiting.
 */
@Injectable()
export class ModelPauseService {
  private readonly logger = new Logger(ModelPauseService.name);

  constructor(
    private readonly redis: WorkerStateRedis,
    @InjectQueue(IDENTIFY_QUEUE) private readonly queue: Queue,
    private readonly waiting: WaitingIdentificationsNotifier,
  ) {}

  current(): Promise<ModelPause | null> {
    return readModelPause(this.redis.client);
  }

  /** Returns true when this call began the pause (and told the waiting identifications); false when it already was. */
  async pause(code: ModelNoticeCode, reason: string): Promise<boolean> {
    const pause: ModelPause = { code, reason, since: new Date().toISOString() };
    const began = (await this.redis.client.set(MODEL_PAUSE_KEY, JSON.stringify(pause), 'NX')) === 'OK';
    await this.queue.pause();
    if (began) {
      this.logger.warn({ msg: 'identify queue paused', code, reason });
      await this.waiting.notify(noticeOf(pause));
    }
    return began;
  }

  /** Only the worker that removes the key resumes and tells the waiting identifications. */
  async resume(): Promise<void> {
    if ((await this.redis.client.del(MODEL_PAUSE_KEY)) === 0) return;
    await this.queue.resume();
    this.logger.log('identify queue resumed: the provider answers again');
    await this.waiting.notify(null);
  }
}
