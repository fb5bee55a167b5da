import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestPinoLogger, createLogger, exitIfShutdownStalls } from '@wildid/common';
import { loadIdentifierWorkerConfig } from './config/identifier-worker-config';
import { IdentifierWorkerModule } from './identifier-worker.module';

async function bootstrap(): Promise<void> {
  const config = loadIdentifierWorkerConfig();
  const logger = createLogger('identifier-worker', config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(IdentifierWorkerModule.forConfig(config), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks();
  exitIfShutdownStalls(logger, config.SHUTDOWN_TIMEOUT_MS);
  logger.info({ concurrency: config.IDENTIFIER_CONCURRENCY, model: config.TOGETHER_MODEL }, 'identifier worker ready');
}

void bootstrap();
