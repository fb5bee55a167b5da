import { validAnimalAnswer } from '@wildid/common/testing';
import { describe, expect, it } from 'vitest';
import { makeExportRecord, reviewed } from '../../../../test/support/export-records';
import { type EventSummary, type RecordOrEvent, observationTypeOf, withEvents } from './event-summary';
import type { ExportRecord } from './export-record';

async function collect(records: ExportRecord[]): Promise<RecordOrEvent[]> {
  const items: RecordOrEvent[] = [];
  async function* source() {
    yield* records;
  }
  for await (const item of withEvents(source())) items.push(item);
  return items;
}

const eventsOf = (items: RecordOrEvent[]): EventSummary[] => items.flatMap((item) => ('event' in item ? [item.event] : []));

describe('observationTypeOf', () => {
  it('tells a named animal, an unnamed one, a blank and a photo without an answer apart', () => {
    expect(observationTypeOf(makeExportRecord())).toBe('animal');
    expect(observationTypeOf(makeExportRecord({ result: { isAnimal: true } }))).toBe('unknown');
    expect(observationTypeOf(makeExportRecord({ result: { isAnimal: false } }))).toBe('blank');
    expect(observationTypeOf(makeExportRecord({ status: 'failed', result: null }))).toBe('unclassified');
    // A person who names an animal on a blank makes it one.
    expect(observationTypeOf(makeExportRecord({ result: { isAnimal: false }, ...reviewed('corrected', '2026-07-05T00:00:00Z', { commonName: 'Badger' }) }))).toBe('animal');
  });
});

describe('withEvents', () => {
  it("yields every record, and each event's summary after its last record", async () => {
    const first = makeExportRecord();
    const second = makeExportRecord({ eventId: first.id, result: { isAnimal: false } });
    const alone = makeExportRecord({ eventId: null, capturedAt: null });

    const items = await collect([first, second, alone]);

    expect(items.map((item) => ('record' in item ? item.record.id : `event ${item.event.eventId}`))).toEqual([
      first.id,
      second.id,
      `event ${first.id}`,
      alone.id,
      `event ${alone.id}`,
    ]);
    expect(eventsOf(items)[0]).toMatchObject({ first, last: second, type: 'animal', standing: first, animalPhotos: [first] });
  });

  it("lets a person's name stand for the event over a more confident model, the latest review winning", async () => {
    const confident = makeExportRecord({ result: validAnimalAnswer({ confidence: 0.99 }) });
    const corrected = makeExportRecord({ eventId: confident.id, ...reviewed('corrected', '2026-07-05T00:00:00Z', { scientificName: 'Vulpes lagopus' }) });
    const confirmedLater = makeExportRecord({ eventId: confident.id, result: validAnimalAnswer({ confidence: 0.2 }), ...reviewed('confirmed', '2026-07-06T00:00:00Z') });

    const [event] = eventsOf(await collect([confident, corrected, confirmedLater]));

    expect(event!.standing.id).toBe(confirmedLater.id);
  });

  it('picks the most confident animal among machine answers', async () => {
    const low = makeExportRecord({ result: validAnimalAnswer({ confidence: 0.4 }) });
    const high = makeExportRecord({ eventId: low.id, result: validAnimalAnswer({ confidence: 0.8, scientificName: 'Meles meles' }) });

    const [event] = eventsOf(await collect([low, high]));

    expect(event!.standing.id).toBe(high.id);
  });

  it('is a blank when every photo is, unclassified when one has no answer, unknown when an animal has no name', async () => {
    const blank = makeExportRecord({ result: { isAnimal: false } });
    const failed = makeExportRecord({ eventId: blank.id, status: 'failed', result: null });
    const lone = makeExportRecord({ result: { isAnimal: false } });
    const unnamed = makeExportRecord({ result: { isAnimal: true } });

    const events = eventsOf(await collect([blank, failed, lone, unnamed]));

    expect(events.map((event) => event.type)).toEqual(['unclassified', 'blank', 'unknown']);
    expect(events[0]!.standing.id).toBe(failed.id);
  });
});
