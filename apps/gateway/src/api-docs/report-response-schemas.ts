import type { AdminReport, AdminReportPage, CreatedReport } from '@wildid/common';
import { z } from 'zod';
import { identificationViewSchema } from './response-schemas';

// The report answers' shapes, for the API description only (see response-schemas.ts).

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');
const uuid = z.uuid();

export const createdReportSchema = z.object({ id: uuid, createdAt: timestamp }).meta({ id: 'CreatedReport' }) satisfies z.ZodType<CreatedReport>;

export const adminReportSchema = z
  .object({
    id: uuid,
    reason: z.string(),
    suggestedName: z.string().optional(),
    model: z.string().optional().describe('The model that had answered when the report was made'),
    createdAt: timestamp,
    resolvedAt: timestamp.optional(),
    resolvedBy: z.string().optional().describe("The resolving admin's email"),
    identification: identificationViewSchema,
    imageUrl: z.string().optional().describe('GET /api/admin/reports/{id}/image; absent once the photo is no longer kept'),
  })
  .meta({ id: 'AdminReport' }) satisfies z.ZodType<AdminReport>;

export const adminReportPageSchema = z
  .object({ items: z.array(adminReportSchema), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') })
  .meta({ id: 'AdminReportPage' }) satisfies z.ZodType<AdminReportPage>;
