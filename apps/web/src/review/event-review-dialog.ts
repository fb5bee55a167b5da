import type { BatchPhoto } from '@wildid/common/batches/batch-view';
import { type ReviewRequest, reviewEvent, undoEventReview } from '../api/reviews';
import { byId, h, replaceChildren } from '../dom';
import { type NameChoice, alternativesOf, distinctNames, nameLabel } from './name-choice';
import { reviewForm } from './review-form';

export interface EventReviewHooks {
  ownNames(): Promise<NameChoice[]>;
  /** `updated` photos of the event took the review (or lost it, after an undo). */
  onReviewed(updated: number, undone: boolean): void;
}

/** One review for every photo of an event (a burst) of a batch. */
export class EventReviewDialog {
  private readonly dialog = byId<HTMLDialogElement>('event-review-dialog');
  private readonly body = byId('event-review-body');

  constructor(private readonly hooks: EventReviewHooks) {
    for (const button of this.dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => this.dialog.close());
  }

  open(batchId: string, eventId: string, photos: BatchPhoto[]): void {
    const modelNames = distinctNames(photos.flatMap((photo) => (photo.result?.isAnimal ? [photo.result as NameChoice] : [])));
    const choices = distinctNames(modelNames, ...photos.map((photo) => alternativesOf(photo.result)));
    const named = modelNames.map(nameLabel).join(', ') || 'no animal';
    const done = (undone: boolean) => (result: { updated: number }) => {
      this.dialog.close();
      this.hooks.onReviewed(result.updated, undone);
    };
    replaceChildren(
      this.body,
      h('h2', { id: 'event-review-heading' }, 'Review the event'),
      h('p', {}, `${photos.length} photos taken together. The model named: ${named}. Your review applies to every finished photo of the event.`),
      reviewForm({
        alternatives: choices,
        ownNames: this.hooks.ownNames,
        reviewed: photos.some((photo) => photo.review),
        onReview: async (review: ReviewRequest) => done(false)(await reviewEvent(batchId, eventId, review)),
        onUndo: async () => done(true)(await undoEventReview(batchId, eventId)),
      }),
    );
    this.dialog.showModal();
  }
}
