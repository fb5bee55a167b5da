import {
  type AnimalResult,
  type BatchKind,
  type IdentificationReview,
  type IdentificationStatus,
  type IdentifiedAs,
  type ReviewColumns,
  identifiedAsOf,
  reviewOf,
} from '@wildid/common';
import type { Placement } from '../batches/photo-placement';
import { isoWithOffset } from './local-time';

/** One identification as the exports read it: the answer, the person's review, when, where and in which batch. */
export interface ExportRow extends ReviewColumns, Omit<Placement, 'promptContext'> {
  id: string;
  status: IdentificationStatus;
  model: string | null;
  result: AnimalResult | null;
  createdAt: Date;
  completedAt: Date | null;
  batchId: string | null;
  batchName: string | null;
  batchKind: BatchKind | null;
  fileName: string | null;
  eventId: string | null;
  /** Whether the photo is still kept (an image link would answer). */
  hasImage: boolean;
}

/** A row with what it stands for now: the review, and the name a person or the model gave. */
export interface ExportRecord extends ExportRow {
  review?: IdentificationReview;
  identifiedAs?: IdentifiedAs;
}

export function recordOf(row: ExportRow): ExportRecord {
  const review = reviewOf(row);
  const identifiedAs = identifiedAsOf(row.result, review);
  return { ...row, ...(review ? { review } : {}), ...(identifiedAs ? { identifiedAs } : {}) };
}

/** When the photo was taken, as the camera saw it; undefined when unknown. */
export function capturedText(record: ExportRow): string | undefined {
  return record.capturedAt ? isoWithOffset(record.capturedAt, record.capturedUtcOffsetMinutes) : undefined;
}

/** Whether a person decided what it stands for (confirmed or corrected), or the model's answer stands. */
export function methodOf(record: ExportRecord): 'machine' | 'human' {
  return record.review && record.review.verdict !== 'unsure' ? 'human' : 'machine';
}

/** Who gave the name it stands for, and when: the reviewer (their email) and the review's time, or the model and its answer's. */
export function classificationOf(record: ExportRecord): { method: 'machine' | 'human'; by?: string; at?: Date } {
  if (methodOf(record) === 'human') return { method: 'human', by: record.review?.by, at: record.reviewedAt ?? undefined };
  return { method: 'machine', by: record.model ?? undefined, at: record.completedAt ?? undefined };
}
