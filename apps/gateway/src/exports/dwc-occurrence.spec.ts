import { describe, expect, it } from 'vitest';
import { makeExportRecord, reviewed } from '../../../../test/support/export-records';
import { metaXml } from './dwc-archive-metadata';
import { OCCURRENCE_COLUMNS, eventOccurrence, occurrenceHeader, occurrenceLine, photoOccurrence, termOf } from './dwc-occurrence';
import type { ExportRecord } from './export-record';

const noLinks = () => undefined;
const links = (record: ExportRecord) => `https://wildid.example/api/identifications/${record.id}/image`;

describe('photoOccurrence', () => {
  it("is a HumanObservation named by the model, with the model as identifier and when and where the photo was taken", () => {
    const record = makeExportRecord({ batchKind: 'trip' });

    expect(photoOccurrence(record, noLinks)).toEqual({
      occurrenceID: `urn:uuid:${record.id}`,
      basisOfRecord: 'HumanObservation',
      occurrenceStatus: 'present',
      eventDate: '2026-07-03T06:10:00+02:00',
      scientificName: 'Vulpes vulpes',
      vernacularName: 'Red fox',
      taxonRank: 'species',
      kingdom: 'Animalia',
      phylum: 'Chordata',
      class: 'Mammalia',
      order: 'Carnivora',
      family: 'Canidae',
      genus: 'Vulpes',
      decimalLatitude: 52.1,
      decimalLongitude: 4.3,
      geodeticDatum: 'WGS84',
      coordinateUncertaintyInMeters: 50,
      countryCode: 'NL',
      identifiedBy: 'Qwen/Qwen3.5-9B',
      dateIdentified: '2026-07-04T10:00:05.000Z',
      identificationVerificationStatus: 'unverified',
      identificationRemarks: "Model's rationale: Orange coat, pointed ears with black backs and a white tail tip match the red fox.",
      associatedMedia: undefined,
    });
  });

  it('names the reviewer of a correction, with the note, and links the photo only when asked and kept', () => {
    const record = makeExportRecord(reviewed('corrected', '2026-07-05T08:00:00Z', { scientificName: 'Meles meles', note: 'Stripes, "clearly"' }));

    const occurrence = photoOccurrence(record, links);

    expect(occurrence).toMatchObject({
      scientificName: 'Meles meles',
      identifiedBy: 'alice@example.org',
      dateIdentified: '2026-07-05T08:00:00.000Z',
      identificationVerificationStatus: 'corrected',
      associatedMedia: links(record),
    });
    expect(occurrence.identificationRemarks).toMatch(/^Stripes, "clearly" \| Model's rationale: /);
    expect(photoOccurrence(makeExportRecord({ hasImage: false }), (r) => (r.hasImage ? links(r) : undefined)).associatedMedia).toBeUndefined();
  });
});

describe('eventOccurrence', () => {
  it('is a MachineObservation per burst, its date the span of the burst, its media every photo with an animal', () => {
    const first = makeExportRecord();
    const last = makeExportRecord({ eventId: first.id, capturedAt: new Date('2026-07-03T04:10:30.000Z') });

    const occurrence = eventOccurrence({ eventId: first.id, first, last, type: 'animal', standing: last, animalPhotos: [first, last] }, links);

    expect(occurrence).toMatchObject({
      occurrenceID: `urn:uuid:${first.id}`,
      basisOfRecord: 'MachineObservation',
      eventID: first.id,
      eventDate: '2026-07-03T06:10:00+02:00/2026-07-03T06:10:30+02:00',
      associatedMedia: `${links(first)} | ${links(last)}`,
    });
  });
});

describe('occurrenceLine', () => {
  it('quotes every field and keeps separators, quotes, newlines and formula starts exactly', () => {
    const hostile = '=HYPERLINK("http://evil.example"),\t;x\nsecond line';
    const record = makeExportRecord(reviewed('corrected', '2026-07-05T08:00:00Z', { commonName: hostile }));

    const line = occurrenceLine(photoOccurrence(record, noLinks));

    expect(line).toContain(`"=HYPERLINK(""http://evil.example""),\t;x\nsecond line"`);
    expect(occurrenceHeader().split(',')).toHaveLength(OCCURRENCE_COLUMNS.length);
  });
});

describe('metaXml', () => {
  it("maps each column index to its Darwin Core term, the first being the core's id", () => {
    const xml = metaXml();

    expect(xml).toContain('<id index="0"/>');
    expect(xml).toContain('fieldsEnclosedBy="&quot;"');
    OCCURRENCE_COLUMNS.forEach((column, index) => expect(xml).toContain(`<field index="${index}" term="${termOf(column)}"/>`));
  });
});
