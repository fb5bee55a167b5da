import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  IDENTIFICATION_VIEW_SQL,
  IDENTIFY_QUEUE,
  type IdentificationView,
  type IdentificationViewRow,
  PrismaService,
  UNFINISHED_STATUSES,
  enqueueIdentify,
  noticeOf,
  readModelPause,
  toIdentificationView,
  utcParam,
  withDeadline,
  withNotice,
} from '@wildid/common';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type Redis from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GATEWAY_REDIS } from '../redis/gateway-redis';
import { createAccessToken } from './access-token';
import { type IdentificationAccess, mayRead } from './identification-access';
import type { NormalizedImage } from './image-normalizer.service';

/** Who uploaded, and when each gateway stage ended (stored for the admin stats and the benchmark). */
export interface NewUpload {
  receivedAt: Date;
  parsedAt: Date;
  normalizedAt: Date;
  requestId: string;
  userId?: string;
}

export interface CreatedIdentification {
  id: string;
  status: 'queued';
  accessToken: string;
}

const uuid = z.uuid();
// BullMQ waits for Redis to come back rather than failing; an upload must not wait that long.
const ENQUEUE_TIMEOUT_MS = 3_000;
const QUEUE_DOWN = 'The job queue is unreachable right now. Please try again in a minute.';

// Uploads and reads run for every photo, so they are single SQL statements (see PrismaService.pool).
const INSERT_WITH_IMAGE = `
  WITH created AS (
    INSERT INTO identifications (id, user_id, access_token_hash, status, image_sha256, created_at, expires_at, received_at, parsed_at, normalized_at)
    VALUES ($1, $2, $3, 'queued', $4, ${utcParam(5)}, ${utcParam(6)}, ${utcParam(7)}, ${utcParam(8)}, ${utcParam(9)})
    RETURNING id
  )
  INSERT INTO identification_images (identification_id, bytes, mime_type, width, height)
  SELECT id, $10, $11, $12, $13 FROM created`;
const SELECT_VIEW = `SELECT ${IDENTIFICATION_VIEW_SQL}, access_token_hash AS "accessTokenHash", user_id AS "userId" FROM identifications WHERE id = $1`;
const SELECT_IMAGE = `
  SELECT i.access_token_hash AS "accessTokenHash", i.user_id AS "userId", image.bytes, image.mime_type AS "mimeType"
  FROM identifications i JOIN identification_images image ON image.identification_id = i.id WHERE i.id = $1`;

type Readable = { accessTokenHash: string; userId: string | null };

/** Creates identifications and reads them for whoever holds their access token. */
@Injectable()
export class IdentificationService {
  private readonly logger = new Logger(IdentificationService.name);

  constructor(
    private readonly prisma: PrismaService,
    @InjectQueue(IDENTIFY_QUEUE) private readonly queue: Queue,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Writes the identification and its photo in one statement, then enqueues it.
   * A signed-in user's upload is theirs and kept; an anonymous one expires after ANON_RETENTION_HOURS.
   */
  async create(image: NormalizedImage, upload: NewUpload): Promise<CreatedIdentification> {
    // Refuse before writing anything while Redis is known to be down.
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException(QUEUE_DOWN);
    const id = randomUUID();
    const access = createAccessToken();
    const now = Date.now();
    const expiresAt = upload.userId ? null : new Date(now + this.config.ANON_RETENTION_HOURS * 3_600_000).toISOString();
    await this.prisma.pool.query(INSERT_WITH_IMAGE, [
      id,
      upload.userId ?? null,
      access.hash,
      image.sha256,
      new Date(now).toISOString(),
      expiresAt,
      upload.receivedAt.toISOString(),
      upload.parsedAt.toISOString(),
      upload.normalizedAt.toISOString(),
      image.bytes,
      image.mimeType,
      image.width,
      image.height,
    ]);
    await this.enqueueOrUndo(id, upload.requestId);
    return { id, status: 'queued', accessToken: access.token };
  }

  async findView(id: string, access: IdentificationAccess): Promise<IdentificationView | null> {
    if (!uuid.safeParse(id).success) return null;
    const { rows } = await this.prisma.pool.query<IdentificationViewRow & Readable>(SELECT_VIEW, [id]);
    const row = rows[0];
    if (!row || !mayRead(row, access)) return null;
    const view = toIdentificationView(row);
    return view.status === 'queued' ? withNotice(view, await this.pauseNotice()) : view;
  }

  /** Why queued identifications wait, while identifier workers have paused the queue (one Redis read, queued only). */
  private async pauseNotice() {
    const pause = await readModelPause(this.redis).catch(() => null);
    return pause ? noticeOf(pause) : null;
  }

  async findImage(id: string, access: IdentificationAccess): Promise<{ bytes: Uint8Array; mimeType: string } | null> {
    if (!uuid.safeParse(id).success) return null;
    const { rows } = await this.prisma.pool.query<Readable & { bytes: Buffer; mimeType: string }>(SELECT_IMAGE, [id]);
    const row = rows[0];
    return row && mayRead(row, access) ? { bytes: row.bytes, mimeType: row.mimeType } : null;
  }

  /** Which of these identifications are still queued or processing (unknown ids are not). */
  async unfinishedAmong(ids: string[]): Promise<string[]> {
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const rows = await this.prisma.identification.findMany({
      where: { id: { in: valid }, status: { in: [...UNFINISHED_STATUSES] } },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Deletes the record and its image; only the owner can. Returns false when there was nothing of theirs to delete. */
  async delete(id: string, userId: string): Promise<boolean> {
    if (!uuid.safeParse(id).success) return false;
    const { count } = await this.prisma.identification.deleteMany({ where: { id, userId } });
    return count === 1;
  }

  /** A row without a job would sit in `queued` forever, so a failed enqueue removes the row. */
  private async enqueueOrUndo(id: string, requestId: string): Promise<void> {
    try {
      await withDeadline(
        enqueueIdentify(
          this.queue,
          { identificationId: id, requestId },
          { attempts: this.config.IDENTIFY_ATTEMPTS, backoffMs: this.config.IDENTIFY_BACKOFF_MS },
        ),
        ENQUEUE_TIMEOUT_MS,
        `no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      this.logger.error(`could not enqueue identification ${id}: ${(error as Error).message}`);
      await this.prisma.identification.delete({ where: { id } }).catch(() => undefined);
      throw new ServiceUnavailableException(QUEUE_DOWN);
    }
  }
}
