import { exactQuotedCell } from './csv-cells';
import type { EventSummary } from './event-summary';
import { type ExportRecord, capturedText, classificationOf } from './export-record';
import { taxonOf } from './taxon';

const DWC = 'http://rs.tdwg.org/dwc/terms/';

/** occurrence.txt's columns in order, each a Darwin Core term (meta.xml maps index i to `DWC + name`). */
export const OCCURRENCE_COLUMNS = [
  'occurrenceID',
  'basisOfRecord',
  'occurrenceStatus',
  'eventID',
  'eventDate',
  'scientificName',
  'vernacularName',
  'taxonRank',
  'kingdom',
  'phylum',
  'class',
  'order',
  'family',
  'genus',
  'decimalLatitude',
  'decimalLongitude',
  'geodeticDatum',
  'coordinateUncertaintyInMeters',
  'countryCode',
  'identifiedBy',
  'dateIdentified',
  'identificationVerificationStatus',
  'identificationRemarks',
  'associatedMedia',
] as const;
export type OccurrenceColumn = (typeof OCCURRENCE_COLUMNS)[number];
export type Occurrence = Partial<Record<OccurrenceColumn, string | number>>;

export const termOf = (column: OccurrenceColumn): string => `${DWC}${column}`;

/** The photo's link, when the person asked for links and the photo is still kept. */
export type ImageLink = (record: ExportRecord) => string | undefined;

/** A photo with a named animal, outside camera traps: a person saw it (HumanObservation), one occurrence per photo. */
export function photoOccurrence(record: ExportRecord, imageLink: ImageLink): Occurrence {
  return {
    occurrenceID: `urn:uuid:${record.id}`,
    basisOfRecord: 'HumanObservation',
    eventDate: capturedText(record),
    ...identification(record),
    associatedMedia: links([record], imageLink),
  };
}

/** A camera-trap event with a named animal (type animal): one occurrence for the burst, named by its standing photo. */
export function eventOccurrence(event: EventSummary, imageLink: ImageLink): Occurrence {
  const start = capturedText(event.first);
  const end = capturedText(event.last);
  return {
    occurrenceID: `urn:uuid:${event.eventId}`,
    basisOfRecord: 'MachineObservation',
    eventID: event.eventId,
    eventDate: start && end && start !== end ? `${start}/${end}` : start,
    ...identification(event.standing),
    associatedMedia: links(event.animalPhotos, imageLink),
  };
}

export function occurrenceHeader(): string {
  return OCCURRENCE_COLUMNS.map(exactQuotedCell).join(',');
}

/** Every field quoted, text kept exactly (meta.xml declares the quote): a name with commas, quotes or newlines survives. */
export function occurrenceLine(occurrence: Occurrence): string {
  return OCCURRENCE_COLUMNS.map((column) => exactQuotedCell(occurrence[column])).join(',');
}

function identification(record: ExportRecord): Occurrence {
  const classified = classificationOf(record);
  const occurrence: Occurrence = { occurrenceStatus: 'present', ...taxonOf(record) };
  if (record.latitude !== null && record.longitude !== null) {
    Object.assign(occurrence, { decimalLatitude: record.latitude, decimalLongitude: record.longitude, geodeticDatum: 'WGS84' });
    if (record.uncertaintyMeters !== null) occurrence.coordinateUncertaintyInMeters = record.uncertaintyMeters;
  }
  if (record.country) occurrence.countryCode = record.country;
  if (classified.by) occurrence.identifiedBy = classified.by;
  if (classified.at) occurrence.dateIdentified = classified.at.toISOString();
  occurrence.identificationVerificationStatus = VERIFICATION[record.review?.verdict ?? 'none'];
  const remarks = [record.review?.note, record.result?.rationale && `Model's rationale: ${record.result.rationale}`].filter(Boolean);
  if (remarks.length > 0) occurrence.identificationRemarks = remarks.join(' | ');
  return occurrence;
}

const VERIFICATION = { confirmed: 'verified', corrected: 'corrected', unsure: 'unsure', none: 'unverified' } as const;

function links(records: ExportRecord[], imageLink: ImageLink): string | undefined {
  const urls = records.map(imageLink).filter((url) => url !== undefined);
  return urls.length > 0 ? urls.join(' | ') : undefined;
}
