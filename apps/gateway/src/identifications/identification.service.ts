import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { IDENTIFY_QUEUE, type IdentificationView, enqueueIdentify, noticeOf, readModelPause, withDeadline, withNotice } from '@wildid/common';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type Redis from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { QueueOutlook } from '../queues/queue-outlook.service';
import { GATEWAY_REDIS } from '../redis/gateway-redis';
import { createAccessToken } from './access-token';
import { type IdentificationAccess, mayRead } from './identification-access';
import { type BatchFile, type CaptureRecord, IdentificationStore, type StoredImage } from './identification.store';
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

/**
 * The rules around identifications: refuse uploads while Redis is down, enqueue
 * each new one or undo it, show them only to their owner or token holder.
 * Storage is IdentificationStore's.
 */
@Injectable()
export class IdentificationService {
  private readonly logger = new Logger(IdentificationService.name);

  constructor(
    private readonly store: IdentificationStore,
    @InjectQueue(IDENTIFY_QUEUE) private readonly queue: Queue,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly queueOutlook: QueueOutlook,
  ) {}

  /**
   * Writes the identification and its photo, then enqueues it.
   * A signed-in user's upload is theirs and kept; an anonymous one expires after ANON_RETENTION_HOURS.
   * `capture`: the photo's own time and place, when the person asked for them to be used.
   */
  async create(image: NormalizedImage, upload: NewUpload, capture?: CaptureRecord): Promise<CreatedIdentification> {
    const created = await this.insertAndEnqueue(image, upload, capture);
    if (!created) throw new Error('a single upload cannot be a duplicate');
    return created;
  }

  /**
   * The same for a photo of a batch (the caller owns the batch): kept, like any signed-in upload, stored
   * queued and held back: the batch feeder hands it to the identify queue. Null when the batch holds the
   * same file already; nothing is written then.
   */
  async createInBatch(image: NormalizedImage, upload: NewUpload & { userId: string }, file: BatchFile, capture: CaptureRecord): Promise<{ id: string } | null> {
    const created = await this.insert(image, upload, file, capture);
    return created && { id: created.id };
  }

  private async insertAndEnqueue(image: NormalizedImage, upload: NewUpload, capture?: CaptureRecord): Promise<CreatedIdentification | null> {
    const created = await this.insert(image, upload, undefined, capture);
    if (created) await this.enqueueOrUndo(created.id, upload.requestId);
    return created;
  }

  private async insert(image: NormalizedImage, upload: NewUpload, batchFile?: BatchFile, capture?: CaptureRecord): Promise<CreatedIdentification | null> {
    // Refuse before writing anything while Redis is known to be down.
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException(QUEUE_DOWN);
    const id = randomUUID();
    const access = createAccessToken();
    const now = Date.now();
    const inserted = await this.store.insert({
      id,
      userId: upload.userId ?? null,
      accessTokenHash: access.hash,
      createdAt: new Date(now),
      expiresAt: upload.userId ? null : new Date(now + this.config.ANON_RETENTION_HOURS * 3_600_000),
      receivedAt: upload.receivedAt,
      parsedAt: upload.parsedAt,
      normalizedAt: upload.normalizedAt,
      image,
      batchFile,
      capture,
    });
    return inserted ? { id, status: 'queued', accessToken: access.token } : null;
  }

  async findView(id: string, access: IdentificationAccess): Promise<IdentificationView | null> {
    if (!uuid.safeParse(id).success) return null;
    const found = await this.store.findView(id);
    if (!found || !mayRead(found.owner, access)) return null;
    if (found.value.status !== 'queued') return found.value;
    const [notice, place] = await Promise.all([this.pauseNotice(), this.queueOutlook.placeOf(id)]);
    const view = withNotice(found.value, notice);
    return place ? { ...view, queue: place } : view;
  }

  async findImage(id: string, access: IdentificationAccess): Promise<StoredImage | null> {
    if (!uuid.safeParse(id).success) return null;
    const found = await this.store.findImage(id);
    return found && mayRead(found.owner, access) ? found.value : null;
  }

  /** Which of these identifications are still queued or processing (unknown ids are not). */
  async unfinishedAmong(ids: string[]): Promise<string[]> {
    return this.store.unfinishedAmong(ids.filter((id) => uuid.safeParse(id).success));
  }

  /** Deletes the record and its image; only the owner can. Returns false when there was nothing of theirs to delete. */
  async delete(id: string, userId: string): Promise<boolean> {
    if (!uuid.safeParse(id).success) return false;
    return this.store.deleteOwned(id, userId);
  }

  /** Why queued identifications wait, while identifier workers have paused the queue (one Redis read, queued only). */
  private async pauseNotice() {
    const pause = await readModelPause(this.redis).catch(() => null);
    return pause ? noticeOf(pause) : null;
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
      this.logger.error({ msg: 'could not enqueue identification', identificationId: id, error: (error as Error).message });
      await this.store.delete(id).catch(() => undefined);
      throw new ServiceUnavailableException(QUEUE_DOWN);
    }
  }
}
