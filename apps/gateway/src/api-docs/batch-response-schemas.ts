import { BATCH_KINDS, type BatchPhotoPage, type BatchUploadResult, type BatchView } from '@wildid/common';
import { z } from 'zod';
import type { BatchSummary } from '../batches/batch.service';
import { identificationViewSchema, needsLookSchema } from './response-schemas';

// The batch answers' shapes, for the API description only (see response-schemas.ts).

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');
const uuid = z.uuid();
const location = z.object({ latitude: z.number(), longitude: z.number(), uncertaintyMeters: z.number().optional() });
const count = z.int().min(0);

const batchSummaryShape = {
  id: uuid,
  name: z.string(),
  kind: z.enum(BATCH_KINDS),
  location: location.optional().describe("Where a camera trap stood; the place of photos without GPS"),
  timezone: z.string().optional().describe('IANA zone of EXIF times without an offset'),
  clockOffsetSeconds: z.int().describe("Added to the camera's EXIF times"),
  useExif: z.boolean(),
  createdAt: timestamp,
};

export const batchCountsSchema = z
  .object({ total: count, queued: count, processing: count, completed: count, failed: count, noAnimal: count.describe('Completed without an animal (blanks)') })
  .meta({ id: 'BatchCounts' });

export const batchSchema = z
  .object({
    ...batchSummaryShape,
    counts: batchCountsSchema,
    species: z
      .array(z.object({ scientificName: z.string().optional(), commonName: z.string().optional(), photos: count, events: count.describe('Events (bursts) whose most confident animal this is') }))
      .describe('Most photos first'),
    eta: z.object({ seconds: count }).optional().describe('While photos wait or are processed: seconds until all are done, at the recent rate'),
  })
  .meta({ id: 'Batch' }) satisfies z.ZodType<BatchView>;

export const batchListSchema = z.object({ items: z.array(z.object(batchSummaryShape)) }).meta({ id: 'BatchList' }) satisfies z.ZodType<{ items: BatchSummary[] }>;

export const batchPhotoPageSchema = z
  .object({
    items: z.array(
      identificationViewSchema.extend({
        fileName: z.string().optional(),
        capturedAt: timestamp.optional().describe("From EXIF, in UTC, with the batch's clock offset applied"),
        location: location.extend({ country: z.string().optional().describe('ISO 3166-1 alpha-2') }).optional().describe("From the photo's GPS, else the batch's location"),
        eventId: uuid.optional().describe('Photos taken within BURST_GAP_SECONDS of each other share one'),
        imageUrl: z.string(),
        needsLook: needsLookSchema,
      }),
    ),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  })
  .meta({ id: 'BatchPhotoPage' }) satisfies z.ZodType<BatchPhotoPage>;

export const batchUploadResultSchema = z
  .object({
    accepted: z.array(z.object({ id: uuid, fileName: z.string() })).describe('Each an identification of the batch, queued'),
    rejected: z.array(z.object({ fileName: z.string(), error: z.string().describe('Why, for a person (duplicates say so)') })),
  })
  .meta({ id: 'BatchUploadResult' }) satisfies z.ZodType<BatchUploadResult>;
