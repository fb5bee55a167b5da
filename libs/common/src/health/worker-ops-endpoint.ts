import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { OpsListener, metricsRoute } from '../metrics/ops-listener';
import { closeRedis } from '../redis/close-redis';
import { createFailFastRedis } from '../redis/redis-connection';
import { type HealthCheck, WorkerHealth } from './worker-health';

export interface WorkerOpsOptions {
  app: string;
  redisUrl: string;
  port: number;
  host: string;
  registry: Registry;
  /** Checks besides Redis, which every worker needs. */
  checks: Record<string, HealthCheck>;
}

/**
 * A worker's face to operators on HEALTH_PORT: /health/live, /health/ready
 * (Redis plus the worker's own checks) and /metrics, with the shutdown
 * behaviour Docker expects: ready turns 503 while active jobs finish, live
 * stays 200 until the end.
 */
export class WorkerOpsEndpoint {
  // Fail-fast: a probe must learn at once that Redis is down, not wait for a reconnect.
  private readonly redis: Redis;
  private readonly health: WorkerHealth;
  private readonly listener: OpsListener;

  constructor(private readonly options: WorkerOpsOptions) {
    this.redis = createFailFastRedis(options.redisUrl, `${options.app}:health`);
    this.health = new WorkerHealth({ redis: async () => void (await this.redis.ping()), ...options.checks });
    this.listener = new OpsListener('HEALTH_PORT', { ...this.health.routes(), '/metrics': metricsRoute(options.registry) });
  }

  async start(logger: Pick<LoggerService, 'log'>): Promise<void> {
    const { port, host } = this.options;
    if (port === 0) return logger.log('HEALTH_PORT=0: no health or metrics listener');
    await this.listener.listen(port, host);
    logger.log(`health (/health/ready) and metrics (/metrics) on ${this.listener.addresses.join(', ')}`);
  }

  drain(): void {
    this.health.drain();
  }

  async close(): Promise<void> {
    await this.listener.close();
    await closeRedis(this.redis);
  }
}
