import { Controller, Get, Header, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { PrismaService } from '@wildid/common';
import type { Request, Response } from 'express';
import { HealthDisclosure } from './health-disclosure';
import { IdentifierWorkersHealthIndicator } from './identifier-workers.health';
import { modelHealthOf, withModelHealth } from './model-health';
import { type ModelState, ModelStateReader } from './model-state.reader';
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
 * `details.identifierWorkers` with the count and the reason, and
 * `details.model` down with the notice code and reason while the queue is paused.
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
    private readonly modelState: ModelStateReader,
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
    return this.disclosure.answer(request, response, () => this.checkAll());
  }

  /** Terminus throws a 503 carrying the body when a check fails; the model goes into that body too (the details' keys never vary). */
  private async checkAll() {
    const state = this.modelState.read().catch((error: Error) => error);
    const addModel = async (result: HealthCheckResult) => {
      const read = await state;
      const model = read instanceof Error ? { status: 'unknown' as const, message: `could not read the model state: ${read.message}` } : modelHealthOf(read);
      return withModelHealth(result, model);
    };
    try {
      return await addModel(await this.health.check(this.checks(state)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException(await addModel(error.getResponse() as HealthCheckResult));
    }
  }

  private checks(state: Promise<ModelState | Error>) {
    return [
      () => this.database.pingCheck('database', this.prisma).withTimeout(1_500),
      () => this.redis.ping('redis'),
      async () => {
        const read = await state;
        if (read instanceof Error) return this.identifierWorkers.unreadable('identifierWorkers', read);
        return this.identifierWorkers.check('identifierWorkers', read.workers);
      },
    ];
  }

  /** The original's Docker health check URL: an alias of ready. */
  @Get()
  @HealthCheck()
  check(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.ready(request, response);
  }
}
