import type { IdentificationView } from '@wildid/common/identifications/identification-view';
import { apiUrl, postJson, requestJson } from './http';

export interface WrongIdentificationReport {
  reason: string;
  suggestedName?: string;
}

/** Anyone holding the identification reports it: the owner by session cookie, an anonymous uploader by its access token. */
export function reportIdentification(id: string, report: WrongIdentificationReport, accessToken?: string): Promise<{ id: string; createdAt: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) };
  return requestJson(`api/identifications/${encodeURIComponent(id)}/report`, { method: 'POST', headers, body: JSON.stringify(report) });
}

/** One entry of the admins' queue (GET /api/admin/reports). */
export interface AdminReport {
  id: string;
  reason: string;
  suggestedName?: string;
  model?: string;
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  identification: IdentificationView;
  imageUrl?: string;
}

export interface AdminReportPage {
  items: AdminReport[];
  nextCursor: string | null;
}

export function fetchOpenReports(cursor: string | null): Promise<AdminReportPage> {
  const query = new URLSearchParams({ status: 'open', limit: '20', ...(cursor ? { cursor } : {}) });
  return requestJson(`api/admin/reports?${query}`, { cache: 'no-store' });
}

export function resolveReport(id: string): Promise<AdminReport> {
  return postJson(`api/admin/reports/${encodeURIComponent(id)}/resolve`, {});
}

/** The server gives the image path from the site's root; resolved against the page like every API path. */
export function reportImageUrl(report: AdminReport): string | undefined {
  return report.imageUrl ? apiUrl(report.imageUrl.replace(/^\//, '')) : undefined;
}
