import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import type { PrismaService } from '@wildid/common';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { HealthDisclosure } from './health-disclosure';
import { HealthController } from './health.controller';
import type { IdentifierWorkersHealthIndicator } from './identifier-workers.health';
import type { ModelState, ModelStateReader } from './model-state.reader';
import type { RedisHealthIndicator } from './redis.health';

const MODEL = { name: 'Qwen/Qwen3.5-9B', available: true } as ModelState['models'][number];
const STATE: ModelState = { workers: [], pause: null, active: MODEL, models: [MODEL] };

function makeSut(check: () => Promise<HealthCheckResult>) {
  const passThrough = { answer: (_req: Request, _res: Response, run: () => Promise<object>) => run() };
  return new HealthController(
    { check } as unknown as HealthCheckService,
    {} as PrismaHealthIndicator,
    {} as PrismaService,
    {} as RedisHealthIndicator,
    {} as IdentifierWorkersHealthIndicator,
    { read: async () => STATE } as unknown as ModelStateReader,
    passThrough as unknown as HealthDisclosure,
  );
}

describe('HealthController ready', () => {
  it('adds the model to a passing result', async () => {
    const sut = makeSut(async () => ({ status: 'ok', details: { database: { status: 'up' } } }));
    const body = (await sut.ready({} as Request, {} as Response)) as HealthCheckResult;
    expect(body.details.model).toMatchObject({ status: 'up', name: MODEL.name });
  });

  it('adds the model to the 503 body when a dependency check fails, so the details keep the same keys', async () => {
    const failed: HealthCheckResult = { status: 'error', error: { database: { status: 'down' } }, details: { database: { status: 'down' } } };
    const sut = makeSut(async () => {
      throw new ServiceUnavailableException(failed);
    });
    const thrown = await sut.ready({} as Request, {} as Response).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ServiceUnavailableException);
    const body = (thrown as ServiceUnavailableException).getResponse() as HealthCheckResult;
    expect(body.status).toBe('error');
    expect(Object.keys(body.details).sort()).toEqual(['database', 'model']);
  });
});
