import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import {
  JobMetrics,
  MAIL_QUEUE,
  METRICS_REGISTRY,
  OpsListener,
  WorkerHealth,
  bullWorkerCheck,
  closeRedis,
  createFailFastRedis,
  metricsRoute,
} from '@wildid/common';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';
import { MailProcessor } from '../mail/mail.processor';
import { MailMetrics } from './mail.metrics';

/**
 * The worker's face to operators on HEALTH_PORT: /health/live, /health/ready
 * (Redis and the BullMQ worker running) and /metrics. SMTP is not part of
 * ready: mails wait in the queue through an SMTP outage, and restarting the
 * worker would not bring the server back.
 */
@Injectable()
export class MailerOpsService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(MailerOpsService.name);
  // Fail-fast: a probe must learn at once that Redis is down, not wait for a reconnect.
  private readonly redis: Redis;
  private readonly health: WorkerHealth;
  private readonly listener: OpsListener;

  constructor(
    @Inject(MAILER_WORKER_CONFIG) private readonly config: MailerWorkerConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly mail: MailProcessor,
  ) {
    this.redis = createFailFastRedis(config.REDIS_URL, 'mailer-worker:health');
    this.health = new WorkerHealth({
      redis: async () => void (await this.redis.ping()),
      mailWorker: bullWorkerCheck(mail),
    });
    this.listener = new OpsListener('HEALTH_PORT', { ...this.health.routes(), '/metrics': metricsRoute(registry) });
  }

  async onApplicationBootstrap(): Promise<void> {
    new JobMetrics(this.registry).observe(this.mail.worker, MAIL_QUEUE);
    new MailMetrics(this.registry).observe(this.mail.worker);
    const { HEALTH_PORT: port, HEALTH_HOST: host } = this.config;
    if (port === 0) return this.logger.log('HEALTH_PORT=0: no health or metrics listener');
    const bound = await this.listener.listen(port, host);
    this.logger.log(`health on http://${host}:${bound}/health/ready, metrics on /metrics`);
  }

  /** First shutdown phase: ready turns 503 while active sends finish; live stays 200 until the end. */
  onModuleDestroy(): void {
    this.health.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
    await closeRedis(this.redis);
  }
}
