import { Inject, Injectable } from '@nestjs/common';
import { type IdentifierHeartbeat, type ModelPause, type ModelStatus, readIdentifierHeartbeats, readModelPause } from '@wildid/common';
import type Redis from 'ioredis';
import { GATEWAY_REDIS } from '../redis/gateway-redis';

/** What the identifier workers report about the model, read with two Redis commands (no keyspace scan). */
export interface ModelState {
  workers: IdentifierHeartbeat[];
  /** Why the identify queue is paused, if it is (an operator problem). */
  pause: ModelPause | null;
  /** The model the newest heartbeat uses, with its status; null without a live worker. */
  active: ModelStatus | null;
  /** Every configured model as the newest heartbeat knows it. */
  models: ModelStatus[];
}

@Injectable()
export class ModelStateReader {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  async read(): Promise<ModelState> {
    const [workers, pause] = await Promise.all([readIdentifierHeartbeats(this.redis), readModelPause(this.redis)]);
    const newest = workers.reduce<IdentifierHeartbeat | undefined>((latest, worker) => (!latest || worker.at > latest.at ? worker : latest), undefined);
    const models = newest?.models ?? [];
    const active = newest ? (models.find((status) => status.name === newest.model) ?? { name: newest.model, available: true, checkedAt: newest.at }) : null;
    return { workers, pause, active, models };
  }
}
