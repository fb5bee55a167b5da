import { Injectable } from '@nestjs/common';
import {
  type AnimalResult,
  IDENTIFICATION_VIEW_SQL,
  type IdentificationView,
  type IdentificationViewRow,
  type PartialResult,
  PrismaService,
  type TokenUsage,
  UNFINISHED_STATUSES,
  toIdentificationView,
  utcParam,
} from '@wildid/common';

/** A state change and who may see it: the owner's room gets it besides the identification's own. */
export interface IdentificationChange {
  view: IdentificationView;
  ownerId: string | null;
  /** The batch it belongs to, whose counts change with it. */
  batchId?: string | null;
}

interface StoredImage {
  bytes: Uint8Array;
  mimeType: string;
  /** The sentence about when and where it was taken, given to the model with it. */
  context?: string;
}

/** What an attempt needs, read by the same statement that marks it as processing. */
export interface StartedIdentification extends IdentificationChange {
  /** Null when the photo is no longer stored, or not read because an earlier result is reused. */
  image: StoredImage | null;
  /** The latest result the same model gave for a byte-identical normalized photo (only when asked for). */
  reusable: ReusableResult | null;
}

/** An earlier identification's result, and which identification that was. */
export interface ReusableResult {
  result: AnimalResult;
  from: string;
}

/** What the model rounds of one identification spent, stored for the admin stats. */
export interface ModelSpend {
  usage?: TokenUsage;
  /** Null when the model has no price in MODEL_PRICES. */
  costUsd?: number | null;
}

/** The model's answer with what the call cost, stored with the result for the admin stats. */
export interface CompletedModelCall extends ModelSpend {
  result: AnimalResult;
  model: string;
  latencyMs: number;
  modelStartedAt: Date;
  modelFinishedAt: Date;
}

export interface IdentificationFailure extends ModelSpend {
  code: string;
  message: string;
}

type ChangeRow = IdentificationViewRow & { userId: string | null; batchId: string | null };
type StartRow = ChangeRow & { bytes: Buffer | null; mimeType: string | null; reusableResult: AnimalResult | null; reusableFrom: string | null };

const CHANGE_COLUMNS = `${IDENTIFICATION_VIEW_SQL}, user_id AS "userId", batch_id AS "batchId"`;
const UNFINISHED = `status IN (${UNFINISHED_STATUSES.map((status) => `'${status}'`).join(', ')})`;

// The earlier result is looked up only when $3 (the model) is given and the photo comes with no context of
// time and place (an earlier answer was given without it); the photo is read only when there is none.
const START = `
  WITH started AS (
    UPDATE identifications SET status = 'processing', started_at = ${utcParam(2)}, partial = NULL
    WHERE id = $1 AND ${UNFINISHED}
    RETURNING ${CHANGE_COLUMNS}, image_sha256
  )
  SELECT started.*, earlier.result AS "reusableResult", earlier.id AS "reusableFrom",
    CASE WHEN earlier.result IS NULL THEN image.bytes END AS bytes, image.mime_type AS "mimeType"
  FROM started
  LEFT JOIN LATERAL (
    SELECT id, result FROM identifications
    WHERE $3::text IS NOT NULL AND started."promptContext" IS NULL AND image_sha256 = started.image_sha256 AND model = $3 AND status = 'completed' AND id <> started.id
    ORDER BY completed_at DESC LIMIT 1
  ) earlier ON true
  LEFT JOIN identification_images image ON image.identification_id = started.id`;

// An anonymous upload's image goes in the same statement as the state change that ends it.
const DELETE_ANONYMOUS_IMAGE = `
  image_deleted AS (
    DELETE FROM identification_images WHERE identification_id = $1 AND EXISTS (SELECT 1 FROM ended WHERE "userId" IS NULL)
  )`;

const COMPLETE = `
  WITH ended AS (
    UPDATE identifications SET status = 'completed', result = $2::jsonb, model = $3, model_latency_ms = $4, total_tokens = $5,
      model_started_at = ${utcParam(6)}, model_finished_at = ${utcParam(7)}, completed_at = ${utcParam(8)},
      prompt_tokens = $9, completion_tokens = $10, cost_usd = $11, error_code = NULL, error_message = NULL, partial = NULL
    WHERE id = $1
    RETURNING ${CHANGE_COLUMNS}
  ), ${DELETE_ANONYMOUS_IMAGE}
  SELECT * FROM ended`;

// No model call: latency, tokens and cost stay null, so the model's averages are not pulled down.
const COMPLETE_REUSED = `
  WITH ended AS (
    UPDATE identifications SET status = 'completed', result = $2::jsonb, model = $3, reused_from = $4, completed_at = ${utcParam(5)},
      model_latency_ms = NULL, prompt_tokens = NULL, completion_tokens = NULL, total_tokens = NULL, cost_usd = NULL,
      model_started_at = NULL, model_finished_at = NULL, error_code = NULL, error_message = NULL, partial = NULL
    WHERE id = $1
    RETURNING ${CHANGE_COLUMNS}
  ), ${DELETE_ANONYMOUS_IMAGE}
  SELECT * FROM ended`;

const FAIL = `
  WITH ended AS (
    UPDATE identifications SET status = 'failed', error_code = $2, error_message = $3, completed_at = ${utcParam(4)},
      prompt_tokens = $5, completion_tokens = $6, total_tokens = $7, cost_usd = $8, partial = NULL
    WHERE id = $1 AND ${UNFINISHED}
    RETURNING ${CHANGE_COLUMNS}
  ), ${DELETE_ANONYMOUS_IMAGE}
  SELECT * FROM ended`;

// Only while processing: a partial that arrives after the result (or a failure) must not show again.
const SAVE_PARTIAL = `
  UPDATE identifications SET partial = $2::jsonb WHERE id = $1 AND status = 'processing'
  RETURNING ${CHANGE_COLUMNS}`;

// An operator problem (paused queue) puts the attempt back: the photo waits, queued, and keeps its attempts.
const REQUEUE = `
  UPDATE identifications SET status = 'queued', partial = NULL WHERE id = $1 AND status = 'processing'
  RETURNING ${CHANGE_COLUMNS}`;

const LIST_QUEUED = `SELECT ${CHANGE_COLUMNS} FROM identifications WHERE status = 'queued' ORDER BY created_at LIMIT $1`;

/**
 * The worker's reads and writes of identifications: one statement per state
 * change, written in SQL because they run for every job (see PrismaService.pool).
 */
@Injectable()
export class IdentificationStore {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Marks an identification as being processed and reads its photo (and, given
   * `reuseForModel`, an earlier result to reuse). Returns null when there is
   * nothing to do: it was deleted, or an earlier delivery of the same job
   * already finished it (jobs are at-least-once).
   */
  async start(id: string, reuseForModel: string | null): Promise<StartedIdentification | null> {
    const { rows } = await this.prisma.pool.query<StartRow>(START, [id, new Date().toISOString(), reuseForModel]);
    const row = rows[0];
    if (!row) return null;
    const image = row.bytes && row.mimeType ? { bytes: row.bytes, mimeType: row.mimeType, ...(row.promptContext ? { context: row.promptContext } : {}) } : null;
    const reusable = row.reusableResult && row.reusableFrom ? { result: row.reusableResult, from: row.reusableFrom } : null;
    return { ...toChange(row), image, reusable };
  }

  /** Stores the result. Returns null if the identification was deleted meanwhile. */
  async complete(id: string, call: CompletedModelCall): Promise<IdentificationChange | null> {
    const { rows } = await this.prisma.pool.query<ChangeRow>(COMPLETE, [
      id,
      JSON.stringify(call.result),
      call.model,
      call.latencyMs,
      call.usage?.totalTokens ?? null,
      call.modelStartedAt.toISOString(),
      call.modelFinishedAt.toISOString(),
      new Date().toISOString(),
      ...spendParams(call).slice(0, 2),
      call.costUsd ?? null,
    ]);
    return rows[0] ? toChange(rows[0]) : null;
  }

  /** Completes with an earlier identification's result for the same photo, marked as reused. */
  async completeReused(id: string, model: string, reused: ReusableResult): Promise<IdentificationChange | null> {
    const { rows } = await this.prisma.pool.query<ChangeRow>(COMPLETE_REUSED, [id, JSON.stringify(reused.result), model, reused.from, new Date().toISOString()]);
    return rows[0] ? toChange(rows[0]) : null;
  }

  /** The names streamed before the full answer. Returns null when it is no longer processing. */
  async savePartial(id: string, partial: PartialResult): Promise<IdentificationChange | null> {
    const { rows } = await this.prisma.pool.query<ChangeRow>(SAVE_PARTIAL, [id, JSON.stringify(partial)]);
    return rows[0] ? toChange(rows[0]) : null;
  }

  /** Back to queued (an operator problem paused the queue). Returns null when it was not processing. */
  async requeue(id: string): Promise<IdentificationChange | null> {
    const { rows } = await this.prisma.pool.query<ChangeRow>(REQUEUE, [id]);
    return rows[0] ? toChange(rows[0]) : null;
  }

  /** The oldest queued identifications, at most `limit`. */
  async listQueued(limit: number): Promise<IdentificationChange[]> {
    const { rows } = await this.prisma.pool.query<ChangeRow>(LIST_QUEUED, [limit]);
    return rows.map(toChange);
  }

  /** Records a final failure. Returns null if it had already ended. */
  async fail(id: string, failure: IdentificationFailure): Promise<IdentificationChange | null> {
    const { rows } = await this.prisma.pool.query<ChangeRow>(FAIL, [
      id,
      failure.code,
      failure.message,
      new Date().toISOString(),
      ...spendParams(failure),
      failure.costUsd ?? null,
    ]);
    return rows[0] ? toChange(rows[0]) : null;
  }
}

/** Prompt, completion and total tokens, null when the provider reported none. */
function spendParams(spend: ModelSpend): Array<number | null> {
  const usage = spend.usage;
  return [usage?.promptTokens ?? null, usage?.completionTokens ?? null, usage?.totalTokens ?? null];
}

function toChange(row: ChangeRow): IdentificationChange {
  return { view: toIdentificationView(row), ownerId: row.userId, batchId: row.batchId };
}
