import type { IdentificationView } from '../identifications/identification-view';

export const BATCH_KINDS = ['trip', 'camera-trap'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** Which photos of a batch to list: animals found, blanks (no animal), failed ones, or every photo. */
export const BATCH_PHOTO_FILTERS = ['animals', 'blanks', 'failed', 'all'] as const;
export type BatchPhotoFilter = (typeof BATCH_PHOTO_FILTERS)[number];

export interface GeoLocation {
  latitude: number;
  longitude: number;
  uncertaintyMeters?: number;
}

/** How many photos of a batch are in each state; noAnimal counts the completed ones without an animal (blanks). */
export interface BatchCounts {
  total: number;
  queued: number;
  processing: number;
  completed: number;
  failed: number;
  noAnimal: number;
}

/** One species found in a batch: its photos, and the events (bursts) whose most confident animal it is. */
export interface BatchSpecies {
  scientificName?: string;
  commonName?: string;
  photos: number;
  events: number;
}

/** The public shape of a batch: GET /api/batches/:id. */
export interface BatchView {
  id: string;
  name: string;
  kind: BatchKind;
  location?: GeoLocation;
  timezone?: string;
  clockOffsetSeconds: number;
  useExif: boolean;
  createdAt: string;
  counts: BatchCounts;
  species: BatchSpecies[];
  /** While photos wait or are processed: when all should be done, at the recent rate. */
  eta?: { seconds: number };
}

/** A `batch` socket event: the counts of one batch changed. */
export interface BatchEvent {
  id: string;
  counts: BatchCounts;
  eta?: { seconds: number };
}

/** One photo of a batch: its identification, with where it came from and when and where it was taken. */
export interface BatchPhoto extends IdentificationView {
  fileName?: string;
  capturedAt?: string;
  location?: GeoLocation & { country?: string };
  /** Photos with the same eventId form one event (a burst). */
  eventId?: string;
  imageUrl: string;
  /** The model was not sure and nobody confirmed or corrected it (see REVIEW_BELOW_CONFIDENCE). */
  needsLook?: true;
}

export interface BatchPhotoPage {
  items: BatchPhoto[];
  nextCursor: string | null;
}

/** The answer to POST /api/batches/:id/photos: each file accepted as an identification, or rejected with why. */
export interface BatchUploadResult {
  accepted: Array<{ id: string; fileName: string }>;
  rejected: Array<{ fileName: string; error: string }>;
}
