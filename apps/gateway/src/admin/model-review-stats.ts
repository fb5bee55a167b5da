import type { CorrectionRow, ModelReviewCounts } from './model-review-stats.store';

export interface SpeciesName {
  scientificName?: string;
  commonName?: string;
}

/** How often people corrected the model from one name to another. */
export interface Correction {
  /** The model's names (none when it saw no animal). */
  from: SpeciesName;
  to: SpeciesName;
  count: number;
}

/** How one model fares with its users: reviews of its answers, reports against them, and what it was corrected to. */
export interface ModelReviewStats extends ModelReviewCounts {
  /** The most frequent corrections, most frequent first. */
  topCorrections: Correction[];
}

export function toModelReviewStats(counts: ModelReviewCounts[], corrections: CorrectionRow[]): ModelReviewStats[] {
  return counts.map((model) => ({
    ...model,
    topCorrections: corrections.filter((row) => row.model === model.model).map(toCorrection),
  }));
}

function toCorrection(row: CorrectionRow): Correction {
  return {
    from: nameOf(row.fromScientificName, row.fromCommonName),
    to: nameOf(row.toScientificName, row.toCommonName),
    count: row.count,
  };
}

function nameOf(scientificName: string | null, commonName: string | null): SpeciesName {
  return { ...(scientificName ? { scientificName } : {}), ...(commonName ? { commonName } : {}) };
}
