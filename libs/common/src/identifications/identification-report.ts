import { z } from 'zod';
import type { IdentificationView } from './identification-view';

/** POST /api/identifications/:id/report: why the answer is wrong, and what the animal is, if the reporter knows. */
export const reportRequestSchema = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    suggestedName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ReportRequest = z.output<typeof reportRequestSchema>;
export const REPORT_INVALID = 'Send { reason, suggestedName? }: a reason of 1 to 1000 characters, and a suggested name of 1 to 200 characters if you know it.';

export interface CreatedReport {
  id: string;
  createdAt: string;
}

export const REPORT_STATUSES = ['open', 'resolved', 'all'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** One report in the admins' review queue (GET /api/admin/reports), with what was reported. */
export interface AdminReport {
  id: string;
  reason: string;
  suggestedName?: string;
  /** The model that had answered when the report was made. */
  model?: string;
  createdAt: string;
  resolvedAt?: string;
  /** The resolving admin's email. */
  resolvedBy?: string;
  identification: IdentificationView;
  /** The photo, while it is kept. */
  imageUrl?: string;
}

export interface AdminReportPage {
  items: AdminReport[];
  nextCursor: string | null;
}
