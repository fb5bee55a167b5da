import { Inject, Injectable } from '@nestjs/common';
import { IDENTIFY_QUEUE, JobMetrics, MAINTENANCE_QUEUE, METRICS_REGISTRY, PrismaService, WorkerHealthService, bullWorkerCheck } from '@wildid/common';
import type { Registry } from 'prom-client';
import { IDENTIFIER_WORKER_CONFIG, type IdentifierWorkerConfig } from '../config/identifier-worker-config';
import { IdentifyProcessor } from '../identify/identify.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';

/** Health (Postgres, Redis and both BullMQ workers running) and metrics on HEALTH_PORT. */
@Injectable()
export class IdentifierHealthService extends WorkerHealthService {
  constructor(
    @Inject(IDENTIFIER_WORKER_CONFIG) config: IdentifierWorkerConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    prisma: PrismaService,
    private readonly identify: IdentifyProcessor,
    private readonly maintenance: MaintenanceProcessor,
  ) {
    super({
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

  protected observe(): void {
    const jobs = new JobMetrics(this.registry);
    jobs.observe(this.identify.worker, IDENTIFY_QUEUE);
    jobs.observe(this.maintenance.worker, MAINTENANCE_QUEUE);
  }
}
