import { apiUrl } from './http';

export type ExportFormat = 'csv' | 'dwca' | 'camtrap-dp';

function exportUrl(path: string, format: ExportFormat, includeImageLinks: boolean): string {
  const query = new URLSearchParams({ format, ...(includeImageLinks ? { includeImageLinks: 'true' } : {}) });
  return apiUrl(`${path}?${query}`);
}

export function historyExportUrl(format: ExportFormat, includeImageLinks: boolean): string {
  return exportUrl('api/me/identifications/export', format, includeImageLinks);
}

export function batchExportUrl(batchId: string, format: ExportFormat, includeImageLinks: boolean): string {
  return exportUrl(`api/batches/${encodeURIComponent(batchId)}/export`, format, includeImageLinks);
}
