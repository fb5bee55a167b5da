/** How a species came to be on a person's life list: a correction to it, a confirmation of it, or the model alone. */
export const LIFE_LIST_REVIEWS = ['corrected', 'confirmed', 'unreviewed'] as const;
export type LifeListReview = (typeof LIFE_LIST_REVIEWS)[number];

/** One species of GET /api/me/species: every identification that stands for it (its identifiedAs). */
export interface LifeListEntry {
  scientificName?: string;
  commonName?: string;
  reviewed: LifeListReview;
  photos: number;
  /** When it was first and last seen: the photos' capture time, else their upload time. */
  firstSeen: string;
  lastSeen: string;
  /** The identification of the latest photo. */
  latestId: string;
}

export interface LifeList {
  items: LifeListEntry[];
}
