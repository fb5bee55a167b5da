import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAIL_QUEUE } from '@wildid/common';
import type { Queue } from 'bullmq';
import { type IdentificationThroughput, type RecentIdentification, toRecentIdentification } from './identification-stats';
import { IdentificationStatsStore } from './identification-stats.store';
import { type ModelReviewStats, toModelReviewStats } from './model-review-stats';
import { ModelReviewStatsStore, TOP_CORRECTIONS } from './model-review-stats.store';
import { type CostStats, type ModelStats, ModelStatsService } from './model-stats.service';
import { COUNTED_STATES, HOUR_MINUTES, type QueueStats, failureRate, lastHourThroughput, pickCounts } from './queue-stats';

const HOUR_MS = 3_600_000;

export interface AdminStats {
  generatedAt: string;
  queues: QueueStats[];
  /** The model in use, whether identification is paused, and today's tokens and cost. */
  model: ModelStats;
  identifications: {
    /** Model spend: today (UTC), the last 30 days, and per identification. */
    cost: CostStats;
    /** From Postgres: identifications that ended (completed or failed) in the last hour. */
    lastHour: IdentificationThroughput;
    /** The latest ended identifications, newest first. */
    recent: RecentIdentification[];
  };
  /** Per model, over all time: reviews of its answers (confirmed, corrected, unsure), reports, and its top corrections. */
  modelReviews: ModelReviewStats[];
}

/** Operational numbers for admins: queue state from Redis (BullMQ), identification costs from Postgres. */
@Injectable()
export class AdminStatsService {
  // The queues whose workers collect BullMQ metrics (see their @Processor options).
  private readonly queues: Queue[];

  constructor(
    private readonly store: IdentificationStatsStore,
    @InjectQueue(IDENTIFY_QUEUE) identifyQueue: Queue,
    @InjectQueue(MAIL_QUEUE) mailQueue: Queue,
    private readonly models: ModelStatsService,
    private readonly reviews: ModelReviewStatsStore,
  ) {
    this.queues = [identifyQueue, mailQueue];
  }

  async stats(recent: number, now = new Date()): Promise<AdminStats> {
    const [queues, lastHour, recentRows, { model, cost }, reviewCounts, corrections] = await Promise.all([
      Promise.all(this.queues.map((queue) => this.queueStats(queue, now.getTime()))),
      this.identificationThroughput(new Date(now.getTime() - HOUR_MS)),
      this.store.recentEnded(recent),
      this.models.stats(now),
      this.reviews.perModel(),
      this.reviews.topCorrections(TOP_CORRECTIONS),
    ]);
    return {
      generatedAt: now.toISOString(),
      queues,
      model,
      identifications: { cost, lastHour, recent: recentRows.map(toRecentIdentification) },
      modelReviews: toModelReviewStats(reviewCounts, corrections),
    };
  }

  private async queueStats(queue: Queue, now: number): Promise<QueueStats> {
    const [counts, isPaused, workersOnline, completed, failed] = await Promise.all([
      queue.getJobCounts(...COUNTED_STATES),
      queue.isPaused(),
      queue.getWorkersCount(),
      queue.getMetrics('completed', 0, HOUR_MINUTES - 1),
      queue.getMetrics('failed', 0, HOUR_MINUTES - 1),
    ]);
    return { name: queue.name, isPaused, counts: pickCounts(counts, isPaused), workersOnline, lastHour: lastHourThroughput(completed, failed, now) };
  }

  private async identificationThroughput(since: Date): Promise<IdentificationThroughput> {
    const { completed, failed } = await this.store.endedSince(since);
    const avgLatency = completed.avgModelLatencyMs;
    return {
      completed: completed.count,
      failed: failed.count,
      failureRate: failureRate(completed.count, failed.count),
      avgModelLatencyMs: avgLatency === null ? null : Math.round(avgLatency),
      totalTokens: completed.totalTokens + failed.totalTokens,
    };
  }
}
