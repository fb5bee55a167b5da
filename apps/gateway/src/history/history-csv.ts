import type { AnimalResult } from '@wildid/common';

const HISTORY_CSV_HEADER = [
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

export function historyCsvHeader(): string {
  return HISTORY_CSV_HEADER.map(csvCell).join(',');
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

/**
 * Every field quoted (RFC 4180), and formula injection neutralised: model text
 * is untrusted, and a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`,
 * tab or CR as a formula. Some spreadsheets (and people re-importing with
 * another separator) also split a field at `,` or `;`, so the same characters
 * right after one of those (spaces allowed between) are neutralised too. The
 * neutraliser is a `'` put before the character, as OWASP recommends: the text
 * stays readable and no spreadsheet evaluates it.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '""';
  const text = typeof value === 'string' ? neutraliseFormulas(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

const FORMULA_START = /(^|[,;])( *)([=+\-@\t\r])/g;

export function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_START, "$1$2'$3");
}
