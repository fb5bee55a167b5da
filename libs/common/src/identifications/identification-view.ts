import type { IdentificationNotice } from '../model/model-pause';
import type { AnimalResult } from './animal-result.schema';
import { type IdentificationReview, type IdentifiedAs, type ReviewColumns, identifiedAsOf, reviewOf } from './identification-review';

export const IDENTIFICATION_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type IdentificationStatus = (typeof IDENTIFICATION_STATUSES)[number];
export const UNFINISHED_STATUSES = ['queued', 'processing'] as const satisfies readonly IdentificationStatus[];

/** A completed or failed identification changes no more. */
export function isFinished(view: { status: IdentificationStatus }): boolean {
  return view.status === 'completed' || view.status === 'failed';
}

export interface IdentificationError {
  /** Stable machine-readable reason, e.g. `model_output_invalid`. */
  code: string;
  /** What a person can do about it. */
  message: string;
}

/** The model's first names for the photo, streamed before the full answer (only while processing). */
export interface PartialResult {
  commonName: string;
  scientificName?: string;
  confidence?: number;
}

export interface QueuePlace {
  ahead: number;
  etaSeconds: number | null;
}

/** The public shape of an identification: the GET body and every socket event. */
export interface IdentificationView {
  id: string;
  status: IdentificationStatus;
  createdAt: string;
  completedAt?: string;
  result?: AnimalResult;
  error?: IdentificationError;
  /** While processing: what the model has named so far. */
  partial?: PartialResult;
  /** While queued and identification is paused on this server (an operator problem): why the wait. */
  notice?: IdentificationNotice;
  /** While queued: identifications served before this one, and when it should be done at the recent rate (null: no rate measured yet). */
  queue?: QueuePlace;
  /** The time and place the model is given with the photo (from its EXIF or its batch), when known. */
  context?: string;
  /** The owner's confirmation or correction of the model's answer. */
  review?: IdentificationReview;
  /** The name it stands for now, and whether a person or the model gave it (absent: no animal named). */
  identifiedAs?: IdentifiedAs;
}

export interface IdentificationViewRow extends ReviewColumns {
  id: string;
  status: IdentificationStatus;
  createdAt: Date;
  completedAt: Date | null;
  result: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  partial?: unknown;
  promptContext?: string | null;
}

export function toIdentificationView(row: IdentificationViewRow): IdentificationView {
  const view: IdentificationView = { id: row.id, status: row.status, createdAt: row.createdAt.toISOString() };
  if (row.completedAt) view.completedAt = row.completedAt.toISOString();
  if (row.result !== null && row.result !== undefined) view.result = row.result as AnimalResult;
  if (row.errorCode) view.error = { code: row.errorCode, message: row.errorMessage ?? row.errorCode };
  if (row.status === 'processing' && row.partial) view.partial = row.partial as PartialResult;
  if (row.promptContext) view.context = row.promptContext;
  const review = reviewOf(row);
  if (review) view.review = review;
  const identifiedAs = identifiedAsOf(view.result, review);
  if (identifiedAs) view.identifiedAs = identifiedAs;
  return view;
}

/** A queued identification learns why it waits; any other state carries no notice. */
export function withNotice(view: IdentificationView, notice: IdentificationNotice | null): IdentificationView {
  return view.status === 'queued' && notice ? { ...view, notice } : view;
}
