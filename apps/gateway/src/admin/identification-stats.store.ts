import { Injectable } from '@nestjs/common';
import { PrismaService } from '@wildid/common';
import type { RecentIdentificationRow } from './identification-stats';

/** The columns the admin stats read; never the result, the image or who uploaded it. */
const RECENT_SELECT = {
  id: true,
  status: true,
  model: true,
  modelLatencyMs: true,
  promptTokens: true,
  completionTokens: true,
  totalTokens: true,
  costUsd: true,
  errorCode: true,
  receivedAt: true,
  parsedAt: true,
  normalizedAt: true,
  createdAt: true,
  startedAt: true,
  modelStartedAt: true,
  modelFinishedAt: true,
  completedAt: true,
} as const;

/** Identifications that ended with one status: how many, their mean model latency (null without any) and tokens. */
export interface EndedGroup {
  count: number;
  avgModelLatencyMs: number | null;
  totalTokens: number;
}

/** Model spend of the identifications that ended in a period. */
export interface Spend {
  tokens: number;
  costUsd: number;
  /** How many of them have a cost (made a priced model call). */
  priced: number;
}

// Aggregates read by admins a few times a minute at most: Prisma's groupBy and aggregate are enough.
@Injectable()
export class IdentificationStatsStore {
  constructor(private readonly prisma: PrismaService) {}

  /** The latest ended identifications, newest first. */
  async recentEnded(limit: number): Promise<RecentIdentificationRow[]> {
    return this.prisma.identification.findMany({ where: { completedAt: { not: null } }, orderBy: { completedAt: 'desc' }, take: limit, select: RECENT_SELECT });
  }

  /** Completed and failed identifications that ended at or after `since`. */
  async endedSince(since: Date): Promise<{ completed: EndedGroup; failed: EndedGroup }> {
    const groups = await this.prisma.identification.groupBy({
      by: ['status'],
      where: { completedAt: { gte: since }, status: { in: ['completed', 'failed'] } },
      _count: { _all: true },
      _avg: { modelLatencyMs: true },
      _sum: { totalTokens: true },
    });
    const group = (status: 'completed' | 'failed'): EndedGroup => {
      const found = groups.find((candidate) => candidate.status === status);
      return { count: found?._count._all ?? 0, avgModelLatencyMs: found?._avg.modelLatencyMs ?? null, totalTokens: found?._sum.totalTokens ?? 0 };
    };
    return { completed: group('completed'), failed: group('failed') };
  }

  async spendSince(since: Date): Promise<Spend> {
    const aggregate = await this.prisma.identification.aggregate({
      where: { completedAt: { gte: since } },
      _sum: { totalTokens: true, costUsd: true },
      _count: { costUsd: true },
    });
    return { tokens: aggregate._sum.totalTokens ?? 0, costUsd: Number(aggregate._sum.costUsd ?? 0), priced: aggregate._count.costUsd };
  }
}
