import type { ExportRecord } from './export-record';

export const HIGHER_RANKS = ['kingdom', 'phylum', 'class', 'order', 'family', 'genus'] as const;
type HigherRank = (typeof HIGHER_RANKS)[number];

const RANKS_LOW_TO_HIGH = ['species', 'genus', 'family', 'order', 'class', 'phylum', 'kingdom'] as const;

/** The taxon an identification stands for, in Darwin Core's words. */
export type Taxon = Partial<Record<HigherRank, string>> & {
  scientificName?: string;
  vernacularName?: string;
  taxonRank?: string;
};

/**
 * The name it stands for, with the model's higher taxonomy when that taxonomy is about the same animal: the
 * model's own answer (kept or confirmed), or a correction within the model's genus. A correction to another
 * genus has no higher taxa: the model's would be wrong and nobody gave others.
 */
export function taxonOf(record: ExportRecord): Taxon | undefined {
  const named = record.identifiedAs;
  if (!named) return undefined;
  const taxon: Taxon = {};
  if (named.scientificName) taxon.scientificName = named.scientificName;
  if (named.commonName) taxon.vernacularName = named.commonName;
  const taxonomy = record.result?.taxonomy;
  const applies = taxonomy && (record.review?.verdict !== 'corrected' || sameWord(firstWord(named.scientificName), taxonomy.genus));
  if (applies) for (const rank of HIGHER_RANKS) if (taxonomy[rank]) taxon[rank] = taxonomy[rank];
  const rank = rankOf(named.scientificName, applies ? taxonomy : undefined);
  if (rank) taxon.taxonRank = rank;
  return taxon;
}

/** The rank of a scientific name: the level of the taxonomy it equals, else a binomial or trinomial by its words. */
function rankOf(name: string | undefined, taxonomy: Partial<Record<HigherRank | 'species', string>> | undefined): string | undefined {
  if (!name) return undefined;
  const rank = RANKS_LOW_TO_HIGH.find((level) => sameWord(name, taxonomy?.[level]));
  if (rank) return rank;
  const words = name.trim().split(/\s+/).length;
  return words === 2 ? 'species' : words === 3 ? 'subspecies' : undefined;
}

function firstWord(name: string | undefined): string | undefined {
  return name?.trim().split(/\s+/)[0];
}

function sameWord(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}
