import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type AdminReport, type AdminReportPage, type ReportStatus, toIdentificationView } from '@wildid/common';
import { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { type ReportCursor, encodeCursor } from './report-cursor';
import { type ReportRow, ReportStore } from './report.store';
import { publicLink } from '../http/public-link';

export const REPORT_UNKNOWN = 'No report with this id.';
export const REPORT_IMAGE_GONE = 'No report with this id, or its photo is no longer kept.';

const uuid = z.uuid();

/** The admins' review queue: each report with the photo, the answer and the report, and its resolution. */
@Injectable()
export class ReportQueueService {
  private readonly publicUrl: string;

  constructor(
    private readonly store: ReportStore,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.publicUrl = config.PUBLIC_URL;
  }

  async list(status: ReportStatus, limit: number, cursor?: ReportCursor): Promise<AdminReportPage> {
    // One row more than asked tells whether there is a next page.
    const rows = await this.store.page(status, limit + 1, cursor);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.reportCreatedAt, id: last.reportId }) : null;
    return { items: page.map((row) => this.toReport(row)), nextCursor };
  }

  async resolve(id: string, adminEmail: string): Promise<AdminReport> {
    if (!uuid.safeParse(id).success) throw new NotFoundException(REPORT_UNKNOWN);
    await this.store.resolve(id, adminEmail, new Date());
    const row = await this.store.find(id);
    if (!row) throw new NotFoundException(REPORT_UNKNOWN);
    return this.toReport(row);
  }

  async image(id: string): Promise<{ bytes: Buffer; mimeType: string }> {
    const image = uuid.safeParse(id).success ? await this.store.image(id) : null;
    if (!image) throw new NotFoundException(REPORT_IMAGE_GONE);
    return image;
  }

  private toReport(row: ReportRow): AdminReport {
    const report: AdminReport = { id: row.reportId, reason: row.reason, createdAt: row.reportCreatedAt.toISOString(), identification: toIdentificationView(row) };
    if (row.suggestedName) report.suggestedName = row.suggestedName;
    if (row.reportModel) report.model = row.reportModel;
    if (row.resolvedAt) report.resolvedAt = row.resolvedAt.toISOString();
    if (row.resolvedBy) report.resolvedBy = row.resolvedBy;
    if (row.hasImage) report.imageUrl = publicLink(this.publicUrl, `api/admin/reports/${row.reportId}/image`);
    return report;
  }
}
