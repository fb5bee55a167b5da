import { z } from 'zod';

const includeImageLinks = z
  .enum(['true', 'false'])
  .optional()
  .describe("`true`: add each photo's link (PUBLIC_URL/api/identifications/<id>/image, for you signed in) while it is kept. Default false");

export const batchExportQuerySchema = z.object({ format: z.enum(['csv', 'dwca', 'camtrap-dp']), includeImageLinks });
export type BatchExportQuery = z.output<typeof batchExportQuerySchema>;
export const BATCH_EXPORT_QUERY_INVALID = 'Send format=csv, format=dwca or format=camtrap-dp, and includeImageLinks=true or false if you like.';

export const historyExportQuerySchema = z.object({ format: z.enum(['csv', 'dwca']), includeImageLinks });
export type HistoryExportQuery = z.output<typeof historyExportQuerySchema>;
export const HISTORY_EXPORT_QUERY_INVALID =
  'Send format=csv or format=dwca, and includeImageLinks=true or false if you like. Camtrap DP is for one camera-trap batch: GET /api/batches/<id>/export?format=camtrap-dp.';

export const CAMTRAP_DP_FOR_CAMERA_TRAPS = 'Camtrap DP is for camera-trap batches and this one is a trip: export it as csv or dwca.';
export const CAMTRAP_DP_NEEDS_TIMES = 'Camtrap DP needs capture times and none of the photos of this batch has one (no EXIF date): export it as csv or dwca.';
export const CAMTRAP_DP_NEEDS_PLACE =
  "Camtrap DP needs where the camera stood: set the batch's location (PATCH /api/batches/<id> with location), then export again.";
