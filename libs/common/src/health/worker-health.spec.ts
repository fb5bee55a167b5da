import type { Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { type HealthCheck, WorkerHealth, bullWorkerCheck } from './worker-health';

const up = async () => undefined;

function makeSut(checks: Record<string, HealthCheck> = { redis: up }, timeoutMs?: number): WorkerHealth {
  return new WorkerHealth(checks, timeoutMs);
}

describe(WorkerHealth.name, () => {
  describe('report', () => {
    it('is ok with every check up, with their details', async () => {
      const sut = makeSut({ redis: up, worker: async () => ({ concurrency: 4 }) });

      expect(await sut.report()).toEqual({
        status: 'ok',
        info: { redis: { status: 'up' }, worker: { status: 'up', concurrency: 4 } },
        error: {},
        details: { redis: { status: 'up' }, worker: { status: 'up', concurrency: 4 } },
      });
    });

    it('is an error naming what is down, and times out a check that hangs', async () => {
      const sut = makeSut({ redis: () => new Promise(() => undefined), database: async () => Promise.reject(new Error('ECONNREFUSED')) }, 20);

      const report = await sut.report();

      expect(report.status).toBe('error');
      expect(report.error).toEqual({
        redis: { status: 'down', message: 'no answer within 20 ms' },
        database: { status: 'down', message: 'ECONNREFUSED' },
      });
    });

    it('says shutting_down once draining, whatever the checks say', async () => {
      const sut = makeSut();

      sut.drain();

      expect((await sut.report()).status).toBe('shutting_down');
    });
  });

  describe('routes', () => {
    it('answers live with 200 even while a dependency is down, and ready (and /health) with 503', async () => {
      const routes = makeSut({ redis: async () => Promise.reject(new Error('down')) }).routes();

      expect((await routes['/health/live']!()).status).toBe(200);
      expect((await routes['/health/ready']!()).status).toBe(503);
      expect((await routes['/health']!()).status).toBe(503);
    });
  });
});

describe('bullWorkerCheck', () => {
  it('is down before the worker exists and once it stopped running', async () => {
    const notYet = {
      get worker(): Worker {
        throw new Error('"Worker" has not yet been initialized');
      },
    };
    const stopped = { worker: { isRunning: () => false, concurrency: 1 } as unknown as Worker };
    const running = { worker: { isRunning: () => true, concurrency: 8 } as unknown as Worker };

    await expect(bullWorkerCheck(notYet)()).rejects.toThrow(/not yet been initialized/);
    await expect(bullWorkerCheck(stopped)()).rejects.toThrow(/not running/);
    await expect(bullWorkerCheck(running)()).resolves.toEqual({ concurrency: 8 });
  });
});
