import { describe, expect, it } from 'vitest';
import { validAnimalAnswer } from '@wildid/common/testing';
import { makeExportRecord, reviewed } from '../../../../test/support/export-records';
import { identificationsCsvHeader, identificationsCsvLine } from './identifications-csv';

describe('identificationsCsvLine', () => {
  it("keeps the history's first thirteen columns, then when, where, batch, event, review and method", () => {
    const record = makeExportRecord(reviewed('corrected', '2026-07-05T08:00:00Z', { scientificName: 'Meles meles', commonName: 'Badger', note: 'Stripes' }));

    const line = identificationsCsvLine(record);

    expect(identificationsCsvHeader()).toMatch(/^"date","status","common_name","scientific_name","confidence",.*"conservation_status","captured_at",/);
    expect(line).toBe(
      [
        '2026-07-04T10:00:00.000Z', 'completed', 'Red fox', 'Vulpes vulpes', '0.93', 'Animalia', 'Chordata', 'Mammalia', 'Carnivora', 'Canidae',
        'Vulpes', 'Vulpes vulpes', 'LC', '2026-07-03T06:10:00+02:00', '52.1', '4.3', '50', 'NL', 'North gate', record.fileName, record.id,
        'corrected', 'Stripes', 'alice@example.org', '2026-07-05T08:00:00.000Z', 'Badger', 'Meles meles', 'human', record.id,
      ].map((cell) => `"${cell}"`).join(','),
    );
  });

  it('quotes every field and neutralises a formula hidden after a separator', () => {
    const record = makeExportRecord({ result: validAnimalAnswer({ commonName: 'x;=HYPERLINK("http://evil.example","click")', scientificName: '@SUM(A1)' }) });

    expect(identificationsCsvLine(record)).toContain(`,"x;'=HYPERLINK(""http://evil.example"",""click"")","'@SUM(A1)","0.93",`);
  });

  it('writes empty quoted fields for what a failed single upload lacks', () => {
    const record = makeExportRecord({
      status: 'failed', result: null, batchId: null, batchName: null, batchKind: null, fileName: null, eventId: null,
      capturedAt: null, capturedUtcOffsetMinutes: null, latitude: null, longitude: null, uncertaintyMeters: null, country: null,
    });

    expect(identificationsCsvLine(record)).toBe(`"2026-07-04T10:00:00.000Z","failed"${',""'.repeat(26)},"${record.id}"`);
  });
});
