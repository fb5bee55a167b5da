import type { HistoryItem, HistoryPage } from '@wildid/common/identifications/history-item';
import { ApiError, postJson, requestJson } from './http';
import type { ReviewFilter } from './reviews';

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

/** Sign out on every device: every session of the account, this one included. */
export function signOutEverywhere(): Promise<void> {
  return requestJson<void>('api/auth/logout-everywhere', { method: 'POST' });
}

/** One signed-in browser of the account (`GET /api/me/sessions`). */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

export async function fetchSessions(): Promise<SessionInfo[]> {
  return (await requestJson<{ sessions: SessionInfo[] }>('api/me/sessions', { cache: 'no-store' })).sessions;
}

export function endSession(id: string): Promise<void> {
  return requestJson<void>(`api/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function claimIdentifications(identifications: Array<{ id: string; accessToken: string }>): Promise<{ claimed: number }> {
  return postJson('api/me/identifications/claim', { identifications });
}

export function fetchHistoryPage(cursor: string | null, review?: ReviewFilter, limit = 12): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  if (review) query.set('review', review);
  return requestJson<HistoryPage>(`api/me/identifications?${query}`, { cache: 'no-store' });
}
