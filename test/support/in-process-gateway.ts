import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { inject } from 'vitest';
import { gatewayEnvSchema } from '../../apps/gateway/src/config/gateway-config';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';
import { strictExpress } from '../../apps/gateway/src/http/http-server-settings';
import { TEST_REDIS_URL } from './test-stack';

/** The gateway in this process, initialised but not listening, on the run's database and Redis: for looking at its wiring and router. */
export async function initGatewayInProcess(): Promise<NestExpressApplication> {
  const config = gatewayEnvSchema.parse({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: TEST_REDIS_URL, NODE_ENV: 'test', METRICS_PORT: '0' });
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forConfig(config), new ExpressAdapter(strictExpress()), { logger: false });
  return app.init();
}
