import { Injectable } from '@nestjs/common';
import {
  type BatchCounts,
  type BatchKind,
  type BatchPhotoFilter,
  type BatchSpecies,
  IDENTIFICATION_VIEW_SQL,
  type IdentificationViewRow,
  PrismaService,
  type ReviewFilter,
  utcColumn,
  BATCH_COUNTS_SQL,
} from '@wildid/common';
import { needsLookSql, reviewFilterSql } from '../reviews/review-filter';
import type { ExifFacts } from './photo-exif';
import type { Placement } from './photo-placement';

// Counts, species and pages are aggregates over a batch's photos (thousands of rows):
// one SQL statement each rather than rows pulled into the process. Writes of the batch
// itself go through Prisma.
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
// $5 is REVIEW_BELOW_CONFIDENCE (see reviews/review-filter.ts).
const SORT_AT = 'COALESCE(captured_at, created_at)';
const photoPage = (filter: BatchPhotoFilter, review: ReviewFilter | undefined) => `
  SELECT ${IDENTIFICATION_VIEW_SQL}, file_name AS "fileName", ${utcColumn('captured_at', 'capturedAt')},
    latitude, longitude, location_uncertainty_meters AS "uncertaintyMeters", country, event_id AS "eventId",
    ${SORT_AT} AT TIME ZONE 'UTC' AS "sortAt", ${needsLookSql('$5')} AS "needsLook"
  FROM identifications
  WHERE batch_id = $1 AND (${PHOTO_FILTERS[filter]}) AND ${reviewFilterSql(review, '$5')}
    AND ($3::timestamptz IS NULL OR (${SORT_AT}, id) > ($3::timestamptz AT TIME ZONE 'UTC', $4::uuid))
  ORDER BY ${SORT_AT}, id LIMIT $2`;

// Photos taken within the gap ($2 seconds) of the previous one share an event, named by its first photo.
// Photos without a capture time belong to no event.
const REGROUP_EVENTS = `
  WITH ordered AS (
    SELECT id, captured_at, lag(captured_at) OVER (ORDER BY captured_at, id) AS previous
    FROM identifications WHERE batch_id = $1 AND captured_at IS NOT NULL
  ), numbered AS (
    SELECT id, captured_at,
      count(*) FILTER (WHERE previous IS NULL OR captured_at - previous > make_interval(secs => $2)) OVER (ORDER BY captured_at, id) AS event_number
    FROM ordered
  ), events AS (
    SELECT id, first_value(id) OVER (PARTITION BY event_number ORDER BY captured_at, id) AS event_id FROM numbered
  )
  UPDATE identifications SET event_id = events.event_id FROM events
  WHERE identifications.id = events.id AND identifications.event_id IS DISTINCT FROM events.event_id`;

const SELECT_EXIF = `
  SELECT id, exif_local_time AS "localTime", exif_utc_offset_minutes AS "utcOffsetMinutes", exif_latitude AS latitude, exif_longitude AS longitude
  FROM identifications WHERE batch_id = $1`;

// The sentence given to the model changes only for photos still waiting: the others keep what the model was told.
const UPDATE_PLACEMENTS = `
  UPDATE identifications SET captured_at = u.captured_at AT TIME ZONE 'UTC', captured_utc_offset_minutes = u.offset_minutes,
    latitude = u.latitude, longitude = u.longitude, location_uncertainty_meters = u.uncertainty, country = u.country,
    prompt_context = CASE WHEN status = 'queued' THEN u.context ELSE prompt_context END
  FROM unnest($2::uuid[], $3::timestamptz[], $4::int[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::text[])
    AS u(id, captured_at, offset_minutes, latitude, longitude, uncertainty, country, context)
  WHERE identifications.id = u.id AND identifications.batch_id = $1`;

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
  needsLook: boolean;
}

/** Which photos of a batch to list, and the confidence under which an answer needs a look. */
export interface PhotoFilter {
  photos: BatchPhotoFilter;
  review?: ReviewFilter;
  reviewBelowConfidence: number;
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

  /** Regroups the batch's photos into events (bursts) of at most `gapSeconds` between photos. */
  async regroupEvents(id: string, gapSeconds: number): Promise<void> {
    await this.prisma.pool.query(REGROUP_EVENTS, [id, gapSeconds]);
  }

  /** What each photo's EXIF said, to derive time and place again. */
  async exifFacts(id: string): Promise<Array<ExifFacts & { id: string }>> {
    const { rows } = await this.prisma.pool.query<ExifFacts & { id: string }>(SELECT_EXIF, [id]);
    return rows;
  }

  /** Stores each photo's time and place again, in one statement. */
  async updatePlacements(id: string, placements: Array<Placement & { id: string }>): Promise<void> {
    const column = <K extends keyof Placement>(key: K) => placements.map((placement) => placement[key]);
    await this.prisma.pool.query(UPDATE_PLACEMENTS, [
      id,
      placements.map((placement) => placement.id),
      column('capturedAt').map((at) => at?.toISOString() ?? null),
      column('capturedUtcOffsetMinutes'),
      column('latitude'),
      column('longitude'),
      column('uncertaintyMeters'),
      column('country'),
      column('promptContext'),
    ]);
  }

  async counts(id: string): Promise<BatchCounts> {
    const { rows } = await this.prisma.pool.query<BatchCounts>(BATCH_COUNTS_SQL, [id]);
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
  async photos(id: string, filter: PhotoFilter, limit: number, after?: PhotoKey): Promise<PhotoRow[]> {
    const { rows } = await this.prisma.pool.query<PhotoRow>(photoPage(filter.photos, filter.review), [
      id,
      limit,
      after?.sortAt.toISOString() ?? null,
      after?.id ?? null,
      filter.reviewBelowConfidence,
    ]);
    return rows;
  }
}
