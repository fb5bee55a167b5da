import { Injectable } from '@nestjs/common';
import { PrismaService, type ReviewRequest } from '@wildid/common';

/** What a review is checked against: whose the identification is and whether it is finished. */
export interface ReviewTarget {
  userId: string | null;
  status: string;
}

export interface ReviewRecord extends ReviewRequest {
  by: string;
  at: Date;
}

/** The review columns of identifications: written by their owner, the model's result untouched. */
@Injectable()
export class ReviewStore {
  constructor(private readonly prisma: PrismaService) {}

  async target(id: string): Promise<ReviewTarget | null> {
    return this.prisma.identification.findUnique({ where: { id }, select: { userId: true, status: true } });
  }

  /**
   * The photos of an event in the user's batch, whatever their state. An event is named by its first photo's id;
   * a photo without a capture time belongs to no event and is an event of its own (as in the batch's species).
   */
  async eventPhotoIds(batchId: string, eventId: string, userId: string): Promise<string[]> {
    const photos = await this.prisma.identification.findMany({
      where: { batchId, batch: { userId }, OR: [{ eventId }, { id: eventId, eventId: null }] },
      select: { id: true },
    });
    return photos.map((photo) => photo.id);
  }

  /** Writes (or with null, clears) the review of the owner's finished identifications among `ids`; returns how many. */
  async write(ids: string[], userId: string, review: ReviewRecord | null): Promise<number> {
    const { count } = await this.prisma.identification.updateMany({
      where: { id: { in: ids }, userId, status: { in: ['completed', 'failed'] } },
      data: {
        reviewVerdict: review?.verdict ?? null,
        reviewScientificName: review?.scientificName ?? null,
        reviewCommonName: review?.commonName ?? null,
        reviewNote: review?.note ?? null,
        reviewedBy: review?.by ?? null,
        reviewedAt: review?.at ?? null,
      },
    });
    return count;
  }
}
