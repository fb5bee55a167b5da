import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import {
  IDENTIFY_QUEUE,
  JobMetrics,
  MAINTENANCE_QUEUE,
  METRICS_REGISTRY,
  OpsListener,
  PrismaService,
  WorkerHealth,
  bullWorkerCheck,
  closeRedis,
  createFailFastRedis,
  metricsRoute,
} from '@wildid/common';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyProcessor } from '../identify/identify.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';

/**
 * The worker's face to operators on HEALTH_PORT: /health/live, /health/ready
 * (Postgres, Redis and both BullMQ workers running) and /metrics.
 */
@Injectable()
export class IdentifierOpsService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(IdentifierOpsService.name);
  // Fail-fast: a probe must learn at once that Redis is down, not wait for a reconnect.
  private readonly redis: Redis;
  private readonly health: WorkerHealth;
  private readonly listener: OpsListener;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) private readonly config: IdentifierWorkerConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    prisma: PrismaService,
    private readonly identify: IdentifyProcessor,
    private readonly maintenance: MaintenanceProcessor,
  ) {
    this.redis = createFailFastRedis(config.REDIS_URL, 'identifier-worker:health');
    this.health = new WorkerHealth({
      database: async () => void (await prisma.$queryRaw`SELECT 1`),
      redis: async () => void (await this.redis.ping()),
      identifyWorker: bullWorkerCheck(identify),
      maintenanceWorker: bullWorkerCheck(maintenance),
    });
    this.listener = new OpsListener('HEALTH_PORT', { ...this.health.routes(), '/metrics': metricsRoute(registry) });
  }

  async onApplicationBootstrap(): Promise<void> {
    const jobs = new JobMetrics(this.registry);
    jobs.observe(this.identify.worker, IDENTIFY_QUEUE);
    jobs.observe(this.maintenance.worker, MAINTENANCE_QUEUE);
    const { HEALTH_PORT: port, HEALTH_HOST: host } = this.config;
    if (port === 0) return this.logger.log('HEALTH_PORT=0: no health or metrics listener');
    const bound = await this.listener.listen(port, host);
    this.logger.log(`health on http://${host}:${bound}/health/ready, metrics on /metrics`);
  }

  /** First shutdown phase: ready turns 503 while active jobs finish; live stays 200 until the end. */
  onModuleDestroy(): void {
    this.health.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
    await closeRedis(this.redis);
  }
}
