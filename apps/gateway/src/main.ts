import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestPinoLogger, createLogger, exitIfShutdownStalls } from '@wildid/common';
import { loadGatewayConfig } from './config/gateway-config';
import { GatewayModule } from './gateway.module';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forConfig(config), {
    logger: new NestPinoLogger(logger),
  });
  // JSON bodies are small commands; uploads stream through multer instead.
  app.useBodyParser('json', { limit: '32kb' });
  app.disable('x-powered-by');
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.REDIS_URL));
  app.enableShutdownHooks();
  exitIfShutdownStalls(logger, config.SHUTDOWN_TIMEOUT_MS);
  await app.listen(config.PORT);
  logger.info({ port: config.PORT }, `gateway listening on http://localhost:${config.PORT}`);
}

void bootstrap();
