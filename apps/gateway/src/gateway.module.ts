import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PrismaModule, closeRedis, createFailFastRedis, secretKeyOf, waitUntilRedisReady } from '@wildid/common';
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
import { ExportsModule } from './exports/exports.module';
import { HistoryModule } from './history/history.module';
import { COOKIE_SECRET } from './http/cookie-secret';
import { StopAcceptingOnShutdown } from './http/stop-accepting-on-shutdown';
import { IdentificationsModule } from './identifications/identifications.module';
import { LifeListModule } from './life-list/life-list.module';
import { MetricsModule } from './metrics/metrics.module';
import { GatewayQueuesModule } from './queues/gateway-queues.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ReportsModule } from './reports/reports.module';
import { GATEWAY_BULLMQ_REDIS, GATEWAY_REDIS } from './redis/gateway-redis';
import { WebHostModule } from './web-host/web-host.module';

@Global()
@Module({})
export class GatewayModule implements NestModule, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_BULLMQ_REDIS) private readonly bullmqRedis: Redis,
  ) {}

  static forConfig(config: GatewayConfig): DynamicModule {
    const bullmqRedis = createFailFastRedis(config.REDIS_URL, 'gateway:bullmq');
    return {
      module: GatewayModule,
      imports: [
        PrismaModule.forRoot({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        // Fail fast: an upload while Redis is down gets a 503 at once instead of waiting on a reconnect.
        BullModule.forRoot({ connection: bullmqRedis }),
        GatewayQueuesModule,
        AuthModule,
        IdentificationsModule,
        HistoryModule,
        ExportsModule,
        BatchesModule,
        ReviewsModule,
        LifeListModule,
        ReportsModule,
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
        { provide: GATEWAY_BULLMQ_REDIS, useValue: bullmqRedis },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        StopAcceptingOnShutdown,
      ],
      exports: [GATEWAY_CONFIG, COOKIE_SECRET, GATEWAY_REDIS],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OriginCheckMiddleware, SessionMiddleware).forRoutes('*');
  }

  /**
   * Fail-fast clients refuse commands until connected: without this wait the
   * first requests after boot got 503s ("queue unreachable") from a Redis that
   * was up. Bounded, so a gateway still starts (and answers 503) while Redis is down.
   */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([waitUntilRedisReady(this.redis, 5_000), waitUntilRedisReady(this.bullmqRedis, 5_000)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
