import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TTL_SECONDS,
  IDENTIFIER_HEARTBEAT_PREFIX,
  type IdentifierHeartbeat,
  closeRedis,
  createPatientRedis,
} from '@wildid/common';
import type Redis from 'ioredis';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { VisionModelClient } from '../identify/vision-model.client';

/** Tells gateways this worker is alive and whether it can reach a model (shown by their health checks). */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private readonly redis: Redis;
  private readonly key = `${IDENTIFIER_HEARTBEAT_PREFIX}${hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    private readonly model: VisionModelClient,
  ) {
    this.redis = createPatientRedis(config.REDIS_URL, 'identifier-worker:heartbeat');
  }

  onApplicationBootstrap(): void {
    if (!this.model.configured) {
      this.logger.warn('TOGETHER_API_KEY is not set: identification jobs will fail with model_not_configured');
    }
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.status === 'ready') await this.redis.del(this.key).catch(() => undefined);
    await closeRedis(this.redis);
  }

  private async beat(): Promise<void> {
    const heartbeat: IdentifierHeartbeat = {
      workerId: this.key.slice(IDENTIFIER_HEARTBEAT_PREFIX.length),
      model: this.model.model,
      modelConfigured: this.model.configured,
      at: new Date().toISOString(),
    };
    await this.redis
      .set(this.key, JSON.stringify(heartbeat), 'EX', HEARTBEAT_TTL_SECONDS)
      .catch((error: Error) => this.logger.warn(`heartbeat not written: ${error.message}`));
  }
}
