import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { closeRedis, createPatientRedis } from '@wildid/common';
import type Redis from 'ioredis';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';

/** The worker's connection for shared state (heartbeats, model availability, pause, spend); closed last. */
@Injectable()
export class WorkerStateRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig) {
    this.client = createPatientRedis(config.REDIS_URL, 'identifier-worker:state');
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.client);
  }
}
