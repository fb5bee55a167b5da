import type { IdentificationReview, IdentifiedAs } from './identification-review';
import type { IdentificationStatus } from './identification-view';

/** One row of GET /api/me/identifications: a result summary, shared by the gateway and the web client. */
export interface HistoryItem {
  id: string;
  status: IdentificationStatus;
  createdAt: string;
  completedAt?: string;
  isAnimal?: boolean;
  commonName?: string;
  scientificName?: string;
  confidence?: number;
  conservationStatus?: string;
  errorCode?: string;
  /** Absent once the image is gone (anonymous uploads claimed after their job ended). */
  imageUrl?: string;
  /** The owner's confirmation or correction, and the name it stands for now (as on the identification view). */
  review?: IdentificationReview;
  identifiedAs?: IdentifiedAs;
  /** The model was not sure and nobody confirmed or corrected it (see REVIEW_BELOW_CONFIDENCE). */
  needsLook?: true;
}

export interface HistoryPage {
  items: HistoryItem[];
  nextCursor: string | null;
}
