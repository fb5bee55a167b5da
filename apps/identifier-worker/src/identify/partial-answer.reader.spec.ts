import { validAnimalAnswer } from '@wildid/common/testing';
import { describe, expect, it } from 'vitest';
import { PartialAnswerReader, scanTopLevel } from './partial-answer.reader';

/** Feeds the text in pieces of `size`; returns every partial given and the piece index it came at. */
function feed(text: string, size: number) {
  const sut = new PartialAnswerReader();
  const given: Array<{ at: number; partial: unknown }> = [];
  for (let at = 0; at * size < text.length; at++) {
    const partial = sut.push(text.slice(at * size, (at + 1) * size));
    if (partial) given.push({ at: at * size, partial });
  }
  return given;
}

describe(PartialAnswerReader.name, () => {
  describe('push', () => {
    it('gives the names once all three are complete, long before the answer ends', () => {
      const text = JSON.stringify(validAnimalAnswer());
      const given = feed(text, 7);

      expect(given).toHaveLength(1);
      expect(given[0].partial).toEqual({ commonName: 'Red fox', scientificName: 'Vulpes vulpes', confidence: 0.93 });
      expect(given[0].at).toBeLessThan(text.indexOf('"taxonomy"'));
    });

    it('does not give a name that is still arriving', () => {
      const sut = new PartialAnswerReader();

      expect(sut.push('{"isAnimal": true, "commonName": "Red f')).toBeUndefined();
      expect(sut.push('ox", "scientificName": "Vulpes vul')).toBeUndefined();
      expect(sut.push('pes", "confidence": 0.9')).toBeUndefined();
      expect(sut.push('3, "taxonomy": {')).toEqual({ commonName: 'Red fox', scientificName: 'Vulpes vulpes', confidence: 0.93 });
    });

    it('gives the common name alone once the model moves on without the others', () => {
      expect(feed('{"isAnimal":true,"commonName":"Badger","description":"A stocky mammal"}', 5)[0].partial).toEqual({ commonName: 'Badger' });
    });

    it('gives nothing when there is no animal', () => {
      expect(feed(JSON.stringify({ isAnimal: false, rationale: 'A bicycle.' }), 3)).toEqual([]);
    });

    it('ignores the names of alternatives nested deeper', () => {
      const text = JSON.stringify({ isAnimal: true, alternatives: [{ commonName: 'Arctic fox' }], commonName: 'Red fox' });

      expect(feed(text, 4).map((given) => given.partial)).toEqual([{ commonName: 'Red fox' }]);
    });

    it('reads escaped quotes and a markdown fence around the JSON', () => {
      const text = '```json\n{"isAnimal": true, "commonName": "\\"Spotted\\" hyena", "confidence": 0.8, "scientificName": "Crocuta crocuta"}\n```';

      expect(feed(text, 6)[0].partial).toEqual({ commonName: '"Spotted" hyena', scientificName: 'Crocuta crocuta', confidence: 0.8 });
    });

    it('leaves out a confidence outside 0..1', () => {
      expect(feed('{"isAnimal":true,"commonName":"Otter","scientificName":"Lutra lutra","confidence":7}', 50)[0].partial).toEqual({
        commonName: 'Otter',
        scientificName: 'Lutra lutra',
      });
    });
  });

  describe(scanTopLevel.name, () => {
    it('returns null before the object starts', () => {
      expect(scanTopLevel('  ')).toBeNull();
    });

    it('names the member whose value is still arriving', () => {
      expect(scanTopLevel('{"a": 1, "b": [1, {"c": "]')).toEqual({ members: new Map([['a', 1]]), pendingKey: 'b', closed: false });
    });

    it('does not take a number as complete until something follows it', () => {
      expect(scanTopLevel('{"confidence": 0.9')?.members.has('confidence')).toBe(false);
    });
  });
});
