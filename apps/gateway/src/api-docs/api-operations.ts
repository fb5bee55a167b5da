import { REPORT_INVALID, REVIEW_INVALID, reportRequestSchema, reviewRequestSchema } from '@wildid/common';
import { z } from 'zod';
import { STATS_QUERY_INVALID, statsQuerySchema } from '../admin/admin-stats.controller';
import { EMAIL_INVALID, magicLinkRequestSchema, tokenSchema } from '../auth/auth.controller';
import { CLAIM_INVALID, HISTORY_QUERY_INVALID, historyQuerySchema } from '../history/history.controller';
import { claimSchema } from '../history/history.service';
import {
  BATCH_LIST_QUERY_INVALID,
  BATCH_PHOTOS_QUERY_INVALID,
  CREATE_BATCH_INVALID,
  UPDATE_BATCH_INVALID,
  batchListQuerySchema,
  batchPhotosQuerySchema,
  createBatchSchema,
  updateBatchSchema,
} from '../batches/batch-requests';
import { ARCHIVE_FIELD } from '../batches/batch-upload.interceptor';
import * as batchAnswers from './batch-response-schemas';
import { IMAGE_FIELD } from '../identifications/image-upload.interceptor';
import * as answers from './response-schemas';
import * as reportAnswers from './report-response-schemas';
import { REPORT_LIST_QUERY_INVALID, reportListQuerySchema } from '../reports/report-requests';
import * as exportsApi from '../exports/export-requests';

/** Who may call a route: anyone, the holder of an identification's access token or its owner, a signed-in user, an admin. */
export type Caller = 'anyone' | 'token-or-owner' | 'signed-in' | 'admin';

export interface Answer {
  description: string;
  /** JSON by default; `type` names another media type (then the schema, if any, describes it). */
  schema?: z.ZodType;
  type?: string;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `{id}` for a path parameter. */
  path: string;
  tag: 'identifications' | 'batches' | 'accounts' | 'history' | 'operations' | 'api description';
  summary: string;
  caller: Caller;
  query?: z.ZodObject;
  /** Path parameters other than an `{id}` that is a UUID. */
  params?: Record<string, z.ZodType>;
  body?: { type: string; schema: z.ZodType };
  answers: Record<number, Answer>;
}

const html = (description: string): Answer => ({ description, type: 'text/html' });
const problem = (description: string): Answer => ({ description, schema: answers.errorBodySchema });
const tooMany = problem('Rate limited; `Retry-After` says when to try again');
const notFound = problem('No such identification for this access token or account');
const signInNeeded = problem('Not signed in');
const noBatch = problem('No such batch in your account');
const noEvent = problem('No such batch in your account, or no such event in it');
const eventIdParam = z.uuid().describe("A photo's eventId: the id of the event's first photo (a photo without a capture time is an event of its own, by its id)");

const uploadSchema = z.object({
  [IMAGE_FIELD]: z.string().meta({ format: 'binary' }).describe('JPEG, PNG, WebP, AVIF or GIF, at most UPLOAD_MAX_BYTES'),
  useExif: z.enum(['true', 'false']).optional().describe("`true`: use the photo's own EXIF time and GPS position (read before they are stripped, kept on the identification only) as context for the model; the view then carries it as `context`. Default false"),
});
const verifySchema = z.object({ token: tokenSchema });
const batchUploadSchema = z.object({
  [IMAGE_FIELD]: z.array(z.string().meta({ format: 'binary' })).optional().describe('Up to BATCH_MAX_FILES_PER_REQUEST photos, each at most UPLOAD_MAX_BYTES'),
  [ARCHIVE_FIELD]: z.string().meta({ format: 'binary' }).optional().describe('Or one zip of photos (folders inside are fine), at most BATCH_MAX_ARCHIVE_BYTES'),
});

/** Every route of the gateway. A test fails when the router has one this list lacks. */
export const API_OPERATIONS: Operation[] = [
  {
    method: 'post', path: '/api/identifications', tag: 'identifications', caller: 'anyone',
    summary: 'Upload a photo to identify; signed in, it is kept in your history, else it expires after ANON_RETENTION_HOURS',
    body: { type: 'multipart/form-data', schema: uploadSchema },
    answers: {
      202: { description: 'Queued', schema: answers.createdIdentificationSchema },
      400: problem('No photo, not valid multipart/form-data, or useExif neither "true" nor "false"'),
      413: problem('Larger than UPLOAD_MAX_BYTES (refused on its headers when declared)'),
      415: problem('Not a supported image (HEIC: send JPEG)'),
      422: problem('Unreadable or too large an image'),
      429: tooMany,
      503: problem('The database or the job queue is down; nothing was stored'),
    },
  },
  {
    method: 'get', path: '/api/identifications/{id}', tag: 'identifications', caller: 'token-or-owner',
    summary: 'Read an identification: queued, processing (with partial names), completed (with the result) or failed (with the reason)',
    answers: { 200: { description: 'Its current state', schema: answers.identificationViewSchema }, 404: notFound, 429: tooMany },
  },
  {
    method: 'get', path: '/api/identifications/{id}/image', tag: 'identifications', caller: 'token-or-owner',
    summary: 'The stored photo (normalized JPEG without metadata) while it is kept',
    answers: { 200: { description: 'The photo', type: 'image/jpeg' }, 404: notFound, 429: tooMany },
  },
  {
    method: 'delete', path: '/api/identifications/{id}', tag: 'identifications', caller: 'signed-in',
    summary: 'Delete one of your identifications and its photo',
    answers: { 204: { description: 'Deleted' }, 401: signInNeeded, 404: notFound },
  },
  {
    method: 'put', path: '/api/identifications/{id}/review', tag: 'identifications', caller: 'signed-in',
    summary: "Confirm, correct (to an alternative or a typed name) or mark unsure the model's answer to one of your finished identifications; the answer itself is kept, the view gains review and identifiedAs",
    body: { type: 'application/json', schema: reviewRequestSchema },
    answers: {
      200: { description: 'The identification with its review', schema: answers.identificationViewSchema },
      400: problem(REVIEW_INVALID),
      401: signInNeeded,
      404: problem('No such identification in your account'),
      409: problem('Not finished yet'),
    },
  },
  {
    method: 'delete', path: '/api/identifications/{id}/review', tag: 'identifications', caller: 'signed-in',
    summary: "Take your review back: the identification stands for the model's answer again",
    answers: { 200: { description: 'The identification without a review', schema: answers.identificationViewSchema }, 401: signInNeeded, 404: problem('No such identification in your account'), 409: problem('Not finished yet') },
  },
  {
    method: 'post', path: '/api/batches', tag: 'batches', caller: 'signed-in',
    summary: "Start a batch: a trip's photos or a camera trap's card, with the place, time zone and clock offset that apply to its photos",
    body: { type: 'application/json', schema: createBatchSchema },
    answers: { 201: { description: 'Created, empty', schema: batchAnswers.batchSchema }, 400: problem(CREATE_BATCH_INVALID), 401: signInNeeded },
  },
  {
    method: 'get', path: '/api/batches', tag: 'batches', caller: 'signed-in',
    summary: 'Your batches, newest first',
    query: batchListQuerySchema,
    answers: { 200: { description: 'Batches', schema: batchAnswers.batchListSchema }, 400: problem(BATCH_LIST_QUERY_INVALID), 401: signInNeeded },
  },
  {
    method: 'get', path: '/api/batches/{id}', tag: 'batches', caller: 'signed-in',
    summary: 'A batch with its counts, species (photos and events each) and, while photos wait, an ETA',
    answers: { 200: { description: 'The batch', schema: batchAnswers.batchSchema }, 401: signInNeeded, 404: noBatch },
  },
  {
    method: 'post', path: '/api/batches/{id}/photos', tag: 'batches', caller: 'signed-in',
    summary: 'Add photos to a batch: each accepted one is an identification like any other; bad files and duplicates (same sha256 in the batch) are listed with the reason and never stop the rest',
    body: { type: 'multipart/form-data', schema: batchUploadSchema },
    answers: {
      202: { description: 'Accepted and queued, or rejected with the reason, file by file', schema: batchAnswers.batchUploadResultSchema },
      400: problem('No files, more than BATCH_MAX_FILES_PER_REQUEST, or not valid multipart/form-data'),
      401: signInNeeded,
      404: noBatch,
      413: problem('Larger than BATCH_MAX_ARCHIVE_BYTES (refused on its headers when declared)'),
      429: tooMany,
      503: problem('The job queue is down; photos accepted before it went down stay accepted'),
    },
  },
  {
    method: 'get', path: '/api/batches/{id}/identifications', tag: 'batches', caller: 'signed-in',
    summary: "A batch's photos in the order they were taken (upload order for those without a time), a page at a time; `filter` and `review` narrow it together",
    query: batchPhotosQuerySchema,
    answers: { 200: { description: 'A page', schema: batchAnswers.batchPhotoPageSchema }, 400: problem(BATCH_PHOTOS_QUERY_INVALID), 401: signInNeeded, 404: noBatch },
  },
  {
    method: 'put', path: '/api/batches/{id}/events/{eventId}/review', tag: 'batches', caller: 'signed-in',
    summary: "Review a whole event (a burst) at once: the same body as one identification's review, written on each of the event's finished photos",
    params: { eventId: eventIdParam },
    body: { type: 'application/json', schema: reviewRequestSchema },
    answers: { 200: { description: 'How many photos carry the review now', schema: answers.eventReviewedSchema }, 400: problem(REVIEW_INVALID), 401: signInNeeded, 404: noEvent },
  },
  {
    method: 'delete', path: '/api/batches/{id}/events/{eventId}/review', tag: 'batches', caller: 'signed-in',
    summary: "Take the reviews of an event's photos back: they stand for the model's answers again",
    params: { eventId: eventIdParam },
    answers: { 200: { description: 'How many finished photos the event has (none keeps a review)', schema: answers.eventReviewedSchema }, 401: signInNeeded, 404: noEvent },
  },
  {
    method: 'patch', path: '/api/batches/{id}', tag: 'batches', caller: 'signed-in',
    summary: 'Rename a batch or change its location, time zone or clock offset (capture times, places and events are recomputed)',
    body: { type: 'application/json', schema: updateBatchSchema },
    answers: { 200: { description: 'The batch', schema: batchAnswers.batchSchema }, 400: problem(UPDATE_BATCH_INVALID), 401: signInNeeded, 404: noBatch },
  },
  {
    method: 'delete', path: '/api/batches/{id}', tag: 'batches', caller: 'signed-in',
    summary: 'Delete a batch and all its photos',
    answers: { 204: { description: 'Deleted' }, 401: signInNeeded, 404: noBatch },
  },
  {
    method: 'post', path: '/api/auth/magic-link', tag: 'accounts', caller: 'anyone',
    summary: 'Mail a sign-in link; the same answer for any well-formed address',
    body: { type: 'application/json', schema: magicLinkRequestSchema },
    answers: { 202: { description: 'Accepted', schema: answers.acceptedSchema }, 400: problem(EMAIL_INVALID), 429: tooMany },
  },
  {
    method: 'post', path: '/auth/magic-link', tag: 'accounts', caller: 'anyone',
    summary: 'The same, from the HTML form of the invalid-link page',
    body: { type: 'application/x-www-form-urlencoded', schema: magicLinkRequestSchema },
    answers: { 200: html('"Check your inbox" page'), 400: problem(EMAIL_INVALID), 429: tooMany },
  },
  {
    method: 'get', path: '/auth/verify', tag: 'accounts', caller: 'anyone',
    summary: "The sign-in link's page: a button that POSTs the token (mail scanners that prefetch links do not use it up)",
    query: verifySchema,
    answers: { 200: html('Confirmation page'), 400: html('Invalid, used or expired link, with a form for a new one'), 429: tooMany },
  },
  {
    method: 'post', path: '/api/auth/verify', tag: 'accounts', caller: 'anyone',
    summary: "Redeem a sign-in token: ends this browser's previous session, starts a new one (cookie) and redirects home",
    body: { type: 'application/x-www-form-urlencoded', schema: verifySchema },
    answers: { 303: { description: 'Signed in; redirect to PUBLIC_URL' }, 400: html('Invalid, used or expired link'), 429: tooMany },
  },
  {
    method: 'post', path: '/api/auth/logout', tag: 'accounts', caller: 'anyone',
    summary: "End this browser's session and close its sockets on every gateway",
    answers: { 204: { description: 'Signed out' } },
  },
  {
    method: 'post', path: '/api/auth/logout-everywhere', tag: 'accounts', caller: 'signed-in',
    summary: 'End every session of yours, every browser and socket',
    answers: { 204: { description: 'Signed out everywhere' }, 401: signInNeeded },
  },
  {
    method: 'get', path: '/api/me', tag: 'accounts', caller: 'signed-in',
    summary: 'Who is signed in',
    answers: { 200: { description: 'You', schema: answers.meSchema }, 401: signInNeeded },
  },
  {
    method: 'get', path: '/api/me/sessions', tag: 'accounts', caller: 'signed-in',
    summary: 'Your active sessions, most recently used first',
    answers: { 200: { description: 'Sessions', schema: answers.sessionsSchema }, 401: signInNeeded },
  },
  {
    method: 'delete', path: '/api/me/sessions/{id}', tag: 'accounts', caller: 'signed-in',
    summary: 'End one of your sessions and close its sockets',
    params: { id: z.string().regex(/^[0-9a-f]{64}$/).describe('A session id from GET /api/me/sessions') },
    answers: { 204: { description: 'Ended' }, 401: signInNeeded, 404: problem('Not an active session of yours') },
  },
  {
    method: 'get', path: '/api/me/identifications', tag: 'history', caller: 'signed-in',
    summary: 'Your identifications, newest first, a page at a time; `review` keeps only unreviewed, confirmed, corrected, unsure or needs-look ones',
    query: historyQuerySchema,
    answers: { 200: { description: 'A page', schema: answers.historyPageSchema }, 400: problem(HISTORY_QUERY_INVALID), 401: signInNeeded },
  },
  {
    method: 'get', path: '/api/me/species', tag: 'history', caller: 'signed-in',
    summary: 'Your life list: every species your identifications stand for (corrected, confirmed or unreviewed), first and last seen, and how many photos',
    answers: { 200: { description: 'Species, latest seen first', schema: answers.lifeListSchema }, 401: signInNeeded },
  },
  {
    method: 'post', path: '/api/me/identifications/claim', tag: 'history', caller: 'signed-in',
    summary: 'Move anonymous identifications made in this browser into your account',
    body: { type: 'application/json', schema: claimSchema },
    answers: { 200: { description: 'How many moved', schema: answers.claimedSchema }, 400: problem(CLAIM_INVALID), 401: signInNeeded },
  },
  {
    method: 'get', path: '/api/admin/stats', tag: 'operations', caller: 'admin',
    summary: 'Queue, model, cost and recent identification statistics, and per model its reviews, reports and top corrections (Bull Board itself is at /admin/queues)',
    query: statsQuerySchema,
    answers: { 200: { description: 'Statistics', schema: answers.adminStatsSchema }, 400: problem(STATS_QUERY_INVALID), 404: problem('Not an admin') },
  },
  // Reports of wrong identifications and the admins' review queue.
  {
    method: 'post', path: '/api/identifications/{id}/report', tag: 'identifications', caller: 'token-or-owner',
    summary: "Report a finished identification's answer as wrong, for the admins to review; the model that answered is kept with the report",
    body: { type: 'application/json', schema: reportRequestSchema },
    answers: {
      201: { description: 'Reported', schema: reportAnswers.createdReportSchema },
      400: problem(REPORT_INVALID),
      404: notFound,
      409: problem('Not finished yet'),
      429: problem('More than REPORT_RATE_LIMIT reports from your network in an hour; `Retry-After` says when to try again'),
    },
  },
  {
    method: 'get', path: '/api/admin/reports', tag: 'operations', caller: 'admin',
    summary: 'Reported identifications, oldest first, each with the answer, the report and the photo, a page at a time',
    query: reportListQuerySchema,
    answers: { 200: { description: 'A page', schema: reportAnswers.adminReportPageSchema }, 400: problem(REPORT_LIST_QUERY_INVALID), 404: problem('Not an admin') },
  },
  {
    method: 'get', path: '/api/admin/reports/{id}/image', tag: 'operations', caller: 'admin',
    summary: "The reported identification's photo while it is kept",
    answers: { 200: { description: 'The photo', type: 'image/jpeg' }, 404: problem('Not an admin, no such report, or the photo is no longer kept') },
  },
  {
    method: 'post', path: '/api/admin/reports/{id}/resolve', tag: 'operations', caller: 'admin',
    summary: 'Mark a report resolved (by you, now); a report resolved already keeps its first resolution',
    answers: { 200: { description: 'The report', schema: reportAnswers.adminReportSchema }, 404: problem('Not an admin, or no such report') },
  },
  // Exports (issue 16): CSV, Darwin Core Archive, Camtrap DP; streamed, owner only.
  {
    method: 'get', path: '/api/me/identifications/export', tag: 'history', caller: 'signed-in',
    summary:
      'Your history as CSV (every field quoted, formula-like starts neutralised; capture time, place, batch, event, review and method included) or as a Darwin Core Archive (occurrence.txt, meta.xml, eml.xml: one occurrence per photo with an animal, per event for camera traps, blanks left out)',
    query: exportsApi.historyExportQuerySchema,
    answers: {
      200: { description: 'wildid-history.csv (text/csv) or wildid-history-dwca.zip (application/zip), streamed', type: 'application/octet-stream' },
      400: problem(exportsApi.HISTORY_EXPORT_QUERY_INVALID),
      401: signInNeeded,
    },
  },
  {
    method: 'get', path: '/api/batches/{id}/export', tag: 'batches', caller: 'signed-in',
    summary:
      "One batch as CSV, a Darwin Core Archive, or (camera traps) a Camtrap DP 1.0 package: datapackage.json, deployments.csv, media.csv, observations.csv at media and event level; photos without a capture time are left out of Camtrap DP and counted in the deployment's comments",
    query: exportsApi.batchExportQuerySchema,
    answers: {
      200: { description: 'wildid-batch-<id>.csv, -dwca.zip or -camtrap-dp.zip, streamed', type: 'application/octet-stream' },
      400: problem(`${exportsApi.BATCH_EXPORT_QUERY_INVALID} Or, for camtrap-dp: ${exportsApi.CAMTRAP_DP_FOR_CAMERA_TRAPS} ${exportsApi.CAMTRAP_DP_NEEDS_TIMES} ${exportsApi.CAMTRAP_DP_NEEDS_PLACE}`),
      401: signInNeeded,
      404: noBatch,
    },
  },
  ...['/health', '/health/ready'].map(
    (path): Operation => ({
      method: 'get', path, tag: 'operations', caller: 'anyone',
      summary: 'Ready: PostgreSQL and Redis answer. Details (dependencies, workers, model) for admins and HEALTH_DETAILS_FROM only',
      answers: { 200: { description: 'Ready (status ok or degraded)', schema: answers.healthSchema }, 503: { description: 'A dependency is down', schema: answers.healthSchema } },
    }),
  ),
  {
    method: 'get', path: '/health/live', tag: 'operations', caller: 'anyone',
    summary: 'The process answers (no dependency checks)',
    answers: { 200: { description: 'Alive', schema: answers.healthSchema } },
  },
  {
    method: 'get', path: '/api/openapi.json', tag: 'api description', caller: 'anyone',
    summary: 'This description (OpenAPI 3.1)',
    answers: { 200: { description: 'The OpenAPI document' } },
  },
  {
    method: 'get', path: '/api/docs', tag: 'api description', caller: 'anyone',
    summary: 'This description as a page, with the socket protocol',
    answers: { 200: html('The page') },
  },
];
