import { Injectable } from '@nestjs/common';
import { IDENTIFICATION_VIEW_SQL, type IdentificationViewRow, PrismaService, type ReportStatus, utcColumn, utcParam } from '@wildid/common';
import type { IdentificationOwner } from '../identifications/identification-access';
import type { ReportCursor } from './report-cursor';

// The review queue shows each report with its identification's view: one statement per page, the view's
// columns read in a lateral subquery (where its bare column names mean the identification's) and the
// photo's presence checked without loading its bytes. Oldest first, keyset-paged by (created_at, id).
const REPORT_COLUMNS = `
  r.id AS "reportId", r.reason, r.suggested_name AS "suggestedName", r.model AS "reportModel",
  ${utcColumn('r.created_at', 'reportCreatedAt')}, ${utcColumn('r.resolved_at', 'resolvedAt')}, r.resolved_by AS "resolvedBy",
  v.*,
  EXISTS (SELECT 1 FROM identification_images image WHERE image.identification_id = r.identification_id) AS "hasImage"
  FROM identification_reports r
  CROSS JOIN LATERAL (SELECT ${IDENTIFICATION_VIEW_SQL} FROM identifications WHERE id = r.identification_id) v`;
const STATUS_FILTER: Record<ReportStatus, string> = {
  open: 'r.resolved_at IS NULL',
  resolved: 'r.resolved_at IS NOT NULL',
  all: 'TRUE',
};
const AFTER_CURSOR = `(r.created_at, r.id) > (${utcParam(2)}, $3::uuid)`;
const pageOf = (status: ReportStatus, after: boolean) =>
  `SELECT ${REPORT_COLUMNS} WHERE ${STATUS_FILTER[status]}${after ? ` AND ${AFTER_CURSOR}` : ''} ORDER BY r.created_at, r.id LIMIT $1`;
const SELECT_ONE = `SELECT ${REPORT_COLUMNS} WHERE r.id = $1`;
const RESOLVE = `UPDATE identification_reports SET resolved_at = ${utcParam(2)}, resolved_by = $3 WHERE id = $1 AND resolved_at IS NULL`;
const SELECT_IMAGE = `
  SELECT image.bytes, image.mime_type AS "mimeType"
  FROM identification_reports r JOIN identification_images image ON image.identification_id = r.identification_id WHERE r.id = $1`;

/** A report as stored, with the identification's view columns. */
export interface ReportRow extends IdentificationViewRow {
  reportId: string;
  reason: string;
  suggestedName: string | null;
  reportModel: string | null;
  reportCreatedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  hasImage: boolean;
}

/** What a report is checked against: who may report the identification, whether it is finished, which model answered. */
export interface ReportTarget {
  owner: IdentificationOwner;
  status: string;
  model: string | null;
}

export interface NewReport {
  identificationId: string;
  reason: string;
  suggestedName?: string;
  model: string | null;
  reporterUserId?: string;
}

/** Reports of wrong identifications: written by whoever holds one, read and resolved by admins. Ids must be UUIDs. */
@Injectable()
export class ReportStore {
  constructor(private readonly prisma: PrismaService) {}

  async target(identificationId: string): Promise<ReportTarget | null> {
    const row = await this.prisma.identification.findUnique({
      where: { id: identificationId },
      select: { userId: true, accessTokenHash: true, status: true, model: true },
    });
    return row && { owner: { userId: row.userId, accessTokenHash: row.accessTokenHash }, status: row.status, model: row.model };
  }

  async insert(report: NewReport): Promise<{ id: string; createdAt: Date }> {
    return this.prisma.identificationReport.create({
      data: {
        identificationId: report.identificationId,
        reason: report.reason,
        suggestedName: report.suggestedName ?? null,
        model: report.model,
        reporterUserId: report.reporterUserId ?? null,
      },
      select: { id: true, createdAt: true },
    });
  }

  async page(status: ReportStatus, take: number, after?: ReportCursor): Promise<ReportRow[]> {
    const params = after ? [take, after.createdAt.toISOString(), after.id] : [take];
    const { rows } = await this.prisma.pool.query<ReportRow>(pageOf(status, after !== undefined), params);
    return rows;
  }

  async find(id: string): Promise<ReportRow | null> {
    const { rows } = await this.prisma.pool.query<ReportRow>(SELECT_ONE, [id]);
    return rows[0] ?? null;
  }

  /** Marks it resolved by this admin, unless it already was (the first resolution stands). */
  async resolve(id: string, by: string, at: Date): Promise<void> {
    await this.prisma.pool.query(RESOLVE, [id, at.toISOString(), by]);
  }

  /** Null without such a report, or once the photo is no longer kept. */
  async image(id: string): Promise<{ bytes: Buffer; mimeType: string } | null> {
    const { rows } = await this.prisma.pool.query<{ bytes: Buffer; mimeType: string }>(SELECT_IMAGE, [id]);
    return rows[0] ?? null;
  }
}
