import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import type { ReviewRequest } from '@wildid/common/identifications/identification-review';
import type { ReviewFilter } from '@wildid/common/identifications/review-filter';
import { requestJson } from './http';

export type { ReviewFilter, ReviewRequest };

const reviewPath = (id: string) => `api/identifications/${encodeURIComponent(id)}/review`;
const eventReviewPath = (batchId: string, eventId: string) => `api/batches/${encodeURIComponent(batchId)}/events/${encodeURIComponent(eventId)}/review`;
const json = (body: unknown): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The owner's verdict; the answer is the view with its new `review` and `identifiedAs`. */
export function reviewIdentification(id: string, review: ReviewRequest): Promise<IdentificationView> {
  return requestJson(reviewPath(id), json(review));
}

/** Back to the model's answer. */
export function undoReview(id: string): Promise<IdentificationView> {
  return requestJson(reviewPath(id), { method: 'DELETE' });
}

/** One verdict for every finished photo of an event (a burst) of a batch. */
export function reviewEvent(batchId: string, eventId: string, review: ReviewRequest): Promise<{ updated: number }> {
  return requestJson(eventReviewPath(batchId, eventId), json(review));
}

export function undoEventReview(batchId: string, eventId: string): Promise<{ updated: number }> {
  return requestJson(eventReviewPath(batchId, eventId), { method: 'DELETE' });
}
