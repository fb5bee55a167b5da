import type { ExportRecord } from './export-record';

/** Camtrap DP's observation types that WildID can tell apart (it never sees humans or vehicles as such). */
export type ObservationType = 'animal' | 'blank' | 'unknown' | 'unclassified';

/** What one photo shows: a named animal, an animal nobody named, nothing, or no answer (failed or not finished). */
export function observationTypeOf(record: ExportRecord): ObservationType {
  if (record.identifiedAs) return 'animal';
  if (record.status !== 'completed' || !record.result) return 'unclassified';
  return record.result.isAnimal ? 'unknown' : 'blank';
}

/** A camera-trap event (a burst), summed up from its photos in the order they were taken. */
export interface EventSummary {
  eventId: string;
  first: ExportRecord;
  last: ExportRecord;
  type: ObservationType;
  /**
   * The photo that stands for the event, one of its type: for an animal, a person's name first (the latest
   * review), else the most confident; otherwise the first such photo.
   */
  standing: ExportRecord;
  /** The photos with an animal, in order. */
  animalPhotos: ExportRecord[];
}

/** Photos without an event (no capture time) are an event of their own. */
export function eventKeyOf(record: ExportRecord): string {
  return record.eventId ?? record.id;
}

/** Each record as it comes, and after the last record of each event, that event's summary. */
export type RecordOrEvent = { record: ExportRecord } | { event: EventSummary };

/**
 * Groups records into events as they stream by: the store returns a camera-trap batch's photos in capture order,
 * where each event's photos are consecutive (an event is a run of photos close in time). Only one event is held.
 */
export async function* withEvents(records: AsyncIterable<ExportRecord>): AsyncGenerator<RecordOrEvent> {
  let current: EventSummary | undefined;
  for await (const record of records) {
    if (current && current.eventId !== eventKeyOf(record)) {
      yield { event: current };
      current = undefined;
    }
    current = current ? added(current, record) : started(record);
    yield { record };
  }
  if (current) yield { event: current };
}

function started(record: ExportRecord): EventSummary {
  const type = observationTypeOf(record);
  return {
    eventId: eventKeyOf(record),
    first: record,
    last: record,
    type,
    standing: record,
    animalPhotos: type === 'animal' ? [record] : [],
  };
}

function added(event: EventSummary, record: ExportRecord): EventSummary {
  const type = observationTypeOf(record);
  const isAnimal = type === 'animal';
  const outranks = TYPE_RANK[type] > TYPE_RANK[event.type] || (isAnimal && event.type === 'animal' && standsBetter(record, event.standing));
  return {
    ...event,
    last: record,
    ...(outranks ? { type, standing: record } : {}),
    animalPhotos: isAnimal ? [...event.animalPhotos, record] : event.animalPhotos,
  };
}

/** An event is of the most telling type among its photos: an animal, else an unnamed animal, else no answer, else blank. */
const TYPE_RANK: Record<ObservationType, number> = { blank: 0, unclassified: 1, unknown: 2, animal: 3 };

/** A person's name beats the model's (the latest review wins); between the model's, the more confident one. */
function standsBetter(candidate: ExportRecord, current: ExportRecord): boolean {
  const candidateHuman = candidate.identifiedAs?.method === 'human';
  const currentHuman = current.identifiedAs?.method === 'human';
  if (candidateHuman !== currentHuman) return candidateHuman;
  if (candidateHuman) return (candidate.reviewedAt?.getTime() ?? 0) > (current.reviewedAt?.getTime() ?? 0);
  return (candidate.identifiedAs?.probability ?? -1) > (current.identifiedAs?.probability ?? -1);
}
