import { validAnimalAnswer } from '@wildid/common/testing';
import { type ExportRecord, type ExportRow, recordOf } from '../../apps/gateway/src/exports/export-record';

let next = 0;

/** A finished camera-trap photo with the model's red fox, as the export store reads it; overrides as given. */
export function makeExportRecord(overrides: Partial<ExportRow> = {}): ExportRecord {
  next++;
  const id = `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`;
  return recordOf({
    id,
    status: 'completed',
    model: 'Qwen/Qwen3.5-9B',
    result: validAnimalAnswer(),
    createdAt: new Date('2026-07-04T10:00:00.000Z'),
    completedAt: new Date('2026-07-04T10:00:05.000Z'),
    batchId: '10000000-0000-4000-8000-000000000001',
    batchName: 'North gate',
    batchKind: 'camera-trap',
    fileName: `IMG_${next}.JPG`,
    eventId: id,
    capturedAt: new Date('2026-07-03T04:10:00.000Z'),
    capturedUtcOffsetMinutes: 120,
    latitude: 52.1,
    longitude: 4.3,
    uncertaintyMeters: 50,
    country: 'NL',
    hasImage: true,
    ...overrides,
  });
}

/** The review columns of a person's verdict at `at`. */
export function reviewed(verdict: 'confirmed' | 'corrected' | 'unsure', at: string, names: { scientificName?: string; commonName?: string; note?: string } = {}): Partial<ExportRow> {
  return {
    reviewVerdict: verdict,
    reviewScientificName: names.scientificName ?? null,
    reviewCommonName: names.commonName ?? null,
    reviewNote: names.note ?? null,
    reviewedBy: 'alice@example.org',
    reviewedAt: new Date(at),
  };
}
