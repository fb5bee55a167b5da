import type { Metrics, Queue } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import { AdminStatsService } from './admin-stats.service';
import type { EndedGroup, IdentificationStatsStore } from './identification-stats.store';
import type { ModelReviewStatsStore } from './model-review-stats.store';
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

const NOTHING_ENDED: EndedGroup = { count: 0, avgModelLatencyMs: null, totalTokens: 0 };

function makeSut(ended: { completed: EndedGroup; failed: EndedGroup } = { completed: { count: 2, avgModelLatencyMs: 1500.4, totalTokens: 1900 }, failed: { count: 1, avgModelLatencyMs: null, totalTokens: 0 } }) {
  const identifyQueue = makeQueue('identify', { completed: 2, failed: 1, workers: 2 });
  const mailQueue = makeQueue('mail', { completed: 4, paused: true });
  const store = { endedSince: vi.fn().mockResolvedValue(ended), recentEnded: vi.fn().mockResolvedValue([]) };
  const models = { stats: vi.fn().mockResolvedValue({ model: { name: 'vision-model', paused: false }, cost: { todayUsd: 0.5, last30DaysUsd: 3, perIdentificationUsd: 0.001 } }) };
  const reviews = {
    perModel: vi.fn().mockResolvedValue([{ model: 'vision-model', completed: 10, reviewed: 3, confirmed: 1, corrected: 2, unsure: 0, reports: 1, openReports: 1 }]),
    topCorrections: vi.fn().mockResolvedValue([
      { model: 'vision-model', fromScientificName: 'Vulpes vulpes', fromCommonName: 'Red fox', toScientificName: 'Canis aureus', toCommonName: null, count: 2 },
    ]),
  };
  const sut = new AdminStatsService(
    store as unknown as IdentificationStatsStore,
    identifyQueue as unknown as Queue,
    mailQueue as unknown as Queue,
    models as unknown as ModelStatsService,
    reviews as unknown as ModelReviewStatsStore,
  );
  return { sut, identifyQueue, store, models, reviews };
}

describe(AdminStatsService.name, () => {
  describe('stats', () => {
    it('reports counts, workers and last-hour throughput per queue', async () => {
      const { sut, identifyQueue } = makeSut();
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
      const { sut, store } = makeSut();
      const stats = await sut.stats(20, NOW);

      expect(stats.identifications.lastHour).toEqual({ completed: 2, failed: 1, failureRate: 0.3333, avgModelLatencyMs: 1500, totalTokens: 1900 });
      expect(store.endedSince).toHaveBeenCalledWith(new Date(NOW.getTime() - 3_600_000));
    });

    it('reads the latest ended identifications, as many as asked', async () => {
      const { sut, store } = makeSut();
      await sut.stats(5, NOW);

      expect(store.recentEnded).toHaveBeenCalledWith(5);
    });

    it('reports the model and its cost', async () => {
      const { sut, models } = makeSut();
      const stats = await sut.stats(20, NOW);

      expect(models.stats).toHaveBeenCalledWith(NOW);
      expect(stats.model).toMatchObject({ name: 'vision-model', paused: false });
      expect(stats.identifications.cost).toEqual({ todayUsd: 0.5, last30DaysUsd: 3, perIdentificationUsd: 0.001 });
    });

    it("reports each model's reviews, reports and top corrections", async () => {
      const { sut, reviews } = makeSut();
      const stats = await sut.stats(20, NOW);

      expect(reviews.topCorrections).toHaveBeenCalledWith(5);
      expect(stats.modelReviews).toEqual([
        {
          model: 'vision-model',
          completed: 10,
          reviewed: 3,
          confirmed: 1,
          corrected: 2,
          unsure: 0,
          reports: 1,
          openReports: 1,
          topCorrections: [{ from: { scientificName: 'Vulpes vulpes', commonName: 'Red fox' }, to: { scientificName: 'Canis aureus' }, count: 2 }],
        },
      ]);
    });

    it('reports no failure rate and no latency when nothing ended', async () => {
      const { sut } = makeSut({ completed: NOTHING_ENDED, failed: NOTHING_ENDED });

      const stats = await sut.stats(20, NOW);

      expect(stats.identifications.lastHour).toEqual({ completed: 0, failed: 0, failureRate: null, avgModelLatencyMs: null, totalTokens: 0 });
    });
  });
});
