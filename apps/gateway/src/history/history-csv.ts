import type { AnimalResult } from '@wildid/common';

export const HISTORY_CSV_HEADER = [
  'date',
  'status',
  'common_name',
  'scientific_name',
  'confidence',
  'kingdom',
  'phylum',
  'class',
  'order',
  'family',
  'genus',
  'species',
  'conservation_status',
];

export interface HistoryCsvRow {
  createdAt: Date;
  status: string;
  result: AnimalResult | null;
}

export function historyCsvLine(row: HistoryCsvRow): string {
  const result = row.result;
  const taxonomy = result?.taxonomy ?? {};
  return [
    row.createdAt.toISOString(),
    row.status,
    result?.commonName,
    result?.scientificName,
    result?.confidence,
    taxonomy.kingdom,
    taxonomy.phylum,
    taxonomy.class,
    taxonomy.order,
    taxonomy.family,
    taxonomy.genus,
    taxonomy.species,
    result?.conservationStatus,
  ]
    .map(csvCell)
    .join(',');
}

/** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula (model text is untrusted). */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
