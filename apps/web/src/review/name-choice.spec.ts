import { describe, expect, it } from 'vitest';
import { distinctNames, nameLabel } from './name-choice';

describe('name choices', () => {
  describe(distinctNames.name, () => {
    const sut = distinctNames;

    it('keeps the first of each species: scientific names compared case-insensitively, else the common name', () => {
      const choices = sut(
        [{ commonName: 'Arctic fox', scientificName: 'Vulpes lagopus' }, { commonName: 'Badger' }],
        [{ commonName: 'Polar fox', scientificName: 'vulpes LAGOPUS' }, { commonName: 'badger' }, { commonName: 'Pine marten', scientificName: 'Martes martes' }, {}],
      );

      expect(choices.map(nameLabel)).toEqual(['Arctic fox', 'Badger', 'Pine marten']);
    });
  });
});
