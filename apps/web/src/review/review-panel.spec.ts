import { describe, expect, it } from 'vitest';
import { identifiedByText } from './review-panel';

const at = '2026-12-06T03:00:00.000Z';

describe('review panel', () => {
  describe(identifiedByText.name, () => {
    const sut = identifiedByText;

    it("names the model's answer with its confidence, and says when the owner was unsure", () => {
      const identifiedAs = { method: 'machine' as const, commonName: 'Red fox', scientificName: 'Vulpes vulpes', probability: 0.93 };
      expect(sut({ identifiedAs })).toBe('Identified by the model: Red fox (Vulpes vulpes), 93%.');
      expect(sut({ identifiedAs, review: { verdict: 'unsure', by: 'a@example.org', at } }, 'the owner')).toBe('Identified by the model: Red fox (Vulpes vulpes), 93%. Marked unsure by the owner.');
    });

    it("credits the person with a confirmation or a correction, scientific name alone when that is all there is", () => {
      expect(sut({ identifiedAs: { method: 'human', commonName: 'Red fox', scientificName: 'Vulpes vulpes' }, review: { verdict: 'confirmed', by: 'a@example.org', at } })).toBe(
        'Identified by you: Red fox (Vulpes vulpes), confirmed.',
      );
      expect(sut({ identifiedAs: { method: 'human', scientificName: 'Martes martes' }, review: { verdict: 'corrected', scientificName: 'Martes martes', by: 'a@example.org', at } })).toBe(
        'Identified by you: Martes martes, a correction.',
      );
    });

    it('says when no animal was named, by the model or confirmed by the person', () => {
      expect(sut({})).toBe('The model found no animal in this photo.');
      expect(sut({ review: { verdict: 'confirmed', by: 'a@example.org', at } })).toBe('Identified by you: no animal in this photo.');
    });
  });
});
