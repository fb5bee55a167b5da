import { utcColumn } from './sql-utc';

/** The columns a view needs (never the image bytes), for SQL on `identifications`, named as IdentificationViewRow expects. */
export const IDENTIFICATION_VIEW_SQL = [
  'id',
  'status',
  utcColumn('created_at', 'createdAt'),
  utcColumn('completed_at', 'completedAt'),
  'result',
  'error_code AS "errorCode"',
  'error_message AS "errorMessage"',
  'partial',
  'prompt_context AS "promptContext"',
  'review_verdict AS "reviewVerdict"',
  'review_scientific_name AS "reviewScientificName"',
  'review_common_name AS "reviewCommonName"',
  'review_note AS "reviewNote"',
  'reviewed_by AS "reviewedBy"',
  utcColumn('reviewed_at', 'reviewedAt'),
].join(', ');
