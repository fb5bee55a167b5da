import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { reviewIdentification, undoReview } from '../api/reviews';
import { h } from '../dom';
import { formatPercent } from '../format';
import { type NameChoice, alternativesOf } from './name-choice';
import { reviewForm } from './review-form';

export interface ReviewPanelHooks {
  ownNames(): Promise<NameChoice[]>;
  /** The identification after a review or an undo (as the server answered). */
  onReviewed(view: IdentificationView): void;
}

/** Who named the animal, and the owner's review controls, under a finished result card. */
export function reviewPanel(view: IdentificationView, hooks: ReviewPanelHooks): HTMLElement {
  const panel = h(
    'section',
    { class: 'review', 'aria-label': 'Your review' },
    h('h3', {}, 'Your review'),
    h('p', { class: 'identified-by' }, identifiedByText(view)),
    view.review?.note ? h('p', { class: 'review-note-text' }, h('strong', {}, 'Your note: '), view.review.note) : undefined,
  );
  const reviewed = (next: IdentificationView) => {
    panel.replaceWith(reviewPanel(next, hooks));
    hooks.onReviewed(next);
  };
  panel.append(
    reviewForm({
      alternatives: alternativesOf(view.result),
      ownNames: hooks.ownNames,
      reviewed: view.review !== undefined,
      onReview: async (review) => reviewed(await reviewIdentification(view.id, review)),
      onUndo: async () => reviewed(await undoReview(view.id)),
    }),
  );
  return panel;
}

/** "Identified by you: …" or "Identified by the model: …", from `identifiedAs` and the review. */
export function identifiedByText(view: Pick<IdentificationView, 'identifiedAs' | 'review'>, who: 'you' | 'the owner' = 'you'): string {
  const named = view.identifiedAs;
  const verdict = view.review?.verdict;
  if (!named) return verdict === 'confirmed' ? `Identified by ${who}: no animal in this photo.` : 'The model found no animal in this photo.';
  const name = [named.commonName, named.scientificName && named.commonName ? `(${named.scientificName})` : named.scientificName].filter(Boolean).join(' ');
  if (named.method === 'human') return `Identified by ${who}: ${name}, ${verdict === 'corrected' ? 'a correction' : 'confirmed'}.`;
  const probability = named.probability !== undefined ? `, ${formatPercent(named.probability)}` : '';
  const unsure = verdict === 'unsure' ? ` Marked unsure by ${who}.` : '';
  return `Identified by the model: ${name}${probability}.${unsure}`;
}
