import type { HistoryItem, HistoryPage } from '@wildid/common/identifications/history-item';
import { ApiError, apiUrl, postJson, requestJson } from './http';

export type { HistoryItem, HistoryPage };

export interface Account {
  id: string;
  email: string;
  isAdmin: boolean;
}

/** The signed-in account, or null when nobody is signed in. */
export async function fetchAccount(): Promise<Account | null> {
  try {
    return await requestJson<Account>('api/me', { cache: 'no-store' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function requestSignInLink(email: string): Promise<unknown> {
  return postJson('api/auth/magic-link', { email });
}

export function signOut(): Promise<void> {
  return requestJson<void>('api/auth/logout', { method: 'POST' });
}

export function claimIdentifications(identifications: Array<{ id: string; accessToken: string }>): Promise<{ claimed: number }> {
  return postJson('api/me/identifications/claim', { identifications });
}

export function fetchHistoryPage(cursor: string | null, limit = 12): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return requestJson<HistoryPage>(`api/me/identifications?${query}`, { cache: 'no-store' });
}

export const HISTORY_CSV_URL = (): string => apiUrl('api/me/identifications/export?format=csv');
