import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { RejectedImage, normalizeImage } from './normalize';
import { FLOOR_QUEUE, now } from './schema';

export interface UploadDeps {
  pool: Pool;
  queue: Queue;
  model: string;
  reuseResults: boolean;
  maxBytes: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One statement: reuse a finished result of the same normalized image and model
 * if there is one (then no image row and no job), else insert the row and its image.
 */
const INSERT_SQL = `
WITH reused AS (
  SELECT result FROM floor.identifications
  WHERE $9::boolean AND image_sha256 = $3 AND model = $4 AND status = 'completed'
  LIMIT 1
), created AS (
  INSERT INTO floor.identifications
    (id, access_token_hash, image_sha256, model, status, result, received_ms, parsed_ms, normalized_ms, created_ms, completed_ms)
  SELECT $1::uuid, $2, $3, $4, CASE WHEN r.result IS NULL THEN 'queued' ELSE 'completed' END, r.result,
         $5::float8, $6::float8, $7::float8, $8::float8, CASE WHEN r.result IS NULL THEN NULL ELSE $8::float8 END
  FROM (SELECT 1) AS one LEFT JOIN reused r ON true
  RETURNING id, status
), image AS (
  INSERT INTO floor.images (identification_id, bytes, mime_type, width, height)
  SELECT id, $10::bytea, 'image/jpeg', $11::int, $12::int FROM created WHERE status = 'queued'
)
SELECT status FROM created`;

/** POST /api/identifications: multipart `image` → 202 { id, status, accessToken }. */
export async function handleUpload(deps: UploadDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedMs = now();
  try {
    const input = await readImagePart(req, deps.maxBytes);
    const parsedMs = now();
    const image = await normalizeImage(input).catch((error: unknown) => {
      throw error instanceof RejectedImage ? new HttpError(error.status, error.message) : error;
    });
    const normalizedMs = now();
    const id = randomUUID();
    const accessToken = randomBytes(32).toString('base64url');
    const tokenHash = createHash('sha256').update(accessToken).digest('hex');
    const { rows } = await deps.pool.query<{ status: string }>(INSERT_SQL, [
      id, tokenHash, image.sha256, deps.model, receivedMs, parsedMs, normalizedMs, now(), deps.reuseResults, image.bytes, image.width, image.height,
    ]);
    const status = rows[0]?.status ?? 'queued';
    if (status === 'queued') await enqueueOrUndo(deps, id);
    sendJson(res, 202, { id, status, accessToken });
  } catch (error) {
    if (error instanceof HttpError) return sendJson(res, error.status, { statusCode: error.status, message: error.message });
    sendJson(res, 500, { statusCode: 500, message: (error as Error).message });
  }
}

async function enqueueOrUndo(deps: UploadDeps, id: string): Promise<void> {
  try {
    await deps.queue.add(
      FLOOR_QUEUE,
      { id },
      {
        jobId: id,
        attempts: 5,
        backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
        // As the app's enqueueIdentify (libs/common/src/queues/enqueue-identify.ts).
        removeOnComplete: { count: 1000, age: 24 * 3600 },
        removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
      },
    );
  } catch {
    await deps.pool.query('DELETE FROM floor.identifications WHERE id = $1', [id]).catch(() => undefined);
    throw new HttpError(503, 'queue unreachable');
  }
}

/** The bytes of the one `image` part, with the size limit enforced while streaming. */
function readImagePart(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Promise.reject(new HttpError(400, 'send multipart/form-data with an "image" field'));
  }
  if (Number(req.headers['content-length']) > maxBytes + 64 * 1024) return Promise.reject(new HttpError(413, 'too large'));
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 } });
    const chunks: Buffer[] = [];
    let failure: HttpError | undefined;
    parser.on('file', (name, stream) => {
      if (name !== 'image') {
        failure = new HttpError(400, 'unexpected file field');
        stream.resume();
        return;
      }
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (failure = new HttpError(413, 'too large')));
    });
    parser.on('error', (error: Error) => reject(new HttpError(400, `bad multipart: ${error.message}`)));
    parser.on('close', () => {
      if (failure) return reject(failure);
      if (chunks.length === 0) return reject(new HttpError(400, 'no image part'));
      resolve(Buffer.concat(chunks));
    });
    req.pipe(parser);
  });
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
