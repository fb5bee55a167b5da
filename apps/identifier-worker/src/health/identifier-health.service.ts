import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { IDENTIFY_QUEUE, JobMetrics, MAINTENANCE_QUEUE, METRICS_REGISTRY, PrismaService, WorkerOpsEndpoint, bullWorkerCheck } from '@wildid/common';
import type { Registry } from 'prom-client';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyProcessor } from '../identify/identify.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';

/** Health (Postgres, Redis and both BullMQ workers running) and metrics on HEALTH_PORT. */
@Injectable()
export class IdentifierHealthService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(IdentifierHealthService.name);
  private readonly endpoint: WorkerOpsEndpoint;

  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    prisma: PrismaService,
    private readonly identify: IdentifyProcessor,
    private readonly maintenance: MaintenanceProcessor,
  ) {
    this.endpoint = new WorkerOpsEndpoint({
      app: 'identifier-worker',
      redisUrl: config.REDIS_URL,
      port: config.HEALTH_PORT,
      host: config.HEALTH_HOST,
      registry,
      checks: {
        database: async () => void (await prisma.$queryRaw`SELECT 1`),
        identifyWorker: bullWorkerCheck(identify),
        maintenanceWorker: bullWorkerCheck(maintenance),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const jobs = new JobMetrics(this.registry);
    jobs.observe(this.identify.worker, IDENTIFY_QUEUE);
    jobs.observe(this.maintenance.worker, MAINTENANCE_QUEUE);
    await this.endpoint.start(this.logger);
  }

  onModuleDestroy(): void {
    this.endpoint.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.endpoint.close();
  }
}
