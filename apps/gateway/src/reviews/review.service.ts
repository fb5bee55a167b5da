import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type IdentificationView, type ReviewRequest, isFinished } from '@wildid/common';
import { z } from 'zod';
import type { SignedInUser } from '../auth/session.service';
import { IdentificationChanges } from '../identifications/identification-changes';
import { IdentificationService } from '../identifications/identification.service';
import { ReviewStore } from './review.store';

export const REVIEW_NOT_FOUND = 'No identification with this id in your account.';
export const EVENT_NOT_FOUND = 'No batch with this id in your account, or no event with this id in it.';
export const REVIEW_NOT_FINISHED = 'This identification is not finished yet: review it once the model has answered.';

const uuid = z.uuid();

/** The owner confirms, corrects or doubts the model's answer (of one photo or of an event's), or takes the review back; the answer stays as it was. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly store: ReviewStore,
    private readonly identifications: IdentificationService,
    private readonly changes: IdentificationChanges,
  ) {}

  async review(id: string, user: SignedInUser, review: ReviewRequest): Promise<IdentificationView> {
    await this.checkReviewable(id, user);
    await this.store.write([id], user.id, { ...review, by: user.email, at: new Date() });
    return this.announced(id, user);
  }

  async undo(id: string, user: SignedInUser): Promise<IdentificationView> {
    await this.checkReviewable(id, user);
    await this.store.write([id], user.id, null);
    return this.announced(id, user);
  }

  /** One review for every finished photo of an event (a burst) of the user's batch; null takes their reviews back. */
  async reviewEvent(batchId: string, eventId: string, user: SignedInUser, review: ReviewRequest | null): Promise<{ updated: number }> {
    const ids = uuid.safeParse(batchId).success && uuid.safeParse(eventId).success ? await this.store.eventPhotoIds(batchId, eventId, user.id) : [];
    if (ids.length === 0) throw new NotFoundException(EVENT_NOT_FOUND);
    const record = review && { ...review, by: user.email, at: new Date() };
    const updated = await this.store.write(ids, user.id, record);
    for (const id of ids) await this.pushed(id, user);
    return { updated };
  }

  private async checkReviewable(id: string, user: SignedInUser): Promise<void> {
    const target = uuid.safeParse(id).success ? await this.store.target(id) : null;
    if (!target || target.userId !== user.id) throw new NotFoundException(REVIEW_NOT_FOUND);
    if (!isFinished({ status: target.status as IdentificationView['status'] })) throw new ConflictException(REVIEW_NOT_FINISHED);
  }

  private async announced(id: string, user: SignedInUser): Promise<IdentificationView> {
    const view = await this.pushed(id, user);
    if (!view) throw new NotFoundException(REVIEW_NOT_FOUND);
    return view;
  }

  /** The view after the change, pushed to the owner's other tabs and devices (null: deleted meanwhile). */
  private async pushed(id: string, user: SignedInUser): Promise<IdentificationView | null> {
    const view = await this.identifications.findView(id, { userId: user.id });
    if (view) this.changes.changed(user.id, view);
    return view;
  }
}
