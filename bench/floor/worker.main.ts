/**
 * The floor identifier worker: BullMQ job (ids only) → read the image once → the
 * model over HTTP with plain fetch → write the result once (the anonymous image is
 * deleted in the same statement) → emit with @socket.io/redis-emitter.
 * Env: DATABASE_URL, REDIS_URL, MODEL_BASE_URL, FLOOR_MODEL, CONCURRENCY (8), DATABASE_POOL_SIZE (5).
 */
import { Emitter } from '@socket.io/redis-emitter';
import { type Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { chatRequestBody, parseAnswer } from './model-request';
import { envNumber, FLOOR_QUEUE, type FloorRow, IDENTIFICATION_EVENT, now, requiredEnv, roomOf, viewOf } from './schema';

const redisUrl = requiredEnv('REDIS_URL');
const model = requiredEnv('FLOOR_MODEL');
const completionsUrl = `${requiredEnv('MODEL_BASE_URL')}/chat/completions`;
const pool = new Pool({ connectionString: requiredEnv('DATABASE_URL'), max: envNumber('DATABASE_POOL_SIZE', 5) });
const emitter = new Emitter(new Redis(redisUrl));

const COMPLETE_SQL = `
WITH gone AS (DELETE FROM floor.images WHERE identification_id = $1)
UPDATE floor.identifications
SET status = 'completed', result = $2, started_ms = $3, model_started_ms = $4, model_ended_ms = $5, completed_ms = $6
WHERE id = $1 AND status = 'queued'
RETURNING id, status, result, error_code, created_ms, completed_ms`;

const FAIL_SQL = `
UPDATE floor.identifications SET status = 'failed', error_code = $2, completed_ms = $3
WHERE id = $1 AND status = 'queued'
RETURNING id, status, result, error_code, created_ms, completed_ms`;

async function identify(job: Job<{ id: string }>): Promise<void> {
  const { id } = job.data;
  const startedMs = now();
  const { rows } = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM floor.images WHERE identification_id = $1', [id]);
  const image = rows[0];
  if (!image) return publish(await pool.query<FloorRow>(FAIL_SQL, [id, 'image_missing', now()]).then((r) => r.rows[0]));
  const modelStartedMs = now();
  const response = await fetch(completionsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer floor' },
    body: chatRequestBody(model, image.bytes),
  });
  if (!response.ok) throw new Error(`model answered HTTP ${response.status}`);
  const result = parseAnswer(await response.json());
  const modelEndedMs = now();
  const done = await pool.query<FloorRow>(COMPLETE_SQL, [id, JSON.stringify(result), startedMs, modelStartedMs, modelEndedMs, now()]);
  publish(done.rows[0]);
}

function publish(row: FloorRow | undefined): void {
  if (row) emitter.to(roomOf(row.id)).emit(IDENTIFICATION_EVENT, viewOf(row));
}

const worker = new Worker(FLOOR_QUEUE, identify, {
  connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
  concurrency: envNumber('CONCURRENCY', 8),
});

void worker.waitUntilReady().then(() => process.stdout.write('floor worker ready\n'));

process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
