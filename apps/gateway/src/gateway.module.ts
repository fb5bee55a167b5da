import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PrismaModule, closeRedis, createFailFastRedis } from '@wildid/common';
import type Redis from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config';
import { HttpErrorFilter } from './errors/http-error.filter';
import { GATEWAY_REDIS } from './redis/gateway-redis';
import { HealthModule } from './health/health.module';
import { IdentificationsModule } from './identifications/identifications.module';
import { IdentificationEventsGateway } from './realtime/identification-events.gateway';

@Global()
@Module({})
export class GatewayModule implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PrismaModule.forRoot({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        // Fail fast: an upload while Redis is down gets a 503 at once instead of waiting on a reconnect.
        BullModule.forRoot({ connection: createFailFastRedis(config.REDIS_URL, 'gateway:bullmq') }),
        IdentificationsModule,
        HealthModule,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GATEWAY_REDIS, useFactory: () => createFailFastRedis(config.REDIS_URL, 'gateway:general') },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        IdentificationEventsGateway,
      ],
      exports: [GATEWAY_CONFIG, GATEWAY_REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
