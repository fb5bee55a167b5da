import { Inject, Injectable } from '@nestjs/common';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { WorkerStateRedis } from '../redis/worker-state-redis';

const SPEND_KEY_PREFIX = 'wildid:model:spend:';
// Yesterday's total is kept a little for the operator's eyes; nothing reads it.
const SPEND_KEY_TTL_SECONDS = 2 * 86_400;

/** Today's model spend (UTC day) across all workers, for MODEL_DAILY_BUDGET_USD. Only kept when a cap is set. */
@Injectable()
export class DailySpend {
  readonly capUsd: number;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    private readonly redis: WorkerStateRedis,
  ) {
    this.capUsd = config.MODEL_DAILY_BUDGET_USD;
  }

  get capped(): boolean {
    return this.capUsd > 0;
  }

  /** Adds one identification's cost; returns today's new total. One round trip. */
  async add(costUsd: number, now = new Date()): Promise<number> {
    const key = spendKey(now);
    const results = await this.redis.client.multi().incrbyfloat(key, costUsd).expire(key, SPEND_KEY_TTL_SECONDS).exec();
    return Number(results?.[0]?.[1] ?? 0);
  }

  async today(now = new Date()): Promise<number> {
    return Number((await this.redis.client.get(spendKey(now))) ?? 0);
  }

  async belowCap(now = new Date()): Promise<boolean> {
    return !this.capped || (await this.today(now)) < this.capUsd;
  }
}

function spendKey(now: Date): string {
  return `${SPEND_KEY_PREFIX}${now.toISOString().slice(0, 10)}`;
}
