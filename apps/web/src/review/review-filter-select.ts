import type { ReviewFilter } from '@wildid/common/identifications/review-filter';

// "Needs a look" first after All: what a person should see before anything else.
const CHOICES: ReadonlyArray<[ReviewFilter | '', string]> = [
  ['', 'All'],
  ['needs-look', 'Needs a look'],
  ['unreviewed', 'Unreviewed'],
  ['confirmed', 'Confirmed'],
  ['corrected', 'Corrected'],
  ['unsure', 'Unsure'],
];

/** Fills an empty <select> with the review filters (the history's and a batch's are the same list). */
export function fillReviewFilter(select: HTMLSelectElement): HTMLSelectElement {
  for (const [value, label] of CHOICES) select.add(new Option(label, value));
  return select;
}
