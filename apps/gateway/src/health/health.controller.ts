import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { PrismaService } from '@wildid/common';
import { IdentifierWorkersHealthIndicator } from './identifier-workers.health';
import { RedisHealthIndicator } from './redis.health';

/** 200 while Postgres and Redis answer (the Docker health check); 503 naming what is down otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly redis: RedisHealthIndicator,
    private readonly identifierWorkers: IdentifierWorkersHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', this.prisma).withTimeout(1_500),
      () => this.redis.ping('redis'),
      () => this.identifierWorkers.check('identifierWorkers'),
    ]);
  }
}
