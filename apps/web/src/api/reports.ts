import type { AdminReport, AdminReportPage, CreatedReport, ReportRequest } from '@wildid/common/identifications/identification-report';
import { apiUrl, postJson, requestJson } from './http';

export type { AdminReport };

/** Anyone holding the identification reports it: the owner by session cookie, an anonymous uploader by its access token. */
export function reportIdentification(id: string, report: ReportRequest, accessToken?: string): Promise<CreatedReport> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) };
  return requestJson(`api/identifications/${encodeURIComponent(id)}/report`, { method: 'POST', headers, body: JSON.stringify(report) });
}

export function fetchOpenReports(cursor: string | null): Promise<AdminReportPage> {
  const query = new URLSearchParams({ status: 'open', limit: '20', ...(cursor ? { cursor } : {}) });
  return requestJson(`api/admin/reports?${query}`, { cache: 'no-store' });
}

export function resolveReport(id: string): Promise<AdminReport> {
  return postJson(`api/admin/reports/${encodeURIComponent(id)}/resolve`, {});
}

/** The server names the photo by its public URL; resolved against the page all the same, should it give a path. */
export function reportImageUrl(report: AdminReport): string | undefined {
  return report.imageUrl ? apiUrl(report.imageUrl) : undefined;
}
