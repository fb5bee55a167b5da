import { Injectable } from '@nestjs/common';
import { PrismaService } from '@wildid/common';

/** How many corrections to list per model. */
export const TOP_CORRECTIONS = 5;

// Counted in SQL over every identification and report, a few times a minute at most: the reviews by the model that
// answered, the reports by the model that had answered when reported; a model with reports only is listed too.
const PER_MODEL = `
  WITH by_answer AS (
    SELECT model,
      count(*) FILTER (WHERE status = 'completed')::int AS completed,
      count(review_verdict)::int AS reviewed,
      count(*) FILTER (WHERE review_verdict = 'confirmed')::int AS confirmed,
      count(*) FILTER (WHERE review_verdict = 'corrected')::int AS corrected,
      count(*) FILTER (WHERE review_verdict = 'unsure')::int AS unsure
    FROM identifications WHERE model IS NOT NULL GROUP BY model
  ), by_report AS (
    SELECT model, count(*)::int AS reports, count(*) FILTER (WHERE resolved_at IS NULL)::int AS "openReports"
    FROM identification_reports GROUP BY model
  )
  SELECT coalesce(a.model, r.model) AS model,
    coalesce(a.completed, 0) AS completed, coalesce(a.reviewed, 0) AS reviewed, coalesce(a.confirmed, 0) AS confirmed,
    coalesce(a.corrected, 0) AS corrected, coalesce(a.unsure, 0) AS unsure,
    coalesce(r.reports, 0) AS reports, coalesce(r."openReports", 0) AS "openReports"
  FROM by_answer a FULL JOIN by_report r ON r.model = a.model
  ORDER BY completed DESC, model`;

// Each model's most frequent corrections, from its names to the person's (the names as written: a person who
// corrects "Red fox" to "Vulpes vulpes" and another who types "vulpes vulpes" count apart).
const TOP_CORRECTIONS_PER_MODEL = `
  SELECT model, "fromScientificName", "fromCommonName", "toScientificName", "toCommonName", count FROM (
    SELECT model,
      nullif(result->>'scientificName', '') AS "fromScientificName", nullif(result->>'commonName', '') AS "fromCommonName",
      review_scientific_name AS "toScientificName", review_common_name AS "toCommonName",
      count(*)::int AS count,
      row_number() OVER (PARTITION BY model ORDER BY count(*) DESC, review_scientific_name, review_common_name) AS rank
    FROM identifications WHERE review_verdict = 'corrected' AND model IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
  ) ranked WHERE rank <= $1 ORDER BY model, rank`;

export interface ModelReviewCounts {
  /** Null for reports of identifications no model answered. */
  model: string | null;
  /** Identifications the model completed: what the other counts compare with. */
  completed: number;
  reviewed: number;
  confirmed: number;
  corrected: number;
  unsure: number;
  reports: number;
  openReports: number;
}

export interface CorrectionRow {
  model: string;
  fromScientificName: string | null;
  fromCommonName: string | null;
  toScientificName: string | null;
  toCommonName: string | null;
  count: number;
}

@Injectable()
export class ModelReviewStatsStore {
  constructor(private readonly prisma: PrismaService) {}

  async perModel(): Promise<ModelReviewCounts[]> {
    return (await this.prisma.pool.query<ModelReviewCounts>(PER_MODEL)).rows;
  }

  async topCorrections(perModel: number): Promise<CorrectionRow[]> {
    return (await this.prisma.pool.query<CorrectionRow>(TOP_CORRECTIONS_PER_MODEL, [perModel])).rows;
  }
}
