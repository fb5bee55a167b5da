import { describe, expect, it } from 'vitest';
import { type AnimalResult, IUCN_CATEGORIES, animalResultJsonSchema, animalResultSchema } from './animal-result.schema';

const RESULT_FIELDS = [
  'isAnimal',
  'commonName',
  'scientificName',
  'confidence',
  'taxonomy',
  'alternatives',
  'description',
  'habitat',
  'diet',
  'conservationStatus',
  'safety',
  'rationale',
] as const;

function makeResult(overrides: Partial<AnimalResult> = {}): AnimalResult {
  return {
    isAnimal: true,
    commonName: 'Red fox',
    scientificName: 'Vulpes vulpes',
    confidence: 0.92,
    taxonomy: {
      kingdom: 'Animalia',
      phylum: 'Chordata',
      class: 'Mammalia',
      order: 'Carnivora',
      family: 'Canidae',
      genus: 'Vulpes',
      species: 'Vulpes vulpes',
    },
    alternatives: [{ commonName: 'Arctic fox', scientificName: 'Vulpes lagopus', confidence: 0.05 }],
    description: 'A small canid with a rusty coat and a white-tipped tail.',
    habitat: 'Woodland, farmland and towns across the northern hemisphere.',
    diet: 'Rodents, birds, insects, fruit and scraps.',
    conservationStatus: 'LC',
    safety: 'Shy; do not feed or handle, it can carry rabies.',
    rationale: 'Orange coat, black legs, pointed ears and a bushy white-tipped tail.',
    ...overrides,
  };
}

describe('animalResultSchema', () => {
  const sut = animalResultSchema;

  describe('safeParse', () => {
    it('accepts a full valid result unchanged', () => {
      const input = makeResult();

      const parsed = sut.safeParse(input);

      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual(input);
    });

    it('accepts a minimal result that is not an animal', () => {
      const parsed = sut.safeParse({ isAnimal: false });

      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual({ isAnimal: false });
    });

    it('leaves absent fields absent instead of inventing keys', () => {
      const parsed = sut.safeParse({ isAnimal: true, commonName: 'Red fox', taxonomy: { genus: 'Vulpes' } });

      expect(parsed.success).toBe(true);
      expect(Object.keys(parsed.data ?? {}).sort()).toEqual(['commonName', 'isAnimal', 'taxonomy']);
      expect(Object.keys(parsed.data?.taxonomy ?? {})).toEqual(['genus']);
    });

    it('strips unknown keys at every level', () => {
      const parsed = sut.safeParse({
        isAnimal: true,
        extra: 'nope',
        taxonomy: { genus: 'Vulpes', subspecies: 'nope' },
        alternatives: [{ commonName: 'Arctic fox', note: 'nope' }],
      });

      expect(parsed.success).toBe(true);
      expect(parsed.data).toStrictEqual({
        isAnimal: true,
        taxonomy: { genus: 'Vulpes' },
        alternatives: [{ commonName: 'Arctic fox' }],
      });
    });

    it('accepts confidence at both bounds', () => {
      expect(sut.safeParse(makeResult({ confidence: 0 })).success).toBe(true);
      expect(sut.safeParse(makeResult({ confidence: 1 })).success).toBe(true);
    });

    it.each([-0.01, 1.01, 92])('rejects confidence %s outside 0..1', (confidence) => {
      const parsed = sut.safeParse(makeResult({ confidence }));

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['confidence']);
    });

    it('rejects an alternative whose confidence is outside 0..1', () => {
      const parsed = sut.safeParse(makeResult({ alternatives: [{ commonName: 'Arctic fox', confidence: 2 }] }));

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['alternatives', 0, 'confidence']);
    });

    it.each(IUCN_CATEGORIES)('accepts the IUCN category %s', (conservationStatus) => {
      expect(sut.safeParse(makeResult({ conservationStatus })).success).toBe(true);
    });

    it.each(['Least Concern', 'lc', 'XX', ''])('rejects the non-IUCN conservationStatus %j', (conservationStatus) => {
      const parsed = sut.safeParse({ ...makeResult(), conservationStatus });

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['conservationStatus']);
    });

    it('rejects a result without isAnimal', () => {
      const { isAnimal: _omitted, ...withoutIsAnimal } = makeResult();

      const parsed = sut.safeParse(withoutIsAnimal);

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['isAnimal']);
    });

    it('rejects isAnimal given as a string', () => {
      expect(sut.safeParse({ isAnimal: 'true' }).success).toBe(false);
    });

    it.each(['', '   '])('rejects the empty commonName %j', (commonName) => {
      const parsed = sut.safeParse(makeResult({ commonName }));

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['commonName']);
    });

    it('trims surrounding whitespace from text fields', () => {
      const parsed = sut.safeParse({ isAnimal: true, commonName: '  Red fox \n' });

      expect(parsed.data?.commonName).toBe('Red fox');
    });

    it('rejects more than 10 alternatives', () => {
      const alternatives = Array.from({ length: 11 }, (_, i) => ({ commonName: `Fox ${i}` }));

      expect(sut.safeParse(makeResult({ alternatives })).success).toBe(false);
    });
  });
});

describe('animalResultJsonSchema', () => {
  const sut = animalResultJsonSchema as { type?: unknown; properties?: Record<string, unknown>; required?: unknown };

  it('is an object schema', () => {
    expect(sut.type).toBe('object');
  });

  it('has a property for every result field', () => {
    expect(Object.keys(sut.properties ?? {}).sort()).toEqual([...RESULT_FIELDS].sort());
  });

  it('requires only isAnimal', () => {
    expect(sut.required).toEqual(['isAnimal']);
  });
});
