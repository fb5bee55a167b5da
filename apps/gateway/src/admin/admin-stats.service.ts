import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAIL_QUEUE, PrismaService } from '@wildid/common';
import type { Queue } from 'bullmq';
import {
  type IdentificationThroughput,
  RECENT_IDENTIFICATION_SELECT,
  type RecentIdentification,
  toRecentIdentification,
} from './identification-stats';
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
}

/** Operational numbers for admins: queue state from Redis (BullMQ), identification costs from Postgres. */
@Injectable()
export class AdminStatsService {
  // The queues whose workers collect BullMQ metrics (see their @Processor options).
  private readonly queues: Queue[];

  constructor(
    private readonly prisma: PrismaService,
    @InjectQueue(IDENTIFY_QUEUE) identifyQueue: Queue,
    @InjectQueue(MAIL_QUEUE) mailQueue: Queue,
    private readonly models: ModelStatsService,
  ) {
    this.queues = [identifyQueue, mailQueue];
  }

  async stats(recent: number, now = new Date()): Promise<AdminStats> {
    const [queues, lastHour, recentRows, { model, cost }] = await Promise.all([
      Promise.all(this.queues.map((queue) => this.queueStats(queue, now.getTime()))),
      this.identificationThroughput(new Date(now.getTime() - HOUR_MS)),
      this.prisma.identification.findMany({
        where: { completedAt: { not: null } },
        orderBy: { completedAt: 'desc' },
        take: recent,
        select: RECENT_IDENTIFICATION_SELECT,
      }),
      this.models.stats(now),
    ]);
    return {
      generatedAt: now.toISOString(),
      queues,
      model,
      identifications: { cost, lastHour, recent: recentRows.map(toRecentIdentification) },
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
    const groups = await this.prisma.identification.groupBy({
      by: ['status'],
      where: { completedAt: { gte: since }, status: { in: ['completed', 'failed'] } },
      _count: { _all: true },
      _avg: { modelLatencyMs: true },
      _sum: { totalTokens: true },
    });
    const completed = groups.find((group) => group.status === 'completed');
    const failed = groups.find((group) => group.status === 'failed');
    const avgLatency = completed?._avg.modelLatencyMs;
    return {
      completed: completed?._count._all ?? 0,
      failed: failed?._count._all ?? 0,
      failureRate: failureRate(completed?._count._all ?? 0, failed?._count._all ?? 0),
      avgModelLatencyMs: avgLatency === null || avgLatency === undefined ? null : Math.round(avgLatency),
      totalTokens: (completed?._sum.totalTokens ?? 0) + (failed?._sum.totalTokens ?? 0),
    };
  }
}
