import type { PrismaService } from '@wildid/common';
import type { Metrics, Queue } from 'bullmq';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminStatsService } from './admin-stats.service';
import type { ModelStatsService } from './model-stats.service';

const NOW = new Date(Date.UTC(2026, 10, 26, 10, 0, 30));

function makeMetrics(count: number): Metrics {
  return { meta: { count, prevCount: 0, prevTS: count ? NOW.getTime() - 10_000 : 0 }, data: [], count: 0 };
}

function makeQueue(name: string, overrides: { completed?: number; failed?: number; workers?: number; paused?: boolean } = {}) {
  return {
    name,
    getJobCounts: vi.fn().mockResolvedValue({ waiting: 3, prioritized: 0, active: 1, delayed: 2, failed: overrides.failed ?? 0, completed: overrides.completed ?? 0 }),
    isPaused: vi.fn().mockResolvedValue(overrides.paused ?? false),
    getWorkersCount: vi.fn().mockResolvedValue(overrides.workers ?? 1),
    getMetrics: vi.fn(async (type: 'completed' | 'failed') => makeMetrics(type === 'completed' ? (overrides.completed ?? 0) : (overrides.failed ?? 0))),
  };
}

describe(AdminStatsService.name, () => {
  let identifyQueue: ReturnType<typeof makeQueue>;
  let mailQueue: ReturnType<typeof makeQueue>;
  let prisma: { identification: { groupBy: ReturnType<typeof vi.fn>; findMany: ReturnType<typeof vi.fn> } };
  let models: { stats: ReturnType<typeof vi.fn> };
  let sut: AdminStatsService;

  beforeEach(() => {
    identifyQueue = makeQueue('identify', { completed: 2, failed: 1, workers: 2 });
    mailQueue = makeQueue('mail', { completed: 4, paused: true });
    prisma = {
      identification: {
        groupBy: vi.fn().mockResolvedValue([
          { status: 'completed', _count: { _all: 2 }, _avg: { modelLatencyMs: 1500.4 }, _sum: { totalTokens: 1900 } },
          { status: 'failed', _count: { _all: 1 }, _avg: { modelLatencyMs: null }, _sum: { totalTokens: null } },
        ]),
        findMany: vi.fn().mockResolvedValue([]),
      },
    };
    models = { stats: vi.fn().mockResolvedValue({ model: { name: 'vision-model', paused: false }, cost: { todayUsd: 0.5, last30DaysUsd: 3, perIdentificationUsd: 0.001 } }) };
    sut = new AdminStatsService(
      prisma as unknown as PrismaService,
      identifyQueue as unknown as Queue,
      mailQueue as unknown as Queue,
      models as unknown as ModelStatsService,
    );
  });

  describe('stats', () => {
    it('reports counts, workers and last-hour throughput per queue', async () => {
      const stats = await sut.stats(20, NOW);

      expect(stats.generatedAt).toBe(NOW.toISOString());
      expect(stats.queues).toEqual([
        {
          name: 'identify',
          isPaused: false,
          counts: { waiting: 3, prioritized: 0, active: 1, delayed: 2, failed: 1, completed: 2, paused: 0 },
          workersOnline: 2,
          lastHour: { completed: 2, failed: 1, jobsPerMinute: 0.05, failureRate: 0.3333 },
        },
        expect.objectContaining({ name: 'mail', isPaused: true, counts: expect.objectContaining({ paused: 3 }) }),
      ]);
      expect(identifyQueue.getMetrics).toHaveBeenCalledWith('completed', 0, 59);
    });

    it("reports the last hour's identifications from Postgres", async () => {
      const stats = await sut.stats(20, NOW);

      expect(stats.identifications.lastHour).toEqual({ completed: 2, failed: 1, failureRate: 0.3333, avgModelLatencyMs: 1500, totalTokens: 1900 });
      expect(prisma.identification.groupBy.mock.calls[0][0].where.completedAt.gte).toEqual(new Date(NOW.getTime() - 3_600_000));
    });

    it('reads the latest ended identifications, as many as asked', async () => {
      await sut.stats(5, NOW);

      expect(prisma.identification.findMany).toHaveBeenCalledWith(
        expect.objectContaining({ where: { completedAt: { not: null } }, orderBy: { completedAt: 'desc' }, take: 5 }),
      );
    });

    it('reports the model and its cost', async () => {
      const stats = await sut.stats(20, NOW);

      expect(models.stats).toHaveBeenCalledWith(NOW);
      expect(stats.model).toMatchObject({ name: 'vision-model', paused: false });
      expect(stats.identifications.cost).toEqual({ todayUsd: 0.5, last30DaysUsd: 3, perIdentificationUsd: 0.001 });
    });

    it('reports no failure rate and no latency when nothing ended', async () => {
      prisma.identification.groupBy.mockResolvedValue([]);

      const stats = await sut.stats(20, NOW);

      expect(stats.identifications.lastHour).toEqual({ completed: 0, failed: 0, failureRate: null, avgModelLatencyMs: null, totalTokens: 0 });
    });
  });
});
