import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { MAIL_QUEUE, createPatientRedis } from '@wildid/common';
import type { MailerWorkerConfig } from './config/mailer-worker-config';
import { MailProcessor } from './mail/mail.processor';

@Module({})
export class MailerWorkerModule {
  static forConfig(config: MailerWorkerConfig): DynamicModule {
    return {
      module: MailerWorkerModule,
      imports: [
        BullModule.forRoot({ connection: createPatientRedis(config.REDIS_URL, 'mailer-worker:bullmq') }),
        BullModule.registerQueue({ name: MAIL_QUEUE }),
      ],
      providers: [MailProcessor],
    };
  }
}
