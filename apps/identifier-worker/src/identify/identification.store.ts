import { Injectable } from '@nestjs/common';
import {
  type AnimalResult,
  IDENTIFICATION_VIEW_SELECT,
  type IdentificationView,
  PrismaService,
  toIdentificationView,
} from '@wildid/common';
import { IdentifyMetrics } from '../ops/identify.metrics';

/** A state change and who may see it: the owner's room gets it besides the identification's own. */
export interface IdentificationChange {
  view: IdentificationView;
  ownerId: string | null;
}

export interface StartedIdentification extends IdentificationChange {
  imageSha256: string;
}

export interface StoredImage {
  bytes: Uint8Array;
  mimeType: string;
}

/** The model's answer with what the call cost, stored with the result for the admin stats. */
export interface CompletedModelCall {
  result: AnimalResult;
  model: string;
  latencyMs: number;
  totalTokens?: number;
  modelStartedAt: Date;
  modelFinishedAt: Date;
}

export interface IdentificationFailure {
  code: string;
  message: string;
}

/** The worker's reads and writes of identifications: one write per state change. */
@Injectable()
export class IdentificationStore {
  constructor(
    private readonly prisma: PrismaService,
    private readonly metrics: IdentifyMetrics,
  ) {}

  /**
   * Marks an identification as being processed.
   * Returns null when there is nothing to do: it was deleted, or an earlier
   * delivery of the same job already finished it (jobs are at-least-once).
   */
  async start(id: string): Promise<StartedIdentification | null> {
    const updated = await this.prisma.identification.updateManyAndReturn({
      where: { id, status: { in: ['queued', 'processing'] } },
      data: { status: 'processing', startedAt: new Date() },
      select: { ...IDENTIFICATION_VIEW_SELECT, userId: true, imageSha256: true },
    });
    const row = updated[0];
    return row ? { view: toIdentificationView(row), ownerId: row.userId, imageSha256: row.imageSha256 } : null;
  }

  async loadImage(id: string): Promise<StoredImage | null> {
    return this.prisma.identificationImage.findUnique({ where: { identificationId: id }, select: { bytes: true, mimeType: true } });
  }

  /** The latest result the same model gave for byte-identical normalized image bytes, if any. */
  async findReusableResult(id: string, imageSha256: string, model: string): Promise<AnimalResult | null> {
    const earlier = await this.prisma.identification.findFirst({
      where: { imageSha256, model, status: 'completed', id: { not: id } },
      orderBy: { completedAt: 'desc' },
      select: { result: true },
    });
    return (earlier?.result as AnimalResult | null | undefined) ?? null;
  }

  /** Stores the result; an anonymous upload's image is deleted in the same transaction. */
  async complete(id: string, call: CompletedModelCall): Promise<IdentificationChange> {
    const [row] = await this.prisma.$transaction([
      this.prisma.identification.update({
        where: { id },
        data: {
          status: 'completed',
          result: call.result,
          model: call.model,
          modelLatencyMs: call.latencyMs,
          totalTokens: call.totalTokens ?? null,
          modelStartedAt: call.modelStartedAt,
          modelFinishedAt: call.modelFinishedAt,
          completedAt: new Date(),
          errorCode: null,
          errorMessage: null,
        },
        select: { ...IDENTIFICATION_VIEW_SELECT, userId: true },
      }),
      this.prisma.identificationImage.deleteMany({ where: { identificationId: id, identification: { userId: null } } }),
    ]);
    return { view: toIdentificationView(row), ownerId: row.userId };
  }

  /** Records a final failure; an anonymous upload's image goes too. Returns null if it had already ended. */
  async fail(id: string, failure: IdentificationFailure): Promise<IdentificationChange | null> {
    const [updated] = await this.prisma.$transaction([
      this.prisma.identification.updateManyAndReturn({
        where: { id, status: { in: ['queued', 'processing'] } },
        data: { status: 'failed', errorCode: failure.code, errorMessage: failure.message, completedAt: new Date() },
        select: { ...IDENTIFICATION_VIEW_SELECT, userId: true },
      }),
      this.prisma.identificationImage.deleteMany({ where: { identificationId: id, identification: { userId: null } } }),
    ]);
    // Counted here, where the row turns failed, so every path (give-up, stalled, image gone) counts once.
    if (updated[0]) this.metrics.recordFailure(failure.code);
    return updated[0] ? { view: toIdentificationView(updated[0]), ownerId: updated[0].userId } : null;
  }
}
