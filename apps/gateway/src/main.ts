import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { NestPinoLogger, createLogger, exitIfShutdownStalls, secretKeyOf } from '@wildid/common';
import cookieParser from 'cookie-parser';
import { loadGatewayConfig } from './config/gateway-config';
import { GatewayModule } from './gateway.module';
import { applyServerTimeouts, strictExpress } from './http/http-server-settings';
import { shorterRequestDeadline } from './http/request-deadline';
import { markRequestReceived } from './http/request-received';
import { requestLogger } from './http/request-logger';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forConfig(config), new ExpressAdapter(strictExpress()), {
    logger: new NestPinoLogger(logger),
  });
  applyServerTimeouts(app.getHttpServer(), config);
  app.disable('x-powered-by');
  // First, so the stage timestamps, the request id and the timing cover everything after them,
  // refusals made before routing included.
  app.use(markRequestReceived);
  app.use(shorterRequestDeadline(config));
  app.use(app.get(HttpMetricsMiddleware).use);
  app.use(requestLogger(logger));
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  // JSON bodies are small commands; uploads stream through multer instead.
  app.useBodyParser('json', { limit: '32kb' });
  app.useBodyParser('urlencoded', { limit: '8kb', extended: false });
  app.use(cookieParser(secretKeyOf(config)));
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.REDIS_URL, new URL(config.PUBLIC_URL).origin));
  app.enableShutdownHooks();
  exitIfShutdownStalls(logger, config.SHUTDOWN_TIMEOUT_MS);
  await app.listen(config.PORT);
  logger.info({ port: config.PORT }, `gateway listening on http://localhost:${config.PORT}`);
}

/** `true`/`false`, a hop count, or Express's named subnets and addresses (e.g. `loopback`). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

void bootstrap();
