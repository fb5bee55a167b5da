import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { PrismaService } from '@wildid/common';
import type { Request, Response } from 'express';
import { HealthDisclosure } from './health-disclosure';
import { IdentifierWorkersHealthIndicator } from './identifier-workers.health';
import { RedisHealthIndicator } from './redis.health';

/**
 * Probes for Docker, orchestrators and load balancers.
 *
 * Ready is 503 while Postgres or Redis is down; once shutdown has begun the
 * gateway closes its listener, so probes are refused rather than answered.
 * No identifier worker (or none with a model key) does NOT fail it: the
 * gateway still takes uploads (they wait in the queue), serves history and
 * sign-in, so taking every gateway out of rotation would turn a worker outage
 * into a full one. The body says so instead: `status: "degraded"` and
 * `details.identifierWorkers` with the count and the reason.
 *
 * The public gets only `{ status }` (with the same HTTP code); the details go
 * to admins and internal networks (HealthDisclosure).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly redis: RedisHealthIndicator,
    private readonly identifierWorkers: IdentifierWorkersHealthIndicator,
    private readonly disclosure: HealthDisclosure,
  ) {}

  /** The process answers; no dependency checks, so an outage elsewhere never gets a gateway restarted. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.disclosure.answer(request, response, () =>
      this.health.check([
        () => this.database.pingCheck('database', this.prisma).withTimeout(1_500),
        () => this.redis.ping('redis'),
        () => this.identifierWorkers.check('identifierWorkers'),
      ]),
    );
  }

  /** The original's Docker health check URL: an alias of ready. */
  @Get()
  @HealthCheck()
  check(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.ready(request, response);
  }
}
