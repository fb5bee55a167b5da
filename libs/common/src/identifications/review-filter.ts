/**
 * The `review=` filter of a person's history and of a batch's photos. `needs-look`: the model answered, nobody
 * confirmed or corrected it, and the model was not sure (its confidence absent or below REVIEW_BELOW_CONFIDENCE).
 */
export const REVIEW_FILTERS = ['unreviewed', 'confirmed', 'corrected', 'unsure', 'needs-look'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export const REVIEW_FILTER_HINT = `review one of ${REVIEW_FILTERS.join(', ')}`;
