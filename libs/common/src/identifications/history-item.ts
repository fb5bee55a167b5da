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
}

export interface HistoryPage {
  items: HistoryItem[];
  nextCursor: string | null;
}
