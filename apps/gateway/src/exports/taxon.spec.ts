import { describe, expect, it } from 'vitest';
import { makeExportRecord, reviewed } from '../../../../test/support/export-records';
import { taxonOf } from './taxon';

const FOX_TAXONOMY = { kingdom: 'Animalia', phylum: 'Chordata', class: 'Mammalia', order: 'Carnivora', family: 'Canidae', genus: 'Vulpes' };

describe('taxonOf', () => {
  it("gives the model's name, higher taxa and rank", () => {
    expect(taxonOf(makeExportRecord())).toEqual({ scientificName: 'Vulpes vulpes', vernacularName: 'Red fox', taxonRank: 'species', ...FOX_TAXONOMY });
  });

  it("keeps the model's higher taxa for a correction within its genus, and none for one outside it", () => {
    const within = makeExportRecord(reviewed('corrected', '2026-07-05T00:00:00Z', { scientificName: 'Vulpes lagopus', commonName: 'Arctic fox' }));
    const outside = makeExportRecord(reviewed('corrected', '2026-07-05T00:00:00Z', { scientificName: 'Meles meles' }));

    expect(taxonOf(within)).toEqual({ scientificName: 'Vulpes lagopus', vernacularName: 'Arctic fox', taxonRank: 'species', ...FOX_TAXONOMY });
    expect(taxonOf(outside)).toEqual({ scientificName: 'Meles meles', taxonRank: 'species' });
  });

  it('ranks a name that equals a level of the taxonomy at that level, and is absent for a blank', () => {
    const genusOnly = makeExportRecord({ result: { isAnimal: true, scientificName: 'Vulpes', commonName: 'A fox', taxonomy: FOX_TAXONOMY } });

    expect(taxonOf(genusOnly)?.taxonRank).toBe('genus');
    expect(taxonOf(makeExportRecord({ result: { isAnimal: false } }))).toBeUndefined();
  });
});
