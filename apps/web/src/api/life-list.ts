import type { LifeList, LifeListEntry } from '@wildid/common/identifications/life-list';
import { requestJson } from './http';

export type { LifeListEntry };

export async function fetchLifeList(): Promise<LifeListEntry[]> {
  return (await requestJson<LifeList>('api/me/species', { cache: 'no-store' })).items;
}
