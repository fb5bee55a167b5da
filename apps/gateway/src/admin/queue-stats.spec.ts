import type { Metrics } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { countInLastMinutes, failureRate, lastHourThroughput, pickCounts } from './queue-stats';

const MINUTE = 60_000;
// 2026-11-26T10:00:30Z: half a minute into minute M.
const NOW = Date.UTC(2026, 10, 26, 10, 0, 30);

function makeMetrics(overrides: { count?: number; prevCount?: number; prevTS?: number; data?: number[] } = {}): Metrics {
  const data = overrides.data ?? [];
  return {
    meta: { count: overrides.count ?? 0, prevCount: overrides.prevCount ?? 0, prevTS: overrides.prevTS ?? 0 },
    data,
    count: data.length,
  };
}

describe('queue stats', () => {
  describe(countInLastMinutes.name, () => {
    const sut = countInLastMinutes;

    it('is 0 when the queue never collected metrics', () => {
      expect(sut(makeMetrics(), NOW)).toBe(0);
    });

    it('counts the jobs of the minute BullMQ has not written out yet', () => {
      // Three jobs so far this minute; the first set prevTS.
      expect(sut(makeMetrics({ count: 3, prevCount: 0, prevTS: NOW - 20_000 }), NOW)).toBe(3);
    });

    it('adds the written minutes that fall inside the hour, newest first', () => {
      const metrics = makeMetrics({ count: 10, prevCount: 8, prevTS: NOW - 5_000, data: [1, 2, 3] });

      expect(sut(metrics, NOW)).toBe(2 + 1 + 2 + 3);
    });

    it('leaves out minutes older than the window', () => {
      // Pending minute is M; data[i] is minute M-1-i. In a 3-minute window (M-2..M) only data[0] and data[1] count.
      const metrics = makeMetrics({ count: 5, prevCount: 4, prevTS: NOW, data: [10, 20, 30, 40] });

      expect(sut(metrics, NOW, 3)).toBe(1 + 10 + 20);
    });

    it('counts nothing when the last job finished over an hour ago', () => {
      const metrics = makeMetrics({ count: 7, prevCount: 2, prevTS: NOW - 61 * MINUTE, data: [4, 4] });

      expect(sut(metrics, NOW)).toBe(0);
    });

    it('counts the pending minute 59 minutes ago but not the written one before it', () => {
      const metrics = makeMetrics({ count: 7, prevCount: 2, prevTS: NOW - 59 * MINUTE, data: [4] });

      expect(sut(metrics, NOW)).toBe(5);
    });
  });

  describe(lastHourThroughput.name, () => {
    it('reports completed, failed, jobs per minute and the failure rate', () => {
      const completed = makeMetrics({ count: 2, prevTS: NOW });
      const failed = makeMetrics({ count: 1, prevTS: NOW });

      expect(lastHourThroughput(completed, failed, NOW)).toEqual({ completed: 2, failed: 1, jobsPerMinute: 0.05, failureRate: 0.3333 });
    });
  });

  describe(failureRate.name, () => {
    it('is null when nothing finished', () => {
      expect(failureRate(0, 0)).toBeNull();
    });

    it('is the share of failed jobs', () => {
      expect(failureRate(3, 1)).toBe(0.25);
    });
  });

  describe(pickCounts.name, () => {
    it('fills missing states with 0 and counts no paused jobs in a running queue', () => {
      expect(pickCounts({ waiting: 4, completed: 2 }, false)).toEqual({
        waiting: 4,
        prioritized: 0,
        active: 0,
        delayed: 0,
        failed: 0,
        completed: 2,
        paused: 0,
      });
    });

    it('counts the waiting jobs of a paused queue as paused', () => {
      expect(pickCounts({ waiting: 4, prioritized: 1 }, true).paused).toBe(5);
    });
  });
});
