import { REVIEW_FILTERS, type ReviewFilter } from '@wildid/common';
import { z } from 'zod';

/** The optional `review=` query parameter of GET /api/me/identifications and GET /api/batches/:id/identifications. */
export const reviewFilterQuery = z
  .enum(REVIEW_FILTERS)
  .optional()
  .describe('unreviewed (finished, no review), confirmed, corrected, unsure, or needs-look (model answers nobody confirmed or corrected, with a confidence below REVIEW_BELOW_CONFIDENCE or none)');

/**
 * SQL on `identifications` for "needs a look": completed, no review or an unsure one, and the model's confidence
 * absent or below the threshold bound at `thresholdParam` (e.g. `$5`). Both the `needsLook` flag and the
 * `review=needs-look` filter use this one expression, so the list and the flags always agree.
 */
export function needsLookSql(thresholdParam: string): string {
  return `(status = 'completed' AND (review_verdict IS NULL OR review_verdict = 'unsure')
    AND NOT COALESCE((result->>'confidence')::float8 >= ${thresholdParam}::float8, false))`;
}

const VERDICT_FILTERS: Record<Exclude<ReviewFilter, 'needs-look'>, string> = {
  unreviewed: `(status IN ('completed', 'failed') AND review_verdict IS NULL)`,
  confirmed: `review_verdict = 'confirmed'`,
  corrected: `review_verdict = 'corrected'`,
  unsure: `review_verdict = 'unsure'`,
};

/** SQL for a `review=` filter (none: every row); the threshold as for needsLookSql. */
export function reviewFilterSql(filter: ReviewFilter | undefined, thresholdParam: string): string {
  if (filter === undefined) return 'true';
  return filter === 'needs-look' ? needsLookSql(thresholdParam) : VERDICT_FILTERS[filter];
}
