import { describe, expect, it } from 'vitest';
import { noAnimalAnswer, validAnimalAnswer } from '../testing/fake-answers';
import { type IdentificationReview, identifiedAsOf, reviewOf, reviewRequestSchema } from './identification-review';

const AT = new Date('2026-12-06T08:00:00.000Z');

function makeReview(overrides: Partial<IdentificationReview> = {}): IdentificationReview {
  return { verdict: 'confirmed', by: 'owner@example.org', at: AT.toISOString(), ...overrides };
}

describe('identification review', () => {
  describe('reviewRequestSchema', () => {
    const sut = reviewRequestSchema;

    it.each([
      [{ verdict: 'confirmed' }],
      [{ verdict: 'unsure', note: 'too dark to tell' }],
      [{ verdict: 'corrected', scientificName: 'Vulpes lagopus' }],
      [{ verdict: 'corrected', commonName: 'Arctic fox', scientificName: 'Vulpes lagopus', note: 'white winter coat' }],
    ])('accepts %j', (body) => {
      expect(sut.safeParse(body).success).toBe(true);
    });

    it('trims names and notes', () => {
      expect(sut.parse({ verdict: 'corrected', commonName: '  Badger ', note: ' seen twice ' })).toEqual({ verdict: 'corrected', commonName: 'Badger', note: 'seen twice' });
    });

    it.each([
      ['no verdict', {}],
      ['an unknown verdict', { verdict: 'maybe' }],
      ['a correction without a name', { verdict: 'corrected' }],
      ['a correction whose name is blank', { verdict: 'corrected', commonName: '   ' }],
      ['a confirmation carrying a name', { verdict: 'confirmed', commonName: 'Red fox' }],
      ['an unsure verdict carrying a name', { verdict: 'unsure', scientificName: 'Vulpes vulpes' }],
      ['a name over 200 characters', { verdict: 'corrected', commonName: 'x'.repeat(201) }],
      ['a note over 2000 characters', { verdict: 'confirmed', note: 'x'.repeat(2001) }],
      ['an unknown field', { verdict: 'confirmed', by: 'someone@example.org' }],
    ])('refuses %s', (_, body) => {
      expect(sut.safeParse(body).success).toBe(false);
    });
  });

  describe(reviewOf.name, () => {
    const sut = reviewOf;

    it('is absent without a verdict or a time', () => {
      expect(sut({})).toBeUndefined();
      expect(sut({ reviewVerdict: null, reviewedAt: AT })).toBeUndefined();
      expect(sut({ reviewVerdict: 'confirmed', reviewedAt: null })).toBeUndefined();
    });

    it('keeps only the columns that are set', () => {
      expect(sut({ reviewVerdict: 'confirmed', reviewedBy: 'owner@example.org', reviewedAt: AT, reviewScientificName: null, reviewNote: null })).toStrictEqual(makeReview());
    });

    it('carries the names and the note of a correction', () => {
      const row = { reviewVerdict: 'corrected', reviewScientificName: 'Meles meles', reviewCommonName: 'Badger', reviewNote: 'stripes', reviewedBy: 'owner@example.org', reviewedAt: AT };
      expect(sut(row)).toStrictEqual(makeReview({ verdict: 'corrected', scientificName: 'Meles meles', commonName: 'Badger', note: 'stripes' }));
    });
  });

  describe(identifiedAsOf.name, () => {
    const sut = identifiedAsOf;
    const fox = validAnimalAnswer();

    it("is the model's animal and confidence when nobody reviewed it, or the person was unsure", () => {
      const machine = { method: 'machine', scientificName: 'Vulpes vulpes', commonName: 'Red fox', probability: 0.93 };
      expect(sut(fox, undefined)).toStrictEqual(machine);
      expect(sut(fox, makeReview({ verdict: 'unsure' }))).toStrictEqual(machine);
    });

    it("is the model's animal by a person once confirmed, without the model's probability", () => {
      expect(sut(fox, makeReview())).toStrictEqual({ method: 'human', scientificName: 'Vulpes vulpes', commonName: 'Red fox' });
    });

    it("is the correction's names only, whatever the model said (or failed to say)", () => {
      const correction = makeReview({ verdict: 'corrected', commonName: 'Badger' });
      expect(sut(fox, correction)).toStrictEqual({ method: 'human', commonName: 'Badger' });
      expect(sut(noAnimalAnswer(), correction)).toStrictEqual({ method: 'human', commonName: 'Badger' });
      expect(sut(null, correction)).toStrictEqual({ method: 'human', commonName: 'Badger' });
    });

    it('is absent when no animal was named: a blank (confirmed or not), a failure, an animal without names', () => {
      expect(sut(noAnimalAnswer(), undefined)).toBeUndefined();
      expect(sut(noAnimalAnswer(), makeReview())).toBeUndefined();
      expect(sut(undefined, undefined)).toBeUndefined();
      expect(sut(validAnimalAnswer({ commonName: undefined, scientificName: undefined }), undefined)).toBeUndefined();
    });

    it('leaves the probability out when the model gave no confidence', () => {
      expect(sut(validAnimalAnswer({ confidence: undefined }), undefined)).toStrictEqual({ method: 'machine', scientificName: 'Vulpes vulpes', commonName: 'Red fox' });
    });
  });
});
