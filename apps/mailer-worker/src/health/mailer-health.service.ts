import { Inject, Injectable } from '@nestjs/common';
import { JobMetrics, MAIL_QUEUE, METRICS_REGISTRY, WorkerHealthService, bullWorkerCheck } from '@wildid/common';
import type { Registry } from 'prom-client';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from '../config/mailer-worker-config';
import { MailProcessor } from '../mail/mail.processor';
import { MailMetrics } from './mail.metrics';

/**
 * Health (Redis and the BullMQ worker running) and metrics on HEALTH_PORT.
 * SMTP is not part of ready: mails wait in the queue through an SMTP outage,
 * and restarting the worker would not bring the server back.
 */
@Injectable()
export class MailerHealthService extends WorkerHealthService {
  constructor(
    @Inject(MAILER_WORKER_CONFIG) config: MailerWorkerConfig,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly mail: MailProcessor,
  ) {
    super({
      app: 'mailer-worker',
      redisUrl: config.REDIS_URL,
      port: config.HEALTH_PORT,
      host: config.HEALTH_HOST,
      registry,
      checks: { mailWorker: bullWorkerCheck(mail) },
    });
  }

  protected observe(): void {
    new JobMetrics(this.registry).observe(this.mail.worker, MAIL_QUEUE);
    new MailMetrics(this.registry).observe(this.mail.worker);
  }
}
