import type { IdentificationStatus } from '@wildid/common';

export interface RecentIdentificationRow {
  id: string;
  status: IdentificationStatus;
  model: string | null;
  modelLatencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Prisma's Decimal (anything with toString) or null. */
  costUsd: { toString(): string } | null;
  errorCode: string | null;
  receivedAt: Date | null;
  parsedAt: Date | null;
  normalizedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  modelStartedAt: Date | null;
  modelFinishedAt: Date | null;
  completedAt: Date | null;
}

type StageTimestamp = 'receivedAt' | 'parsedAt' | 'normalizedAt' | 'createdAt' | 'startedAt' | 'modelStartedAt' | 'modelFinishedAt' | 'completedAt';

export interface RecentIdentification
  extends Pick<RecentIdentificationRow, 'id' | 'status' | 'model' | 'modelLatencyMs' | 'promptTokens' | 'completionTokens' | 'totalTokens' | 'errorCode'> {
  /** Every model round of this identification at MODEL_PRICES; null for an unpriced model or no call. */
  costUsd: number | null;
  /**
   * Stage timestamps (ISO): request received, body read, photo normalized, queued (row written),
   * last attempt picked up, model asked, model answered, result or failure stored.
   */
  timestamps: Record<StageTimestamp, string | null>;
  /** Derived from the timestamps; null where a stage did not happen (or was not recorded, on older rows). */
  durationsMs: {
    /** Reading and checking the upload's body. */
    upload: number | null;
    normalization: number | null;
    /** Upload to the last attempt's start: queueing, plus earlier attempts and their backoff. */
    untilLastAttempt: number | null;
    model: number | null;
    total: number | null;
  };
}

export interface IdentificationThroughput {
  completed: number;
  failed: number;
  failureRate: number | null;
  avgModelLatencyMs: number | null;
  totalTokens: number;
}

export function toRecentIdentification(row: RecentIdentificationRow): RecentIdentification {
  return {
    id: row.id,
    status: row.status,
    model: row.model,
    modelLatencyMs: row.modelLatencyMs,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    totalTokens: row.totalTokens,
    costUsd: row.costUsd === null ? null : Number(row.costUsd.toString()),
    errorCode: row.errorCode,
    timestamps: {
      receivedAt: iso(row.receivedAt),
      parsedAt: iso(row.parsedAt),
      normalizedAt: iso(row.normalizedAt),
      createdAt: row.createdAt.toISOString(),
      startedAt: iso(row.startedAt),
      modelStartedAt: iso(row.modelStartedAt),
      modelFinishedAt: iso(row.modelFinishedAt),
      completedAt: iso(row.completedAt),
    },
    durationsMs: {
      upload: between(row.receivedAt, row.parsedAt),
      normalization: between(row.parsedAt, row.normalizedAt),
      untilLastAttempt: between(row.createdAt, row.startedAt),
      model: between(row.modelStartedAt, row.modelFinishedAt),
      total: between(row.createdAt, row.completedAt),
    },
  };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function between(from: Date | null, to: Date | null): number | null {
  return from && to ? to.getTime() - from.getTime() : null;
}
