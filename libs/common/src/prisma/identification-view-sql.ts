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
].join(', ');
