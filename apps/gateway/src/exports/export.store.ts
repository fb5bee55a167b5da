import { Injectable } from '@nestjs/common';
import { type BatchKind, PrismaService, utcColumn } from '@wildid/common';
import type { ExportRow } from './export-record';

// Exports read thousands of rows a page at a time with a join and keysets on expressions: SQL, like the batch store.
const COLUMNS = [
  'i.id',
  'i.status',
  'i.model',
  'i.result',
  utcColumn('i.created_at', 'createdAt'),
  utcColumn('i.completed_at', 'completedAt'),
  'i.batch_id AS "batchId"',
  'b.name AS "batchName"',
  'b.kind AS "batchKind"',
  'i.file_name AS "fileName"',
  'i.event_id AS "eventId"',
  utcColumn('i.captured_at', 'capturedAt'),
  'i.captured_utc_offset_minutes AS "capturedUtcOffsetMinutes"',
  'i.latitude',
  'i.longitude',
  'i.location_uncertainty_meters AS "uncertaintyMeters"',
  'i.country',
  'i.review_verdict AS "reviewVerdict"',
  'i.review_scientific_name AS "reviewScientificName"',
  'i.review_common_name AS "reviewCommonName"',
  'i.review_note AS "reviewNote"',
  'i.reviewed_by AS "reviewedBy"',
  utcColumn('i.reviewed_at', 'reviewedAt'),
  'EXISTS (SELECT 1 FROM identification_images image WHERE image.identification_id = i.id) AS "hasImage"',
].join(', ');

// Newest first, as the history lists them. $2 false leaves out camera-trap photos (their events are exported apart).
// Keys travel as Postgres' own text of the columns, so no precision is lost between pages.
const HISTORY_PAGE = `
  SELECT ${COLUMNS}, i.created_at::text AS "createdKey"
  FROM identifications i LEFT JOIN batches b ON b.id = i.batch_id
  WHERE i.user_id = $1 AND ($2::boolean OR b.kind IS DISTINCT FROM 'camera-trap')
    AND ($3::text IS NULL OR (i.created_at, i.id) < ($3::timestamp, $4::uuid))
  ORDER BY i.created_at DESC, i.id DESC LIMIT $5`;

// In capture order, photos without a time last (in upload order): an event's photos come one after the other.
// $2 false leaves out photos without a capture time.
const TAKEN_KEY = `COALESCE(i.captured_at, 'infinity'::timestamp)`;
const BATCH_PAGE = `
  SELECT ${COLUMNS}, ${TAKEN_KEY}::text AS "takenKey", i.created_at::text AS "createdKey"
  FROM identifications i JOIN batches b ON b.id = i.batch_id
  WHERE i.batch_id = $1 AND ($2::boolean OR i.captured_at IS NOT NULL)
    AND ($3::text IS NULL OR (${TAKEN_KEY}, i.created_at, i.id) > ($3::timestamp, $4::timestamp, $5::uuid))
  ORDER BY ${TAKEN_KEY}, i.created_at, i.id LIMIT $6`;

// A camera trap's deployment: its first and last capture, the photos without one, and a place from the photos.
const DEPLOYMENT_FACTS = `
  SELECT first.at AS "firstAt", first.offset_minutes AS "firstOffsetMinutes", last.at AS "lastAt", last.offset_minutes AS "lastOffsetMinutes",
    (SELECT count(*)::int FROM identifications WHERE batch_id = $1 AND captured_at IS NULL) AS "untimedPhotos",
    place.latitude, place.longitude, place.uncertainty AS "uncertaintyMeters"
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (SELECT captured_at AT TIME ZONE 'UTC' AS at, captured_utc_offset_minutes AS offset_minutes FROM identifications
    WHERE batch_id = $1 AND captured_at IS NOT NULL ORDER BY captured_at LIMIT 1) first ON true
  LEFT JOIN LATERAL (SELECT captured_at AT TIME ZONE 'UTC' AS at, captured_utc_offset_minutes AS offset_minutes FROM identifications
    WHERE batch_id = $1 AND captured_at IS NOT NULL ORDER BY captured_at DESC LIMIT 1) last ON true
  LEFT JOIN LATERAL (SELECT latitude, longitude, location_uncertainty_meters AS uncertainty FROM identifications
    WHERE batch_id = $1 AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY captured_at NULLS LAST, created_at LIMIT 1) place ON true`;

export interface HistoryKey {
  createdKey: string;
  id: string;
}

export interface BatchKey extends HistoryKey {
  takenKey: string;
}

export interface ExportBatch {
  id: string;
  name: string;
  kind: BatchKind;
  latitude: number | null;
  longitude: number | null;
  uncertaintyMeters: number | null;
}

export interface DeploymentFacts {
  firstAt: Date | null;
  firstOffsetMinutes: number | null;
  lastAt: Date | null;
  lastOffsetMinutes: number | null;
  untimedPhotos: number;
  latitude: number | null;
  longitude: number | null;
  uncertaintyMeters: number | null;
}

/** The reads of the exports. Ids must be UUIDs (the service checks). */
@Injectable()
export class ExportStore {
  constructor(private readonly prisma: PrismaService) {}

  /** The batch, if it is this user's. */
  async ownedBatch(id: string, userId: string): Promise<ExportBatch | null> {
    return this.prisma.batch.findFirst({
      where: { id, userId },
      select: { id: true, name: true, kind: true, latitude: true, longitude: true, uncertaintyMeters: true },
    }) as Promise<ExportBatch | null>;
  }

  /** The user's camera-trap batches, newest first (few per person: their ids are read at once). */
  async cameraTrapBatches(userId: string): Promise<ExportBatch[]> {
    return this.prisma.batch.findMany({
      where: { userId, kind: 'camera-trap' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, name: true, kind: true, latitude: true, longitude: true, uncertaintyMeters: true },
    }) as Promise<ExportBatch[]>;
  }

  /** A page of the user's identifications, newest first; `withCameraTraps` false leaves camera-trap photos out. */
  async historyPage(userId: string, withCameraTraps: boolean, take: number, after?: HistoryKey): Promise<Array<ExportRow & HistoryKey>> {
    const { rows } = await this.prisma.pool.query<ExportRow & HistoryKey>(HISTORY_PAGE, [userId, withCameraTraps, after?.createdKey ?? null, after?.id ?? null, take]);
    return rows;
  }

  /** A page of a batch's photos in capture order; `withUntimed` false leaves out those without a capture time. */
  async batchPage(batchId: string, withUntimed: boolean, take: number, after?: BatchKey): Promise<Array<ExportRow & BatchKey>> {
    const { rows } = await this.prisma.pool.query<ExportRow & BatchKey>(BATCH_PAGE, [
      batchId,
      withUntimed,
      after?.takenKey ?? null,
      after?.createdKey ?? null,
      after?.id ?? null,
      take,
    ]);
    return rows;
  }

  async deploymentFacts(batchId: string): Promise<DeploymentFacts> {
    const { rows } = await this.prisma.pool.query<DeploymentFacts>(DEPLOYMENT_FACTS, [batchId]);
    return rows[0]!;
  }
}
