import { exactMinimalCell } from './csv-cells';
import type { EventSummary, ObservationType } from './event-summary';
import { observationTypeOf } from './event-summary';
import { type ExportRecord, capturedText, classificationOf } from './export-record';
import { taxonOf } from './taxon';

// Every field of each Camtrap DP 1.0 table, in the order of its Table Schema (a header must list them so).
export const DEPLOYMENT_FIELDS = [
  'deploymentID', 'locationID', 'locationName', 'latitude', 'longitude', 'coordinateUncertainty', 'deploymentStart', 'deploymentEnd',
  'setupBy', 'cameraID', 'cameraModel', 'cameraDelay', 'cameraHeight', 'cameraDepth', 'cameraTilt', 'cameraHeading', 'detectionDistance',
  'timestampIssues', 'baitUse', 'featureType', 'habitat', 'deploymentGroups', 'deploymentTags', 'deploymentComments',
] as const;
export const MEDIA_FIELDS = [
  'mediaID', 'deploymentID', 'captureMethod', 'timestamp', 'filePath', 'filePublic', 'fileName', 'fileMediatype', 'exifData', 'favorite',
  'mediaComments',
] as const;
export const OBSERVATION_FIELDS = [
  'observationID', 'deploymentID', 'mediaID', 'eventID', 'eventStart', 'eventEnd', 'observationLevel', 'observationType', 'cameraSetupType',
  'scientificName', 'count', 'lifeStage', 'sex', 'behavior', 'individualID', 'individualPositionRadius', 'individualPositionAngle',
  'individualSpeed', 'bboxX', 'bboxY', 'bboxWidth', 'bboxHeight', 'classificationMethod', 'classifiedBy', 'classificationTimestamp',
  'classificationProbability', 'observationTags', 'observationComments',
] as const;

type Row<Field extends string> = Partial<Record<Field, string | number | boolean>>;

/** A camera trap's one deployment: the batch, where the camera stood, and the span of its photos' times. */
export interface Deployment {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  uncertaintyMeters: number | null;
  start: string;
  end: string;
  /** Photos left out for having no capture time (Camtrap DP requires one for every media file). */
  untimedPhotos: number;
}

export function tableHeader(fields: readonly string[]): string {
  return fields.join(',');
}

export function tableLine<Field extends string>(fields: readonly Field[], row: Row<Field>): string {
  return fields.map((field) => exactMinimalCell(row[field])).join(',');
}

export function deploymentRow(deployment: Deployment): Row<(typeof DEPLOYMENT_FIELDS)[number]> {
  return {
    deploymentID: deployment.id,
    locationName: deployment.name,
    latitude: deployment.latitude,
    longitude: deployment.longitude,
    ...(deployment.uncertaintyMeters !== null ? { coordinateUncertainty: Math.max(1, Math.ceil(deployment.uncertaintyMeters)) } : {}),
    deploymentStart: deployment.start,
    deploymentEnd: deployment.end,
    ...(deployment.untimedPhotos > 0
      ? { deploymentComments: `${deployment.untimedPhotos} photo(s) without a capture time (no EXIF date) are not included.` }
      : {}),
  };
}

/** The photo's link when the person asked for links, else its file name in the upload (a relative path). */
export type MediaPath = (record: ExportRecord) => { path: string; mediatype: string };

export function mediaRow(record: ExportRecord, deploymentId: string, mediaPath: MediaPath): Row<(typeof MEDIA_FIELDS)[number]> {
  const file = mediaPath(record);
  return {
    mediaID: record.id,
    deploymentID: deploymentId,
    timestamp: capturedText(record),
    filePath: file.path,
    filePublic: false,
    ...(record.fileName ? { fileName: record.fileName } : {}),
    fileMediatype: file.mediatype,
  };
}

/** One photo's observation (media level): what it shows, and who classified it. */
export function mediaObservationRow(record: ExportRecord, deploymentId: string): Row<(typeof OBSERVATION_FIELDS)[number]> {
  const at = capturedText(record);
  return {
    observationID: `${record.id}_media`,
    deploymentID: deploymentId,
    mediaID: record.id,
    eventID: record.eventId ?? record.id,
    eventStart: at,
    eventEnd: at,
    observationLevel: 'media',
    ...classified(record, observationTypeOf(record)),
  };
}

/** One burst's observation (event level): its span, and the animal that stands for it. */
export function eventObservationRow(event: EventSummary, deploymentId: string): Row<(typeof OBSERVATION_FIELDS)[number]> {
  return {
    observationID: `${event.eventId}_event`,
    deploymentID: deploymentId,
    eventID: event.eventId,
    eventStart: capturedText(event.first),
    eventEnd: capturedText(event.last),
    observationLevel: 'event',
    ...classified(event.standing, event.type),
  };
}

function classified(record: ExportRecord, type: ObservationType): Row<(typeof OBSERVATION_FIELDS)[number]> {
  const row: Row<(typeof OBSERVATION_FIELDS)[number]> = { observationType: type };
  if (type === 'unclassified') return row;
  const scientificName = type === 'animal' ? taxonOf(record)?.scientificName : undefined;
  if (scientificName) row.scientificName = scientificName;
  const by = classificationOf(record);
  row.classificationMethod = by.method;
  if (by.by) row.classifiedBy = by.by;
  if (by.at) row.classificationTimestamp = by.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (type === 'animal' && by.method === 'machine' && record.identifiedAs?.probability !== undefined) {
    row.classificationProbability = record.identifiedAs.probability;
  }
  if (record.review?.note) row.observationComments = record.review.note;
  return row;
}
