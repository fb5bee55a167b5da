import { z } from 'zod';
import type { AnimalResult } from './animal-result.schema';

export const REVIEW_VERDICTS = ['confirmed', 'corrected', 'unsure'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

const name = z.string().trim().min(1).max(200);

/** PUT /api/identifications/:id/review (and the event-wide review of a batch). */
export const reviewRequestSchema = z
  .object({
    verdict: z.enum(REVIEW_VERDICTS),
    scientificName: name.optional(),
    commonName: name.optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((review) => review.verdict !== 'corrected' || review.scientificName !== undefined || review.commonName !== undefined, {
    message: 'a correction needs a scientificName or a commonName',
  })
  .refine((review) => review.verdict === 'corrected' || (review.scientificName === undefined && review.commonName === undefined), {
    message: 'only a correction carries names',
  });
export type ReviewRequest = z.output<typeof reviewRequestSchema>;
export const REVIEW_INVALID =
  'Send { verdict: "confirmed" | "corrected" | "unsure", scientificName?, commonName?, note? }: a correction needs a scientificName or a commonName (at most 200 characters), only a correction carries names, a note has at most 2000 characters.';

/** A person's verdict on the model's answer; the answer itself is kept unchanged. */
export interface IdentificationReview {
  verdict: ReviewVerdict;
  scientificName?: string;
  commonName?: string;
  /** The reviewer's email. */
  by: string;
  at: string;
  note?: string;
}

/** The name an identification stands for now: the person's when they confirmed or corrected it, else the model's. */
export interface IdentifiedAs {
  scientificName?: string;
  commonName?: string;
  method: 'machine' | 'human';
  /** The model's confidence (machine only). */
  probability?: number;
}

export interface ReviewColumns {
  reviewVerdict?: string | null;
  reviewScientificName?: string | null;
  reviewCommonName?: string | null;
  reviewNote?: string | null;
  reviewedBy?: string | null;
  reviewedAt?: Date | null;
}

export function reviewOf(row: ReviewColumns): IdentificationReview | undefined {
  if (!row.reviewVerdict || !row.reviewedAt) return undefined;
  const review: IdentificationReview = { verdict: row.reviewVerdict as ReviewVerdict, by: row.reviewedBy ?? '', at: row.reviewedAt.toISOString() };
  if (row.reviewScientificName) review.scientificName = row.reviewScientificName;
  if (row.reviewCommonName) review.commonName = row.reviewCommonName;
  if (row.reviewNote) review.note = row.reviewNote;
  return review;
}

/**
 * A correction names the animal; a confirmation takes the model's animal as the person's; otherwise (no review,
 * or unsure) the model's animal stands. Absent when nobody named an animal (a blank, a failure).
 */
export function identifiedAsOf(result: AnimalResult | null | undefined, review: IdentificationReview | undefined): IdentifiedAs | undefined {
  if (review?.verdict === 'corrected') return withNames({ method: 'human' }, review);
  if (!result?.isAnimal || (!result.scientificName && !result.commonName)) return undefined;
  if (review?.verdict === 'confirmed') return withNames({ method: 'human' }, result);
  const machine = withNames({ method: 'machine' }, result);
  if (result.confidence !== undefined) machine.probability = result.confidence;
  return machine;
}

function withNames(identified: IdentifiedAs, names: { scientificName?: string; commonName?: string }): IdentifiedAs {
  if (names.scientificName) identified.scientificName = names.scientificName;
  if (names.commonName) identified.commonName = names.commonName;
  return identified;
}
