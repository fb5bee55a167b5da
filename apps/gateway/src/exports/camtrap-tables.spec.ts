import { describe, expect, it } from 'vitest';
import { makeExportRecord, reviewed } from '../../../../test/support/export-records';
import {
  DEPLOYMENT_FIELDS,
  OBSERVATION_FIELDS,
  deploymentRow,
  eventObservationRow,
  mediaObservationRow,
  mediaRow,
  tableLine,
} from './camtrap-tables';

const DEPLOYMENT = '10000000-0000-4000-8000-000000000001';
const localPath = () => ({ path: 'DCIM/IMG_1.JPG', mediatype: 'image/jpeg' });

describe('deploymentRow', () => {
  it('rounds the uncertainty up to whole metres and says how many photos had no time', () => {
    const row = deploymentRow({
      id: DEPLOYMENT, name: 'North gate', latitude: 52.1, longitude: 4.3, uncertaintyMeters: 0.4,
      start: '2026-07-03T06:10:00+02:00', end: '2026-07-03T07:00:00+02:00', untimedPhotos: 2,
    });

    expect(row).toMatchObject({ coordinateUncertainty: 1, deploymentComments: '2 photo(s) without a capture time (no EXIF date) are not included.' });
    expect(tableLine(DEPLOYMENT_FIELDS, row).split(',')).toHaveLength(DEPLOYMENT_FIELDS.length);
  });
});

describe('mediaRow', () => {
  it('gives the capture time with its offset, the path and a non-public file', () => {
    const record = makeExportRecord();

    expect(mediaRow(record, DEPLOYMENT, localPath)).toEqual({
      mediaID: record.id,
      deploymentID: DEPLOYMENT,
      timestamp: '2026-07-03T06:10:00+02:00',
      filePath: 'DCIM/IMG_1.JPG',
      filePublic: false,
      fileName: record.fileName,
      fileMediatype: 'image/jpeg',
    });
  });
});

describe('mediaObservationRow', () => {
  it("classifies a machine answer with the model's name, probability and time", () => {
    const record = makeExportRecord();

    expect(mediaObservationRow(record, DEPLOYMENT)).toMatchObject({
      observationID: `${record.id}_media`,
      mediaID: record.id,
      eventID: record.id,
      eventStart: '2026-07-03T06:10:00+02:00',
      eventEnd: '2026-07-03T06:10:00+02:00',
      observationLevel: 'media',
      observationType: 'animal',
      scientificName: 'Vulpes vulpes',
      classificationMethod: 'machine',
      classifiedBy: 'Qwen/Qwen3.5-9B',
      classificationTimestamp: '2026-07-04T10:00:05Z',
      classificationProbability: 0.93,
    });
  });

  it('classifies a confirmed blank as a human decision without a name, and a failed photo not at all', () => {
    const blank = mediaObservationRow(makeExportRecord({ result: { isAnimal: false }, ...reviewed('confirmed', '2026-07-05T08:00:00Z', { note: 'Wind' }) }), DEPLOYMENT);
    const failed = mediaObservationRow(makeExportRecord({ status: 'failed', result: null }), DEPLOYMENT);

    expect(blank).toMatchObject({ observationType: 'blank', classificationMethod: 'human', classifiedBy: 'alice@example.org', observationComments: 'Wind' });
    expect(blank.scientificName).toBeUndefined();
    expect(blank.classificationProbability).toBeUndefined();
    expect(failed).toEqual(expect.objectContaining({ observationType: 'unclassified' }));
    expect(failed.classificationMethod).toBeUndefined();
  });
});

describe('eventObservationRow', () => {
  it("spans the burst and takes the standing photo's classification", () => {
    const first = makeExportRecord();
    const last = makeExportRecord({ eventId: first.id, capturedAt: new Date('2026-07-03T04:10:30.000Z'), ...reviewed('corrected', '2026-07-05T08:00:00Z', { scientificName: 'Meles meles' }) });

    const row = eventObservationRow({ eventId: first.id, first, last, type: 'animal', standing: last, animalPhotos: [first, last] }, DEPLOYMENT);

    expect(row).toMatchObject({
      observationID: `${first.id}_event`,
      eventID: first.id,
      eventStart: '2026-07-03T06:10:00+02:00',
      eventEnd: '2026-07-03T06:10:30+02:00',
      observationLevel: 'event',
      observationType: 'animal',
      scientificName: 'Meles meles',
      classificationMethod: 'human',
      classificationTimestamp: '2026-07-05T08:00:00Z',
    });
    expect(row.mediaID).toBeUndefined();
    expect(tableLine(OBSERVATION_FIELDS, row).split(',')).toHaveLength(OBSERVATION_FIELDS.length);
  });
});
