import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { animalCard } from './animal-card';
import { failedCard, noAnimalCard } from './outcome-cards';

export interface OutcomeOptions {
  photoUrl?: string;
  retry?: () => void;
}

/** The card for a finished identification, or undefined while it is still under way. */
export function renderOutcome(view: IdentificationView, options: OutcomeOptions = {}): HTMLElement | undefined {
  if (view.status === 'failed') return failedCard(view.error, options.retry);
  if (view.status !== 'completed') return undefined;
  if (!view.result) return failedCard(undefined, options.retry);
  return view.result.isAnimal ? animalCard(view.result, options.photoUrl) : noAnimalCard(view.result.rationale, options.photoUrl);
}

/** One line for the status region, read out by screen readers when the result arrives. */
export function outcomeSummary(view: IdentificationView): string {
  if (view.status === 'failed') return 'Identification failed.';
  if (!view.result?.isAnimal) return 'Result ready: no animal found.';
  return `Result ready: ${view.result.commonName ?? view.result.scientificName ?? 'an animal'}.`;
}
