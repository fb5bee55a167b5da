import { Injectable } from '@nestjs/common';
import {
  type AnimalResult,
  IDENTIFICATION_VIEW_SELECT,
  type IdentificationView,
  PrismaService,
  toIdentificationView,
} from '@wildid/common';

/** A state change and who may see it: the owner's room gets it besides the identification's own. */
export interface IdentificationChange {
  view: IdentificationView;
  ownerId: string | null;
}

export interface StartedIdentification extends IdentificationChange {
  image: { bytes: Uint8Array; mimeType: string } | null;
}

export interface IdentificationFailure {
  code: string;
  message: string;
}

/** The worker's reads and writes of identifications: one write per state change. */
@Injectable()
export class IdentificationStore {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Marks an identification as being processed and loads its image.
   * Returns null when there is nothing to do: it was deleted, or an earlier
   * delivery of the same job already finished it (jobs are at-least-once).
   */
  async start(id: string): Promise<StartedIdentification | null> {
    const updated = await this.prisma.identification.updateManyAndReturn({
      where: { id, status: { in: ['queued', 'processing'] } },
      data: { status: 'processing', startedAt: new Date() },
      select: { ...IDENTIFICATION_VIEW_SELECT, userId: true },
    });
    const row = updated[0];
    if (!row) return null;
    const image = await this.prisma.identificationImage.findUnique({
      where: { identificationId: id },
      select: { bytes: true, mimeType: true },
    });
    return { view: toIdentificationView(row), ownerId: row.userId, image };
  }

  /** Stores the result; an anonymous upload's image is deleted in the same transaction. */
  async complete(id: string, result: AnimalResult, model: string): Promise<IdentificationChange> {
    const [row] = await this.prisma.$transaction([
      this.prisma.identification.update({
        where: { id },
        data: { status: 'completed', result, model, completedAt: new Date(), errorCode: null, errorMessage: null },
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
    return updated[0] ? { view: toIdentificationView(updated[0]), ownerId: updated[0].userId } : null;
  }
}
