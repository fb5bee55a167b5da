import { csvCell } from './csv-cells';
import { type ExportRecord, capturedText, methodOf } from './export-record';

// The first thirteen columns are the history export's since its start: spreadsheets built on it keep working.
const COLUMNS = [
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
  'captured_at',
  'latitude',
  'longitude',
  'coordinate_uncertainty_m',
  'country',
  'batch',
  'file_name',
  'event_id',
  'review',
  'review_note',
  'reviewed_by',
  'reviewed_at',
  'identified_as_common_name',
  'identified_as_scientific_name',
  'method',
  'id',
];

export function identificationsCsvHeader(): string {
  return COLUMNS.map(csvCell).join(',');
}

/** One identification: the model's answer, then when and where, the batch, the review and what it stands for now. */
export function identificationsCsvLine(record: ExportRecord): string {
  const result = record.result;
  const taxonomy = result?.taxonomy ?? {};
  const named = record.identifiedAs;
  return [
    record.createdAt.toISOString(),
    record.status,
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
    capturedText(record),
    record.latitude ?? undefined,
    record.longitude ?? undefined,
    record.uncertaintyMeters ?? undefined,
    record.country ?? undefined,
    record.batchName ?? undefined,
    record.fileName ?? undefined,
    record.eventId ?? undefined,
    record.review?.verdict,
    record.review?.note,
    record.review?.by,
    record.review?.at,
    named?.commonName,
    named?.scientificName,
    record.status === 'completed' ? methodOf(record) : undefined,
    record.id,
  ]
    .map(csvCell)
    .join(',');
}
