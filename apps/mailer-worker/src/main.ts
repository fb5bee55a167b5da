import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestPinoLogger, createLogger, exitIfShutdownStalls } from '@wildid/common';
import { loadMailerWorkerConfig } from './config/mailer-worker-config';
import { MailerWorkerModule } from './mailer-worker.module';

async function bootstrap(): Promise<void> {
  const config = loadMailerWorkerConfig();
  const logger = createLogger('mailer-worker', config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(MailerWorkerModule.forConfig(config), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks();
  exitIfShutdownStalls(logger, config.SHUTDOWN_TIMEOUT_MS);
  logger.info('mailer worker ready');
}

void bootstrap();
