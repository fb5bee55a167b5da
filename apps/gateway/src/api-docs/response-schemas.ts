import {
  REVIEW_VERDICTS,
  IDENTIFICATION_STATUSES,
  IUCN_CATEGORIES,
  type HistoryPage,
  type IdentificationView,
  LIFE_LIST_REVIEWS,
  type LifeList,
  MODEL_NOTICE_CODES,
  animalResultSchema,
} from '@wildid/common';
import { z } from 'zod';
import type { ModelReviewStats } from '../admin/model-review-stats';
import type { CreatedIdentification } from '../identifications/identification.service';
import type { HttpErrorBody } from '../errors/http-error.filter';

// The answers' shapes, for the API description only: the handlers build them as
// TypeScript types, and `satisfies` keeps each schema assignable to its type.

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');
const uuid = z.uuid();

export const errorBodySchema = z
  .object({ statusCode: z.int(), error: z.string(), message: z.string().describe('What happened and what to do, for a person') })
  .meta({ id: 'Error' }) satisfies z.ZodType<HttpErrorBody>;

export const createdIdentificationSchema = z
  .object({ id: uuid, status: z.literal('queued'), accessToken: z.string().describe('Send as `Authorization: Bearer …` to read it') })
  .meta({ id: 'CreatedIdentification' }) satisfies z.ZodType<CreatedIdentification>;

const reviewSchema = z.object({
  verdict: z.enum(REVIEW_VERDICTS),
  scientificName: z.string().optional(),
  commonName: z.string().optional(),
  by: z.string().describe("The reviewer's email"),
  at: timestamp,
  note: z.string().optional(),
});

const identifiedAsSchema = z.object({
  scientificName: z.string().optional(),
  commonName: z.string().optional(),
  method: z.enum(['machine', 'human']),
  probability: z.number().optional().describe("The model's confidence (machine only)"),
});

/** The flag on history items and batch photos. */
export const needsLookSchema = z
  .literal(true)
  .optional()
  .describe('The model answered, nobody confirmed or corrected it, and its confidence is below REVIEW_BELOW_CONFIDENCE or unknown: worth a look first');

export const identificationViewSchema = z
  .object({
    id: uuid,
    status: z.enum(IDENTIFICATION_STATUSES),
    createdAt: timestamp,
    completedAt: timestamp.optional(),
    result: animalResultSchema.optional().describe('When completed; isAnimal false means no animal was found'),
    error: z.object({ code: z.string(), message: z.string() }).optional().describe('When failed: a stable code and a message for a person'),
    partial: z
      .object({ commonName: z.string(), scientificName: z.string().optional(), confidence: z.number().optional() })
      .optional()
      .describe('While processing: the names the model streamed first'),
    notice: z.object({ code: z.enum(MODEL_NOTICE_CODES), message: z.string() }).optional().describe('While queued on a paused server: why it waits'),
    queue: z
      .object({
        ahead: z.int().min(0).describe('Identifications served before this one: single uploads first, then batch photos in the queue, then held-back ones in turn'),
        etaSeconds: z.int().min(0).nullable().describe('When it should be done at the rate of the last minutes; null until a rate is measured'),
      })
      .optional()
      .describe('While queued: its place in the queue'),
    context: z.string().optional().describe('The time and place given to the model with the photo (from its EXIF or its batch), when known'),
    review: reviewSchema.optional().describe("The owner's review; the model's result is never changed by it"),
    identifiedAs: identifiedAsSchema
      .optional()
      .describe("The name it stands for: the person's when confirmed or corrected, else the model's; absent when no animal was named"),
  })
  .meta({ id: 'Identification' }) satisfies z.ZodType<IdentificationView>;

export const historyPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: uuid,
        status: z.enum(IDENTIFICATION_STATUSES),
        createdAt: timestamp,
        completedAt: timestamp.optional(),
        isAnimal: z.boolean().optional(),
        commonName: z.string().optional(),
        scientificName: z.string().optional(),
        confidence: z.number().optional(),
        conservationStatus: z.enum(IUCN_CATEGORIES).optional(),
        errorCode: z.string().optional(),
        imageUrl: z.string().optional().describe('Absent once the photo is no longer kept'),
        review: reviewSchema.optional().describe("The owner's review"),
        identifiedAs: identifiedAsSchema.optional().describe("The name it stands for now (as on the identification)"),
        needsLook: needsLookSchema,
      }),
    ),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  })
  .meta({ id: 'HistoryPage' }) satisfies z.ZodType<HistoryPage>;

export const lifeListSchema = z
  .object({
    items: z
      .array(
        z.object({
          scientificName: z.string().optional(),
          commonName: z.string().optional(),
          reviewed: z.enum(LIFE_LIST_REVIEWS).describe('corrected: a photo was corrected to it; else confirmed: one was confirmed; else unreviewed'),
          photos: z.int().min(1),
          firstSeen: timestamp.describe('The earliest photo: when taken, else when uploaded'),
          lastSeen: timestamp,
          latestId: uuid.describe('The identification of the latest photo'),
        }),
      )
      .describe("One per species the identifications stand for (their identifiedAs), by scientific name (case-insensitive), else common name (joining the species that common name has elsewhere in the list); latest seen first"),
  })
  .meta({ id: 'LifeList' }) satisfies z.ZodType<LifeList>;

export const eventReviewedSchema = z
  .object({ updated: z.int().min(0).describe("The event's finished photos now carrying the review (or none, after a DELETE)") })
  .meta({ id: 'EventReviewed' });

export const meSchema = z.object({ id: uuid, email: z.email(), isAdmin: z.boolean() }).meta({ id: 'Me' });

export const sessionsSchema = z
  .object({
    sessions: z.array(
      z.object({ id: z.string(), createdAt: timestamp, lastSeenAt: timestamp, userAgent: z.string().nullable(), current: z.boolean().describe('This browser') }),
    ),
  })
  .meta({ id: 'Sessions' });

export const claimedSchema = z.object({ claimed: z.int().min(0) }).meta({ id: 'Claimed' });

export const acceptedSchema = z.object({ ok: z.literal(true) });

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'error', 'degraded']),
    details: z.record(z.string(), z.unknown()).optional().describe('Admins and HEALTH_DETAILS_FROM only: each dependency, the workers, the model'),
  })
  .meta({ id: 'Health' });

const count = z.int().min(0);
const speciesName = z.object({ scientificName: z.string().optional(), commonName: z.string().optional() });

export const modelReviewStatsSchema = z
  .object({
    model: z.string().nullable().describe('Null: reports of identifications no model answered'),
    completed: count.describe('Identifications the model completed'),
    reviewed: count,
    confirmed: count,
    corrected: count,
    unsure: count,
    reports: count,
    openReports: count,
    topCorrections: z
      .array(z.object({ from: speciesName.describe("The model's names"), to: speciesName.describe("The person's"), count }))
      .describe('The most frequent corrections (at most 5), most frequent first'),
  })
  .meta({ id: 'ModelReviewStats' }) satisfies z.ZodType<ModelReviewStats>;

export const adminStatsSchema = z
  .looseObject({
    generatedAt: timestamp,
    queues: z.array(z.looseObject({ name: z.string() })),
    model: z.looseObject({ name: z.string().nullable(), paused: z.boolean() }),
    identifications: z.looseObject({ cost: z.looseObject({}), lastHour: z.looseObject({}), recent: z.array(z.looseObject({ id: uuid })) }),
    modelReviews: z.array(modelReviewStatsSchema).describe('Per model, all time: reviews of its answers, reports against them, its top corrections'),
  })
  .meta({ id: 'AdminStats' });
