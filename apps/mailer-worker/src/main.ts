import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestPinoLogger, createLogger, exitIfShutdownStalls } from '@wildid/common';
import { loadMailerWorkerConfig } from './config/mailer-worker-config';
import { MailerWorkerModule } from './mailer-worker.module';

async function bootstrap(): Promise<void> {
  const config = loadMailerWorkerConfig();
  const logger = createLogger('mailer-worker', config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(MailerWorkerModule.forConfig(config, logger), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks();
  exitIfShutdownStalls(logger, config.SHUTDOWN_TIMEOUT_MS);
  // No SMTP check here: the server may be down at boot, and jobs wait in the queue until it is back.
  logger.info(
    { concurrency: config.MAILER_CONCURRENCY, smtp: `${config.MAIL_SERVER}:${config.MAIL_PORT}`, secure: config.MAIL_SECURE },
    'mailer worker ready',
  );
}

void bootstrap();
