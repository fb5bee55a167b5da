import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import {
  IDENTIFICATION_VIEW_SELECT,
  IDENTIFY_QUEUE,
  type IdentificationView,
  PrismaService,
  enqueueIdentify,
  toIdentificationView,
} from '@wildid/common';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type Redis from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GATEWAY_REDIS } from '../redis/gateway-redis';
import { createAccessToken } from './access-token';
import { type IdentificationAccess, mayRead } from './identification-access';
import type { NormalizedImage } from './image-normalizer.service';

export interface CreatedIdentification {
  id: string;
  status: 'queued';
  accessToken: string;
}

const uuid = z.uuid();
// BullMQ waits for Redis to come back rather than failing; an upload must not wait that long.
const ENQUEUE_TIMEOUT_MS = 3_000;
const QUEUE_DOWN = 'The job queue is unreachable right now. Please try again in a minute.';

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

  /** A signed-in user's upload is theirs and kept; an anonymous one expires after ANON_RETENTION_HOURS. */
  async create(image: NormalizedImage, requestId: string, userId?: string): Promise<CreatedIdentification> {
    // Refuse before writing anything while Redis is known to be down.
    if (this.redis.status !== 'ready') throw new ServiceUnavailableException(QUEUE_DOWN);
    const id = randomUUID();
    const access = createAccessToken();
    await this.prisma.identification.create({
      data: {
        id,
        userId,
        accessTokenHash: access.hash,
        imageSha256: image.sha256,
        expiresAt: userId ? null : new Date(Date.now() + this.config.ANON_RETENTION_HOURS * 3_600_000),
        image: { create: { bytes: image.bytes as Uint8Array<ArrayBuffer>, mimeType: image.mimeType, width: image.width, height: image.height } },
      },
      select: { id: true },
    });
    await this.enqueueOrUndo(id, requestId);
    return { id, status: 'queued', accessToken: access.token };
  }

  async findView(id: string, access: IdentificationAccess): Promise<IdentificationView | null> {
    if (!uuid.safeParse(id).success) return null;
    const row = await this.prisma.identification.findUnique({
      where: { id },
      select: { ...IDENTIFICATION_VIEW_SELECT, accessTokenHash: true, userId: true },
    });
    return row && mayRead(row, access) ? toIdentificationView(row) : null;
  }

  async findImage(id: string, access: IdentificationAccess): Promise<{ bytes: Uint8Array; mimeType: string } | null> {
    if (!uuid.safeParse(id).success) return null;
    const row = await this.prisma.identification.findUnique({
      where: { id },
      select: { accessTokenHash: true, userId: true, image: { select: { bytes: true, mimeType: true } } },
    });
    return row?.image && mayRead(row, access) ? row.image : null;
  }

  /** Which of these identifications are still queued or processing (unknown ids are not). */
  async unfinishedAmong(ids: string[]): Promise<string[]> {
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const rows = await this.prisma.identification.findMany({
      where: { id: { in: valid }, status: { in: ['queued', 'processing'] } },
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
      await withTimeout(
        enqueueIdentify(
          this.queue,
          { identificationId: id, requestId },
          { attempts: this.config.IDENTIFY_ATTEMPTS, backoffMs: this.config.IDENTIFY_BACKOFF_MS },
        ),
        ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      this.logger.error(`could not enqueue identification ${id}: ${(error as Error).message}`);
      await this.prisma.identification.delete({ where: { id } }).catch(() => undefined);
      throw new ServiceUnavailableException(QUEUE_DOWN);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
