import { Injectable } from '@nestjs/common';
import {
  IDENTIFICATION_VIEW_SQL,
  type IdentificationView,
  type IdentificationViewRow,
  PrismaService,
  UNFINISHED_STATUSES,
  toIdentificationView,
  utcParam,
} from '@wildid/common';
import type { ExifFacts } from '../batches/photo-exif';
import type { Placement } from '../batches/photo-placement';
import type { IdentificationOwner } from './identification-access';

// Uploads and status reads run for every photo, so they are single hand-written
// statements on Prisma's own pool (see PrismaService.pool): one round trip each,
// the image read as one Buffer. The rest goes through Prisma. A file already in its batch
// (same batch, same sha256) inserts nothing: the unique index decides, so concurrent uploads agree.
const INSERT_WITH_IMAGE = `
  WITH created AS (
    INSERT INTO identifications (id, user_id, access_token_hash, status, image_sha256, created_at, expires_at, received_at, parsed_at, normalized_at,
      batch_id, file_name, file_sha256, exif_local_time, exif_utc_offset_minutes, exif_latitude, exif_longitude,
      captured_at, captured_utc_offset_minutes, latitude, longitude, location_uncertainty_meters, country, prompt_context)
    VALUES ($1, $2, $3, 'queued', $4, ${utcParam(5)}, ${utcParam(6)}, ${utcParam(7)}, ${utcParam(8)}, ${utcParam(9)}, $14, $15, $16,
      $17, $18, $19, $20, ${utcParam(21)}, $22, $23, $24, $25, $26, $27)
    ON CONFLICT (batch_id, file_sha256) DO NOTHING
    RETURNING id
  )
  INSERT INTO identification_images (identification_id, bytes, mime_type, width, height)
  SELECT id, $10, $11, $12, $13 FROM created`;
const SELECT_VIEW = `SELECT ${IDENTIFICATION_VIEW_SQL}, access_token_hash AS "accessTokenHash", user_id AS "userId" FROM identifications WHERE id = $1`;
const SELECT_IMAGE = `
  SELECT i.access_token_hash AS "accessTokenHash", i.user_id AS "userId", image.bytes, image.mime_type AS "mimeType"
  FROM identifications i JOIN identification_images image ON image.identification_id = i.id WHERE i.id = $1`;

/** A new identification, queued, with its normalized photo and the gateway's stage times. */
export interface NewIdentification {
  id: string;
  userId: string | null;
  accessTokenHash: string;
  createdAt: Date;
  /** Null: kept until its owner deletes it. */
  expiresAt: Date | null;
  receivedAt: Date;
  parsedAt: Date;
  normalizedAt: Date;
  image: { bytes: Uint8Array; sha256: string; mimeType: string; width: number; height: number };
  /** A photo of a batch: which batch, and the uploaded file's name and sha256 (of its bytes as sent). */
  batchFile?: BatchFile;
  /** What its EXIF said and the time and place derived from it (only when asked for). */
  capture?: CaptureRecord;
}

export interface CaptureRecord {
  exif: ExifFacts;
  placement: Placement;
}

export interface BatchFile {
  batchId: string;
  fileName: string;
  fileSha256: string;
}

/** What is stored, with who may read it. */
export interface Owned<T> {
  owner: IdentificationOwner;
  value: T;
}

export interface StoredImage {
  bytes: Uint8Array;
  mimeType: string;
}

type OwnerRow = { accessTokenHash: string; userId: string | null };

/** The gateway's reads and writes of identifications. Ids must be UUIDs (the service checks). */
@Injectable()
export class IdentificationStore {
  constructor(private readonly prisma: PrismaService) {}

  /** The row and its photo, in one statement. False when the batch holds this file already (nothing was written). */
  async insert(created: NewIdentification): Promise<boolean> {
    const { image, batchFile } = created;
    const { rowCount } = await this.prisma.pool.query(INSERT_WITH_IMAGE, [
      created.id,
      created.userId,
      created.accessTokenHash,
      image.sha256,
      created.createdAt.toISOString(),
      created.expiresAt?.toISOString() ?? null,
      created.receivedAt.toISOString(),
      created.parsedAt.toISOString(),
      created.normalizedAt.toISOString(),
      image.bytes,
      image.mimeType,
      image.width,
      image.height,
      batchFile?.batchId ?? null,
      batchFile?.fileName ?? null,
      batchFile?.fileSha256 ?? null,
      ...captureParams(created.capture),
    ]);
    return rowCount === 1;
  }

  async findView(id: string): Promise<Owned<IdentificationView> | null> {
    const { rows } = await this.prisma.pool.query<IdentificationViewRow & OwnerRow>(SELECT_VIEW, [id]);
    const row = rows[0];
    return row ? { owner: ownerOf(row), value: toIdentificationView(row) } : null;
  }

  /** Null once the photo is no longer kept. */
  async findImage(id: string): Promise<Owned<StoredImage> | null> {
    const { rows } = await this.prisma.pool.query<OwnerRow & { bytes: Buffer; mimeType: string }>(SELECT_IMAGE, [id]);
    const row = rows[0];
    return row ? { owner: ownerOf(row), value: { bytes: row.bytes, mimeType: row.mimeType } } : null;
  }

  /** Which of these are still queued or processing (unknown ids are not). */
  async unfinishedAmong(ids: string[]): Promise<string[]> {
    const rows = await this.prisma.identification.findMany({
      where: { id: { in: ids }, status: { in: [...UNFINISHED_STATUSES] } },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Deletes it (and its photo, by cascade) if this user owns it; false when nothing of theirs was there. */
  async deleteOwned(id: string, userId: string): Promise<boolean> {
    const { count } = await this.prisma.identification.deleteMany({ where: { id, userId } });
    return count === 1;
  }

  /** Undoes an upload whose job could not be enqueued. */
  async delete(id: string): Promise<void> {
    await this.prisma.identification.deleteMany({ where: { id } });
  }
}

/** Parameters $17 to $27 of INSERT_WITH_IMAGE. */
function captureParams(capture: CaptureRecord | undefined): unknown[] {
  const exif = capture?.exif;
  const place = capture?.placement;
  return [
    exif?.localTime ?? null,
    exif?.utcOffsetMinutes ?? null,
    exif?.latitude ?? null,
    exif?.longitude ?? null,
    place?.capturedAt?.toISOString() ?? null,
    place?.capturedUtcOffsetMinutes ?? null,
    place?.latitude ?? null,
    place?.longitude ?? null,
    place?.uncertaintyMeters ?? null,
    place?.country ?? null,
    place?.promptContext ?? null,
  ];
}

function ownerOf(row: OwnerRow): IdentificationOwner {
  return { accessTokenHash: row.accessTokenHash, userId: row.userId };
}
