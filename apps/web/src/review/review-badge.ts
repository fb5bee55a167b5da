import type { IdentificationReview, IdentifiedAs } from '@wildid/common/identifications/identification-review';
import { h } from '../dom';

export interface Reviewable {
  review?: IdentificationReview;
  identifiedAs?: IdentifiedAs;
  needsLook?: true;
}

const WORDS = { confirmed: 'Confirmed', corrected: 'Corrected', unsure: 'Unsure' } as const;

/** A small label on a tile: the owner's verdict, or "Needs a look" for an unsure answer nobody settled yet. */
export function reviewBadge(item: Reviewable): HTMLElement | undefined {
  if (item.needsLook) return h('span', { class: 'review-badge needs-look' }, 'Needs a look');
  const verdict = item.review?.verdict;
  return verdict ? h('span', { class: `review-badge review-${verdict}` }, WORDS[verdict]) : undefined;
}

/** The name a tile shows: the person's when they confirmed or corrected, else the model's. */
export function effectiveName(item: Reviewable): string | undefined {
  return item.identifiedAs?.commonName ?? item.identifiedAs?.scientificName;
}
