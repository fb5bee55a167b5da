import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { MAIL_QUEUE, METRICS_REGISTRY, createMetricsRegistry, createPatientRedis } from '@wildid/common';
import type { Logger } from 'pino';
import { MAILER_WORKER_CONFIG, type MailerWorkerConfig } from './config/mailer-worker-config';
import { MAILER_LOGGER } from './logging/mailer-logger';
import { MailProcessor } from './mail/mail.processor';
import { MailService } from './mail/mail.service';
import { MailTransport } from './mail/mail.transport';
import { MailerHealthService } from './health/mailer-health.service';

@Module({})
export class MailerWorkerModule {
  static forConfig(config: MailerWorkerConfig, logger: Logger): DynamicModule {
    return {
      module: MailerWorkerModule,
      imports: [
        BullModule.forRoot({ connection: createPatientRedis(config.REDIS_URL, 'mailer-worker:bullmq') }),
        BullModule.registerQueue({ name: MAIL_QUEUE }),
      ],
      providers: [
        { provide: MAILER_WORKER_CONFIG, useValue: config },
        { provide: MAILER_LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry('mailer-worker') },
        MailerHealthService,
        MailTransport,
        MailService,
        MailProcessor,
      ],
    };
  }
}
