import { fileLines, mapped } from './async-lines';
import { OCCURRENCE_FILE, metaXml } from './dwc-archive-metadata';
import { type ImageLink, type Occurrence, eventOccurrence, occurrenceHeader, occurrenceLine, photoOccurrence } from './dwc-occurrence';
import { withEvents } from './event-summary';
import type { ExportRecord } from './export-record';
import type { ZipSource } from './zip-writer';

/** The files of a Darwin Core Archive: meta.xml, eml.xml and occurrence.txt as the occurrences stream. */
export async function* dwcaEntries(eml: string, occurrences: AsyncIterable<Occurrence>): AsyncGenerator<ZipSource> {
  yield { name: 'meta.xml', content: metaXml() };
  yield { name: 'eml.xml', content: eml };
  yield { name: OCCURRENCE_FILE, content: fileLines(occurrenceHeader(), mapped(occurrences, occurrenceLine), '\n') };
}

/** Photos outside camera traps: one occurrence per photo with a named animal (blanks are never occurrences). */
export async function* photoOccurrences(records: AsyncIterable<ExportRecord>, imageLink: ImageLink): AsyncGenerator<Occurrence> {
  for await (const record of records) if (record.identifiedAs) yield photoOccurrence(record, imageLink);
}

/** A camera trap's photos in capture order: one occurrence per event with a named animal. */
export async function* eventOccurrences(records: AsyncIterable<ExportRecord>, imageLink: ImageLink): AsyncGenerator<Occurrence> {
  for await (const item of withEvents(records)) if ('event' in item && item.event.type === 'animal') yield eventOccurrence(item.event, imageLink);
}
