import { requestJson } from './http';

/** One species of GET /api/me/species. */
export interface LifeListSpecies {
  scientificName?: string;
  commonName?: string;
  reviewed: 'corrected' | 'confirmed' | 'unreviewed';
  photos: number;
  firstSeen: string;
  lastSeen: string;
  latestId: string;
}

export async function fetchLifeList(): Promise<LifeListSpecies[]> {
  return (await requestJson<{ items: LifeListSpecies[] }>('api/me/species', { cache: 'no-store' })).items;
}
