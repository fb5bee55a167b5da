import { REPORT_STATUSES } from '@wildid/common';
import { z } from 'zod';

export const reportListQuerySchema = z.object({
  status: z.enum(REPORT_STATUSES).default('open'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const REPORT_LIST_QUERY_INVALID = 'status must be open, resolved or all; limit a whole number from 1 to 100.';
