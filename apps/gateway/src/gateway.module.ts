import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PrismaModule, closeRedis, createFailFastRedis, secretKeyOf } from '@wildid/common';
import type Redis from 'ioredis';
import { AdminModule } from './admin/admin.module';
import { ApiDocsModule } from './api-docs/api-docs.module';
import { AuthModule } from './auth/auth.module';
import { BatchesModule } from './batches/batches.module';
import { OriginCheckMiddleware } from './auth/origin-check.middleware';
import { SessionMiddleware } from './auth/session.middleware';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config';
import { HttpErrorFilter } from './errors/http-error.filter';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { COOKIE_SECRET } from './http/cookie-secret';
import { StopAcceptingOnShutdown } from './http/stop-accepting-on-shutdown';
import { IdentificationsModule } from './identifications/identifications.module';
import { MetricsModule } from './metrics/metrics.module';
import { GatewayQueuesModule } from './queues/gateway-queues.module';
import { RealtimeModule } from './realtime/realtime.module';
import { GATEWAY_REDIS } from './redis/gateway-redis';
import { WebHostModule } from './web-host/web-host.module';

@Global()
@Module({})
export class GatewayModule implements NestModule, OnApplicationShutdown {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PrismaModule.forRoot({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        // Fail fast: an upload while Redis is down gets a 503 at once instead of waiting on a reconnect.
        BullModule.forRoot({ connection: createFailFastRedis(config.REDIS_URL, 'gateway:bullmq') }),
        GatewayQueuesModule,
        AuthModule,
        IdentificationsModule,
        HistoryModule,
        BatchesModule,
        RealtimeModule,
        HealthModule,
        AdminModule,
        MetricsModule,
        WebHostModule,
        ApiDocsModule,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: COOKIE_SECRET, useValue: secretKeyOf(config) },
        { provide: GATEWAY_REDIS, useFactory: () => createFailFastRedis(config.REDIS_URL, 'gateway:general') },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        StopAcceptingOnShutdown,
      ],
      exports: [GATEWAY_CONFIG, COOKIE_SECRET, GATEWAY_REDIS],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OriginCheckMiddleware, SessionMiddleware).forRoutes('*');
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
