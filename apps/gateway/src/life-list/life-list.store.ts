import { Injectable } from '@nestjs/common';
import { type LifeListEntry, type LifeListReview, PrismaService } from '@wildid/common';

// Grouped in Postgres: a person's whole history (thousands of rows) becomes a few hundred species without
// leaving the database. Each identification counts under its identifiedAs (identifiedAsOf in libs/common):
// a correction's names, else the model's animal (confirmed or not). The species key is the scientific name,
// case-insensitively; a name given only as a common name joins the species that common name has elsewhere in
// the person's list (a correction typed as "red fox" meets the model's Vulpes vulpes), else stands on its own.
const LIFE_LIST = `
  WITH named AS (
    SELECT id, review_verdict AS verdict, COALESCE(captured_at, created_at) AS seen_at,
      NULLIF(CASE WHEN review_verdict = 'corrected' THEN review_scientific_name ELSE result->>'scientificName' END, '') AS scientific_name,
      NULLIF(CASE WHEN review_verdict = 'corrected' THEN review_common_name ELSE result->>'commonName' END, '') AS common_name
    FROM identifications
    WHERE user_id = $1 AND (review_verdict = 'corrected' OR (status = 'completed' AND result->>'isAnimal' = 'true'))
  ), scientific_by_common AS (
    SELECT lower(common_name) AS common, min(lower(scientific_name)) AS scientific
    FROM named WHERE scientific_name IS NOT NULL AND common_name IS NOT NULL GROUP BY lower(common_name)
  ), keyed AS (
    SELECT named.*, COALESCE(lower(scientific_name), scientific_by_common.scientific, 'common:' || lower(common_name)) AS species
    FROM named LEFT JOIN scientific_by_common ON scientific_by_common.common = lower(named.common_name)
    WHERE scientific_name IS NOT NULL OR common_name IS NOT NULL
  )
  SELECT
    (array_agg(scientific_name ORDER BY seen_at DESC, id DESC) FILTER (WHERE scientific_name IS NOT NULL))[1] AS "scientificName",
    (array_agg(common_name ORDER BY seen_at DESC, id DESC) FILTER (WHERE common_name IS NOT NULL))[1] AS "commonName",
    CASE WHEN bool_or(verdict = 'corrected') THEN 'corrected' WHEN bool_or(verdict = 'confirmed') THEN 'confirmed' ELSE 'unreviewed' END AS reviewed,
    count(*)::int AS photos,
    min(seen_at) AT TIME ZONE 'UTC' AS "firstSeen",
    max(seen_at) AT TIME ZONE 'UTC' AS "lastSeen",
    (array_agg(id ORDER BY seen_at DESC, id DESC))[1] AS "latestId"
  FROM keyed GROUP BY species ORDER BY max(seen_at) DESC, species`;

interface LifeListRow {
  scientificName: string | null;
  commonName: string | null;
  reviewed: LifeListReview;
  photos: number;
  firstSeen: Date;
  lastSeen: Date;
  latestId: string;
}

/** A person's life list: every species their identifications stand for, with when it was first and last seen. */
@Injectable()
export class LifeListStore {
  constructor(private readonly prisma: PrismaService) {}

  async species(userId: string): Promise<LifeListEntry[]> {
    const { rows } = await this.prisma.pool.query<LifeListRow>(LIFE_LIST, [userId]);
    return rows.map(({ scientificName, commonName, firstSeen, lastSeen, ...counts }) => ({
      ...(scientificName ? { scientificName } : {}),
      ...(commonName ? { commonName } : {}),
      ...counts,
      firstSeen: firstSeen.toISOString(),
      lastSeen: lastSeen.toISOString(),
    }));
  }
}
