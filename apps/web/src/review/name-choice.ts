import type { AnimalResult } from '@wildid/common/identifications/animal-result.schema';

/** A name a person can pick when correcting: common, scientific, or both. */
export interface NameChoice {
  commonName?: string;
  scientificName?: string;
}

export function nameLabel(choice: NameChoice): string {
  return choice.commonName ?? choice.scientificName ?? '';
}

/** The same animal under one key: scientific names case-insensitively, else the common name. */
export function nameKey(choice: NameChoice): string {
  return (choice.scientificName ?? choice.commonName ?? '').trim().toLowerCase();
}

/** Distinct named choices, first occurrence kept (the earlier lists win). */
export function distinctNames(...lists: NameChoice[][]): NameChoice[] {
  const seen = new Map<string, NameChoice>();
  for (const choice of lists.flat()) {
    const key = nameKey(choice);
    if (key && !seen.has(key)) seen.set(key, choice);
  }
  return [...seen.values()];
}

/** The model's other possibilities for a photo (not its best match: confirming covers that). */
export function alternativesOf(result: AnimalResult | undefined): NameChoice[] {
  return (result?.alternatives ?? []).map(({ commonName, scientificName }) => ({ commonName, scientificName }));
}
