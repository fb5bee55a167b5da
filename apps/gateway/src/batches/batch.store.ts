import { Injectable } from '@nestjs/common';
import {
  type BatchCounts,
  type BatchKind,
  type BatchPhotoFilter,
  type BatchSpecies,
  IDENTIFICATION_VIEW_SQL,
  type IdentificationViewRow,
  PrismaService,
  utcColumn,
} from '@wildid/common';

// Counts, species and pages are aggregates over a batch's photos (thousands of rows):
// one SQL statement each rather than rows pulled into the process. Writes of the batch
// itself go through Prisma.
const COUNT_COLUMNS = `
  count(*)::int AS total,
  count(*) FILTER (WHERE status = 'queued')::int AS queued,
  count(*) FILTER (WHERE status = 'processing')::int AS processing,
  count(*) FILTER (WHERE status = 'completed')::int AS completed,
  count(*) FILTER (WHERE status = 'failed')::int AS failed,
  count(*) FILTER (WHERE status = 'completed' AND result->>'isAnimal' = 'false')::int AS "noAnimal"`;

const COUNTS = `SELECT ${COUNT_COLUMNS} FROM identifications WHERE batch_id = $1`;

// An event's species is its most confident animal; a photo without an event is an event of its own.
const SPECIES = `
  WITH animals AS (
    SELECT COALESCE(event_id, id) AS event, result->>'scientificName' AS "scientificName", result->>'commonName' AS "commonName",
      COALESCE(result->>'scientificName', result->>'commonName') AS species, (result->>'confidence')::float AS confidence
    FROM identifications WHERE batch_id = $1 AND status = 'completed' AND result->>'isAnimal' = 'true'
  ), event_species AS (
    SELECT DISTINCT ON (event) event, species FROM animals ORDER BY event, confidence DESC NULLS LAST
  )
  SELECT min("scientificName") AS "scientificName", min("commonName") AS "commonName", count(*)::int AS photos,
    (SELECT count(*)::int FROM event_species WHERE event_species.species = animals.species) AS events
  FROM animals WHERE species IS NOT NULL GROUP BY species ORDER BY photos DESC, species`;

const PHOTO_FILTERS: Record<BatchPhotoFilter, string> = {
  animals: `status = 'completed' AND result->>'isAnimal' = 'true'`,
  blanks: `status = 'completed' AND result->>'isAnimal' = 'false'`,
  failed: `status = 'failed'`,
  all: 'true',
};

// Photos in the order they were taken (upload order for those without a time): the keyset is (sort_at, id).
const SORT_AT = 'COALESCE(captured_at, created_at)';
const photoPage = (filter: BatchPhotoFilter) => `
  SELECT ${IDENTIFICATION_VIEW_SQL}, file_name AS "fileName", ${utcColumn('captured_at', 'capturedAt')},
    latitude, longitude, location_uncertainty_meters AS "uncertaintyMeters", country, event_id AS "eventId",
    ${SORT_AT} AT TIME ZONE 'UTC' AS "sortAt"
  FROM identifications
  WHERE batch_id = $1 AND (${PHOTO_FILTERS[filter]})
    AND ($3::timestamptz IS NULL OR (${SORT_AT}, id) > ($3::timestamptz AT TIME ZONE 'UTC', $4::uuid))
  ORDER BY ${SORT_AT}, id LIMIT $2`;

export interface BatchSettings {
  name: string;
  kind: BatchKind;
  latitude: number | null;
  longitude: number | null;
  uncertaintyMeters: number | null;
  timezone: string | null;
  clockOffsetSeconds: number;
  useExif: boolean;
}

export interface StoredBatch extends BatchSettings {
  id: string;
  userId: string;
  createdAt: Date;
}

export interface PhotoRow extends IdentificationViewRow {
  fileName: string | null;
  capturedAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  uncertaintyMeters: number | null;
  country: string | null;
  eventId: string | null;
  sortAt: Date;
}

/** A position in a batch's photo list. */
export interface PhotoKey {
  sortAt: Date;
  id: string;
}

/** Batches and the aggregates over their photos. Ids must be UUIDs (the service checks). */
@Injectable()
export class BatchStore {
  constructor(private readonly prisma: PrismaService) {}

  async insert(batch: StoredBatch): Promise<void> {
    await this.prisma.batch.create({ data: batch });
  }

  /** The batch, if it is this user's. */
  async findOwned(id: string, userId: string): Promise<StoredBatch | null> {
    return (await this.prisma.batch.findFirst({ where: { id, userId } })) as StoredBatch | null;
  }

  /** A user's batches, newest first. */
  async listOwned(userId: string, limit: number): Promise<StoredBatch[]> {
    return (await this.prisma.batch.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit })) as StoredBatch[];
  }

  async update(id: string, changes: Partial<BatchSettings>): Promise<StoredBatch> {
    return (await this.prisma.batch.update({ where: { id }, data: changes })) as StoredBatch;
  }

  /** Deletes the batch and, by cascade, its photos; false when it was not this user's. */
  async deleteOwned(id: string, userId: string): Promise<boolean> {
    const { count } = await this.prisma.batch.deleteMany({ where: { id, userId } });
    return count === 1;
  }

  async counts(id: string): Promise<BatchCounts> {
    const { rows } = await this.prisma.pool.query<BatchCounts>(COUNTS, [id]);
    return rows[0]!;
  }

  async species(id: string): Promise<BatchSpecies[]> {
    const { rows } = await this.prisma.pool.query<BatchSpecies & { scientificName: string | null; commonName: string | null }>(SPECIES, [id]);
    return rows.map(({ scientificName, commonName, photos, events }) => ({
      ...(scientificName ? { scientificName } : {}),
      ...(commonName ? { commonName } : {}),
      photos,
      events,
    }));
  }

  /** Up to `limit` photos after `after`, in the order they were taken. */
  async photos(id: string, filter: BatchPhotoFilter, limit: number, after?: PhotoKey): Promise<PhotoRow[]> {
    const { rows } = await this.prisma.pool.query<PhotoRow>(photoPage(filter), [id, limit, after?.sortAt.toISOString() ?? null, after?.id ?? null]);
    return rows;
  }
}
