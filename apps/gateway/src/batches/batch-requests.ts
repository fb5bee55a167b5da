import { BATCH_KINDS, BATCH_PHOTO_FILTERS, REVIEW_FILTER_HINT } from '@wildid/common';
import { z } from 'zod';
import { reviewFilterQuery } from '../reviews/review-filter';

/** An IANA time zone name this server knows (Intl throws a RangeError for any other). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const TEN_YEARS_SECONDS = 10 * 366 * 24 * 3600;

export const locationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  uncertaintyMeters: z.number().min(0).max(20_000_000).optional(),
});
const nameSchema = z.string().trim().min(1).max(200);
const timezoneSchema = z.string().max(64).refine(isTimeZone, 'not an IANA time zone').describe('IANA name, e.g. Europe/Amsterdam');
const clockOffsetSchema = z
  .int()
  .min(-TEN_YEARS_SECONDS)
  .max(TEN_YEARS_SECONDS)
  .describe("Seconds added to the camera's EXIF times, to correct a clock that was wrong");

export const createBatchSchema = z.object({
  name: nameSchema,
  kind: z.enum(BATCH_KINDS),
  location: locationSchema.optional().describe("Where a camera trap stood (its deployment); the place of photos without GPS"),
  timezone: timezoneSchema.optional().describe('The zone of EXIF times that carry no offset'),
  clockOffsetSeconds: clockOffsetSchema.optional(),
  useExif: z.boolean().default(true).describe("Read each photo's capture time and GPS position before its metadata is stripped"),
});
export type CreateBatchRequest = z.output<typeof createBatchSchema>;
export const CREATE_BATCH_INVALID =
  'Send { name, kind: "trip" | "camera-trap", location?: { latitude, longitude, uncertaintyMeters? }, timezone?: IANA name, clockOffsetSeconds?: whole seconds, useExif?: boolean }.';

/** null clears a location or time zone. */
export const updateBatchSchema = z
  .object({
    name: nameSchema.optional(),
    location: locationSchema.nullable().optional(),
    timezone: timezoneSchema.nullable().optional(),
    clockOffsetSeconds: clockOffsetSchema.optional(),
  })
  .refine((update) => Object.keys(update).length > 0, 'nothing to change');
export type UpdateBatchRequest = z.output<typeof updateBatchSchema>;
export const UPDATE_BATCH_INVALID =
  'Send one or more of { name, location: { latitude, longitude, uncertaintyMeters? } | null, timezone: IANA name | null, clockOffsetSeconds }.';

export const batchPhotosQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  filter: z.enum(BATCH_PHOTO_FILTERS).default('all').describe('animals, blanks (no animal), failed, or all'),
  review: reviewFilterQuery,
});
export type BatchPhotosQuery = z.output<typeof batchPhotosQuerySchema>;
export const BATCH_PHOTOS_QUERY_INVALID = `limit must be a whole number from 1 to 200; filter one of animals, blanks, failed, all; ${REVIEW_FILTER_HINT}.`;

export const batchListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const BATCH_LIST_QUERY_INVALID = 'limit must be a whole number from 1 to 200.';
